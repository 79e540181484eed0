package gen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pqhs/pqhs/vectors"
)

// Options say where the files live and whether to write or only check.
type Options struct {
	VectorsDir string // e.g. "vectors"
	SchemaDir  string // e.g. "spec/schema"
	Check      bool   // compare only; report every file that differs
	Only       string // if set, only the family with this name
	FoundDir   string // the found cases (found.go), e.g. "cmd/vectorgen/found"; "" for none
}

// Output is one file vectorgen produces.
type Output struct {
	Path string
	Data []byte
	File *vectors.File // nil for schemas
}

// Produce builds every file: vector files and their schemas.
func Produce(opt Options) ([]Output, error) {
	var out []Output
	fc, err := loadFound(opt.FoundDir)
	if err != nil {
		return nil, err
	}
	found = fc
	for _, g := range Generators() {
		if opt.Only != "" && g.Family.Name != opt.Only {
			continue
		}
		fam := g.Family
		path := filepath.Join(opt.VectorsDir, fam.FileName())
		prev, err := readPrevious(path)
		if err != nil {
			return nil, err
		}
		f, err := Build(g, prev)
		if err != nil {
			return nil, err
		}
		data, err := vectors.Marshal(f)
		if err != nil {
			return nil, err
		}
		out = append(out, Output{Path: path, Data: data, File: f})

		schema, err := json.MarshalIndent(Schema(fam), "", "  ")
		if err != nil {
			return nil, err
		}
		out = append(out, Output{Path: filepath.Join(opt.SchemaDir, fam.SchemaName()), Data: append(schema, '\n')})
	}
	if opt.Only == "" {
		var files []*vectors.File
		for _, o := range out {
			if o.File != nil {
				files = append(files, o.File)
			}
		}
		out = append(out, Output{Path: filepath.Join(opt.VectorsDir, "README.md"), Data: readme(files)})
		out = append(out, Output{Path: filepath.Join(filepath.Dir(opt.SchemaDir), "rules.md"), Data: rulesDoc()})
	}
	return out, nil
}

func readPrevious(path string) (*vectors.File, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	f, err := vectors.Parse(data)
	if err != nil {
		// A broken file keeps no tcIds; -check will report it as different.
		return nil, nil
	}
	return f, nil
}

// Run writes (or checks) every file and prints a summary to w. In check mode
// it returns an error naming every file that differs, is missing, or is stale
// (a .json file in the directories that vectorgen would not write).
func Run(opt Options, w io.Writer) error {
	start := time.Now()
	outs, err := Produce(opt)
	if err != nil {
		return err
	}
	var problems []string
	want := map[string]bool{}
	for _, o := range outs {
		want[filepath.Clean(o.Path)] = true
		have, err := os.ReadFile(o.Path)
		same := err == nil && bytes.Equal(have, o.Data)
		switch {
		case opt.Check && errors.Is(err, fs.ErrNotExist):
			problems = append(problems, o.Path+": missing")
		case opt.Check && !same:
			problems = append(problems, o.Path+": differs from what vectorgen writes")
		case !opt.Check && !same:
			if err := os.MkdirAll(filepath.Dir(o.Path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(o.Path, o.Data, 0o644); err != nil {
				return err
			}
		}
	}
	if opt.Only == "" {
		for _, dir := range []string{opt.VectorsDir, opt.SchemaDir} {
			matches, _ := filepath.Glob(filepath.Join(dir, "*.json"))
			for _, m := range matches {
				if !want[filepath.Clean(m)] {
					problems = append(problems, m+": stale (no generator writes it); delete it")
				}
			}
		}
	}
	summarize(w, outs, opt.Check, time.Since(start))
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("%d problem(s):\n  %s", len(problems), strings.Join(problems, "\n  "))
	}
	return nil
}

func summarize(w io.Writer, outs []Output, check bool, took time.Duration) {
	verb := "wrote"
	if check {
		verb = "checked"
	}
	total := map[vectors.Result]int{}
	files := 0
	schemas := 0
	for _, o := range outs {
		if o.File == nil {
			if strings.HasSuffix(o.Path, ".json") {
				schemas++
			}
			continue
		}
		files++
		c := Counts(o.File)
		fmt.Fprintf(w, "  %-48s %5d tests  (%d valid, %d invalid, %d acceptable)\n",
			filepath.Base(o.Path), o.File.NumberOfTests, c[vectors.Valid], c[vectors.Invalid], c[vectors.Acceptable])
		for r, n := range c {
			total[r] += n
		}
	}
	fmt.Fprintf(w, "%s %d vector files and %d schemas: %d tests (%d valid, %d invalid, %d acceptable) in %v\n",
		verb, files, schemas, total[vectors.Valid]+total[vectors.Invalid]+total[vectors.Acceptable],
		total[vectors.Valid], total[vectors.Invalid], total[vectors.Acceptable], took.Round(time.Millisecond))
}
