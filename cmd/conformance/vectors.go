package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/spec"
	"github.com/pqhs/pqhs/vectors"
)

// loadVectors reads every vector file of dir (see loadSelected).
func loadVectors(dir string) ([]*vectors.File, string, error) { return loadSelected(dir, nil) }

// loadSelected reads the vector files of dir (-vectors), or, when dir is
// empty, the set built into the binary (vectors.FS), so that the binary
// replays its own vectors from any directory. It reads only the files of
// the families want accepts (nil: all), so that a run of one family, or
// -list of one, parses one file. where says which set, for messages.
//
// The files of a -vectors directory are checked as untrusted input: each
// is read up to vectors.MaxFileSize, must be valid JSON, must be of a
// catalogued family, must match that family's schema (spec/schema), and
// must pass vectors.Parse (test count, unique tcIds). Any failure is a
// configuration error that names the file and, for a schema violation,
// the JSON path in it. The embedded set was checked when it was built
// (cmd/vectorgen -check and the tests of package vectors).
func loadSelected(dir string, want func(*vectors.Family) bool) (files []*vectors.File, where string, err error) {
	where, err = eachSelected(dir, want, nil, func(f *vectors.File) bool {
		files = append(files, f)
		return true
	})
	if err != nil {
		return nil, where, err
	}
	return files, where, nil
}

// eachSelected is loadSelected calling each with every file as it is read,
// in name order, until each returns false. It calls count first with the
// number of files it may read.
func eachSelected(dir string, want func(*vectors.Family) bool, count func(int), each func(*vectors.File) bool) (where string, err error) {
	fsys, where, names, err := vectorFiles(dir)
	if err != nil {
		return where, err
	}
	slices.Sort(names)
	var todo []string
	for _, name := range names {
		if fam, ok := vectors.FamilyOfFile(name); ok && want != nil && !want(fam) {
			continue
		}
		todo = append(todo, name)
	}
	if count != nil {
		count(len(todo))
	}
	v := validator{}
	hook := loadHook
	for _, name := range todo {
		if hook != nil {
			hook(name)
		}
		var f *vectors.File
		if dir == "" {
			f, err = vectors.LoadFile(vectors.FS, name) // checked when it was built
		} else {
			f, err = v.load(fsys, name)
		}
		if err != nil {
			if dir == "" {
				return where, fmt.Errorf("loading the embedded vectors: %w", err)
			}
			return where, fmt.Errorf("-vectors %s: %w", dir, err)
		}
		if want == nil || want(vectors.FamilyOf(f)) {
			if !each(f) {
				return where, nil
			}
		}
	}
	return where, nil
}

// vectorFiles opens the vector files of dir (-vectors), or, when dir is
// empty, the set built into the binary, and names the *.json files at its
// top; where says which set, for messages. A dir that is not a directory,
// or holds no vector file, is an error.
func vectorFiles(dir string) (fsys fs.FS, where string, names []string, err error) {
	fsys, where = fs.FS(vectors.FS), "the embedded vectors"
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, dir, nil, fmt.Errorf("-vectors %s: not a directory", dir)
		}
		fsys, where = os.DirFS(dir), dir
	}
	names, err = fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, where, nil, fmt.Errorf("-vectors %s: %w", dir, err)
	}
	if len(names) == 0 {
		return nil, where, nil, fmt.Errorf("-vectors %s: no vector files (*.json) in it", dir)
	}
	return fsys, where, names, nil
}

// loadInterruptible is loadSelected, given up on when ctx is done, even
// in the middle of a file: it then returns the files read so far and how
// many were left. (The reading goroutine is left to finish or block; the
// command ends soon after.)
func loadInterruptible(ctx context.Context, dir string, want func(*vectors.Family) bool) (files []*vectors.File, where string, left int, err error) {
	var (
		mu    sync.Mutex
		read  []*vectors.File
		total int
	)
	done := make(chan error, 1)
	whereC := make(chan string, 1)
	go func() {
		w, err := eachSelected(dir, want, func(n int) {
			mu.Lock()
			total = n
			mu.Unlock()
		}, func(f *vectors.File) bool {
			mu.Lock()
			defer mu.Unlock()
			if ctx.Err() != nil {
				return false
			}
			read = append(read, f)
			return true
		})
		whereC <- w
		done <- err
	}()
	where = dir
	if dir == "" {
		where = "the embedded vectors"
	}
	select {
	case err := <-done:
		where = <-whereC
		if err != nil {
			return nil, where, 0, err
		}
	case <-ctx.Done():
	}
	mu.Lock()
	defer mu.Unlock()
	files = slices.Clone(read)
	if ctx.Err() != nil {
		left = max(total-len(files), 0)
	}
	return files, where, left, nil
}

