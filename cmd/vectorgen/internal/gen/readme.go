package gen

import (
	"fmt"
	"strings"

	"github.com/pqhs/pqhs/vectors"
)

// readme writes vectors/README.md from the files, so that its counts and
// flags can never drift from them.
func readme(files []*vectors.File) []byte {
	var b strings.Builder
	total := map[vectors.Result]int{}
	for _, f := range files {
		for r, n := range Counts(f) {
			total[r] += n
		}
	}
	fmt.Fprintf(&b, `# pqhs test vectors

<!-- Written by cmd/vectorgen; edit cmd/vectorgen/internal/gen/readme.go instead. -->

Test vectors for two post-quantum hybrid handshakes: the Ixian S2 contact handshake v2 (Spixi) and the Verbeth
hybrid handshake. %d files, %d tests: %d valid, %d invalid, %d acceptable.

## How to use them, in any language

1. Pick the profile your implementation follows: **strict** (the protocol's own description) or **deployed**
   (what Ixian-Core or @verbeth/sdk 0.2.1 accept). See `+"`spec/vectors.md`"+`.
2. For each file, for each test: merge the group's `+"`inputs`"+` with the test's, run the step the file's
   `+"`family`"+` names, and compare:
   - `+"`valid`"+`: succeed, with outputs equal to `+"`outputs`"+` (hex compared as bytes);
   - `+"`invalid`"+`: fail, with the error category `+"`error`"+`;
   - `+"`acceptable`"+`: strict implementations fail with `+"`error`"+`; deployed-compatible ones succeed with
     `+"`outputs`"+`.
3. Or let the runner do it: implement the line protocol of `+"`spec/adapter.md`"+` and run
   `+"`go run ./cmd/conformance -adapter 'your-adapter'`"+`.

Every file validates against its schema in `+"`spec/schema/`"+`. Random inputs are derived from the labels in
each test's `+"`drawn`"+` object (`+"`SHAKE-256(\"pqhs detrand v1\" || 0x00 || label)`"+`), so nothing here is
unexplained randomness.

## Families

| file | tests | valid | invalid | acceptable | what it tests |
|---|---:|---:|---:|---:|---|
`, len(files), total[vectors.Valid]+total[vectors.Invalid]+total[vectors.Acceptable],
		total[vectors.Valid], total[vectors.Invalid], total[vectors.Acceptable])
	for _, f := range files {
		c := Counts(f)
		fam := vectors.FamilyOf(f)
		fmt.Fprintf(&b, "| [%s](%s) | %d | %d | %d | %d | %s |\n", fam.FileName(), fam.FileName(),
			f.NumberOfTests, c[vectors.Valid], c[vectors.Invalid], c[vectors.Acceptable], mdEscape(f.Algorithm))
	}
	familyFields(&b, files)
	ruleMatrix(&b, files)
	b.WriteString("\n## Flags\n\nEach flag names the bug its tests catch.\n")
	for _, f := range files {
		if len(f.Notes) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n### %s\n\n| flag | bug type | description |\n|---|---|---|\n", f.Family)
		for _, name := range SortedFlags(f) {
			n := f.Notes[name]
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", name, n.BugType, mdEscape(n.Description))
		}
	}
	return []byte(b.String())
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

// familyFields writes each family's inputs and outputs: name, JSON type,
// optionality and meaning, as the catalogue declares them.
func familyFields(b *strings.Builder, files []*vectors.File) {
	b.WriteString(`
## Inputs and outputs

What each family's operation takes and returns, as the catalogue declares it (the same text is in each file's
header and its schema). An optional input may be absent from a test; an optional output is compared only when an
implementation returns it. Types: hex bytes (lowercase hex string, "" for empty), integer (a JSON number within
±2^53), decimal string (an integer as a decimal string, for 64-bit values), string, boolean, array of hex bytes,
JSON value (its shape is in the meaning).
`)
	for _, f := range files {
		fam := vectors.FamilyOf(f)
		fmt.Fprintf(b, "\n### %s\n\n%s\n\n| | field | type | | meaning |\n|---|---|---|---|---|\n", fam.Name, mdEscape(f.Algorithm))
		for _, kind := range []struct {
			name   string
			fields []vectors.Field
		}{{"in", fam.Inputs}, {"out", fam.Outputs}} {
			for _, fd := range kind.fields {
				opt := "required"
				if fd.Optional {
					opt = "optional"
				}
				fmt.Fprintf(b, "| %s | `%s` | %s | %s | %s |\n", kind.name, fd.Name, typeText(fd.Type), opt, mdEscape(fd.Doc))
			}
		}
	}
}
