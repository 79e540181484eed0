package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/pqhs/pqhs/conformance"
)

// The JUnit XML schema as CI systems (Jenkins, GitLab, GitHub actions that
// publish test results) read it.

// JUnitSuites is the <testsuites> document.
type JUnitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []JUnitSuite `xml:"testsuite"`
}

// JUnitSuite is one family.
type JUnitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []JUnitProperty `xml:"properties>property,omitempty"`
	Cases      []JUnitCase     `xml:"testcase"`
}

// JUnitProperty is a name and a value.
type JUnitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// JUnitCase is one test.
type JUnitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *JUnitProblem `xml:"failure,omitempty"`
	Error     *JUnitProblem `xml:"error,omitempty"`
	Skipped   *JUnitProblem `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

// JUnitProblem is a failure, error or skip.
type JUnitProblem struct {
	Message string `xml:"message,attr,omitempty"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

func seconds(s float64) string { return fmt.Sprintf("%.6f", s) }

// JUnit writes JUnit XML: one <testsuite> per family, one <testcase> per
// test. Unexpected failures and unexpected passes are <failure>s, errors
// <error>s; skips and expected failures are <skipped>, so that a port's CI
// stays green on what its expected-failures file excuses.
func JUnit(w io.Writer, rep *conformance.Report) error {
	doc := JUnitSuites{Name: "pqhs conformance", Time: seconds(rep.Duration.Seconds())}
	props := []JUnitProperty{
		{"adapter", clean(rep.Adapter.Name + " " + rep.Adapter.Version)},
		{"protocol", clean(rep.Adapter.Protocol)},
		{"profile", string(rep.Profile)},
		{"looseErrors", fmt.Sprint(rep.LooseErrors)},
	}
	idx := map[string]int{}
	var times []float64
	for r := range rep.All() {
		c := r.Case
		j, ok := idx[c.Family.Name]
		if !ok {
			j = len(doc.Suites)
			idx[c.Family.Name] = j
			doc.Suites = append(doc.Suites, JUnitSuite{
				Name: clean(c.Family.Name), Timestamp: rep.Started.UTC().Format("2006-01-02T15:04:05"),
				Properties: props,
			})
			times = append(times, 0)
		}
		times[j] += r.Duration.Seconds()
		s := &doc.Suites[j]
		name := fmt.Sprintf("%d", c.TcID)
		if c.Comment != "" {
			name += " " + c.Comment
		}
		tc := JUnitCase{
			Name:      clean(name),
			Classname: clean(strings.ReplaceAll(c.Family.Name, "/", ".")),
			Time:      seconds(r.Duration.Seconds()),
		}
		var details string
		if detailed(r) {
			details = strings.Join(describe(rep, r, true), "\n")
		}
		msg := clean(oneLine(r))
		switch {
		case r.Verdict == conformance.Error:
			kind := "error"
			if r.Fault != nil {
				kind = string(r.Fault.Kind)
			}
			tc.Error = &JUnitProblem{Message: msg, Type: kind, Text: details}
			s.Errors++
		case r.Unexpected: // an unexpected failure or an unexpected pass
			tc.Failure = &JUnitProblem{Message: msg, Type: string(r.Verdict), Text: details}
			s.Failures++
		case r.Verdict == conformance.Fail: // expected
			tc.Skipped = &JUnitProblem{Message: clean("expected failure: " + r.ExpectReason + ": " + msg)}
			tc.SystemOut = details
			s.Skipped++
		case r.Verdict == conformance.Skip:
			tc.Skipped = &JUnitProblem{Message: msg}
			s.Skipped++
		case r.Warning != "":
			tc.SystemOut = details
		}
		s.Tests++
		s.Cases = append(s.Cases, tc)
	}
	for i := range doc.Suites {
		s := &doc.Suites[i]
		s.Time = seconds(times[i])
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