// listFamilies prints the families of the vector files (-vectors dir, or
// the embedded set) that sel's protocols and families select, one line
// each: the family, its number of tests and its algorithm, read from each
// file's header (vectors.ReadHeader) rather than by parsing its tests.
func listFamilies(dir string, sel *conformance.Selection, stdout, stderr io.Writer) error {
	fsys, where, names, err := vectorFiles(dir)
	if err != nil {
		return err
	}
	type line struct {
		fam *vectors.Family
		h   vectors.Header
	}
	var lines []line
	for _, name := range names {
		h, err := vectors.ReadHeader(fsys, name)
		if err != nil {
			return fmt.Errorf("-vectors %s: %w", where, oneLine(err))
		}
		fam, ok := vectors.Lookup(h.Family)
		if !ok {
			return fmt.Errorf("-vectors %s: %s: at /family: family %q is not in the catalogue", where, name, conformance.Printable([]byte(h.Family), 100, false))
		}
		if byName, ok := vectors.FamilyOfFile(name); ok && byName != fam {
			return fmt.Errorf("-vectors %s: %s: at /family: family %s, but the file of that name holds family %s", where, name, fam.Name, byName.Name)
		}
		if sel.MatchFamily(fam) {
			lines = append(lines, line{fam, h})
		}
	}
	slices.SortFunc(lines, func(a, b line) int { return strings.Compare(a.fam.Name, b.fam.Name) })
	tests := 0
	for _, l := range lines {
		fmt.Fprintf(stdout, "%s\t%d\t%s\n", l.fam.Name, l.h.NumberOfTests, conformance.Printable([]byte(l.h.Algorithm), 200, false))
		tests += l.h.NumberOfTests
	}
	fmt.Fprintf(stderr, "%d families, %d tests (vectors from %s); -list -family PATTERN lists the tests\n", len(lines), tests, where)
	return nil
}

// validator checks vector files against their families' schemas, compiling
// each schema once (schema.go).
type validator map[string]*fileSchema

func (v validator) load(fsys fs.FS, name string) (*vectors.File, error) {
	data, err := vectors.ReadFile(fsys, name)
	if err != nil {
		return nil, oneLine(err)
	}
	doc, err := decodeJSON(data)
	if err != nil {
		_, perr := vectors.ParseFile(name, data) // says where
		if perr == nil {
			perr = fmt.Errorf("%s: %v", name, err)
		}
		return nil, oneLine(perr)
	}
	obj, _ := doc.(map[string]any)
	famName, _ := obj["family"].(string)
	if famName == "" {
		return nil, fmt.Errorf("%s: at /family: no family named (want a string such as %q)", name, "ixian/acceptAdd2/decode")
	}
	fam, ok := vectors.Lookup(famName)
	if !ok {
		return nil, fmt.Errorf("%s: at /family: family %q is not in the catalogue (conformance -list names the families)", name, conformance.Printable([]byte(famName), 100, false))
	}
	if byName, ok := vectors.FamilyOfFile(name); ok && byName != fam {
		return nil, fmt.Errorf("%s: at /family: family %s, but the file of that name holds family %s", name, fam.Name, byName.Name)
	}
	if sch, err := v.schema(fam); err != nil {
		return nil, err
	} else if sch != nil {
		if err := sch.validate(doc); err != nil {
			return nil, fmt.Errorf("%s: does not match the schema %s: %v", name, fam.SchemaName(), err)
		}
	}
	f, err := vectors.ParseFile(name, data)
	if err != nil {
		return nil, oneLine(err)
	}
	return f, nil
}

// schema returns the compiled schema of fam, or nil for a family that has
// none in spec/schema (one a program registered, such as a test double).
func (v validator) schema(fam *vectors.Family) (*fileSchema, error) {
	name := fam.SchemaName()
	if sch, ok := v[name]; ok {
		return sch, nil
	}
	raw, err := fs.ReadFile(spec.Schemas, path.Join("schema", name))
	if errors.Is(err, fs.ErrNotExist) {
		v[name] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sch, err := compileSchema(name, raw)
	if err != nil {
		return nil, err
	}
	v[name] = sch
	return sch, nil
}

// oneLine keeps an error on one line.
func oneLine(err error) error {
	s := err.Error()
	if !strings.ContainsAny(s, "\r\n") {
		return err
	}
	return errors.New(strings.Join(strings.Fields(s), " "))
}
