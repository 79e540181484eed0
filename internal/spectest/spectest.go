// Package spectest checks that a package's citations of its spec ("§7.4")
// name sections the spec has, so that a renumbered spec fails a test rather
// than misleads a reader.
package spectest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	specHeading  = regexp.MustCompile(`(?m)^#{2,3} ([0-9]+(?:\.[0-9]+)?)[. ]`)
	specCitation = regexp.MustCompile(`§([0-9]+(?:\.[0-9]+)?)`)
)

// CheckCitations checks the citations in the non-test Go files of the
// current directory against the headings of spec. A citation on a line that
// names other (another spec document, an RFC, FIPS) is not the spec's.
func CheckCitations(t *testing.T, spec string, other ...string) {
	t.Helper()
	doc, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]bool{}
	for _, m := range specHeading.FindAllStringSubmatch(string(doc), -1) {
		sections[m[1]] = true
	}
	if len(sections) < 10 {
		t.Fatalf("%s: found only %d section headings", spec, len(sections))
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	cited := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
	lines:
		for i, line := range strings.Split(string(src), "\n") {
			for _, o := range append([]string{"RFC", "FIPS"}, other...) {
				if strings.Contains(line, o) && !strings.Contains(line, filepath.Base(spec)) {
					continue lines
				}
			}
			for _, m := range specCitation.FindAllStringSubmatch(line, -1) {
				cited++
				if !sections[m[1]] {
					t.Errorf("%s:%d cites §%s, which %s does not have", f, i+1, m[1], spec)
				}
			}
		}
	}
	if cited < 50 {
		t.Errorf("only %d citations of %s: the package cites its spec at each step", cited, spec)
	}
}
