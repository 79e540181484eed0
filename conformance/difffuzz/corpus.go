package difffuzz

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/pqhs/pqhs/vectors"
)

// The corpus directory keeps what a campaign learnt, so that the next one
// resumes from it and a team can share it (plain files, named by content,
// merged by copying):
//
//	DIR/corpus/<family stem>/<id>.json   inputs that showed a new behaviour
//	DIR/findings.json                    every finding (pqhs-difffuzz-findings/1)
//	DIR/findings/<family stem>.json      the findings as vector files
//
// The vector files replay with the runner: go run ./cmd/conformance
// -vectors DIR/findings -adapter 'CMD'.

// FindingsFormat names the format of findings.json.
const FindingsFormat = "pqhs-difffuzz-findings/1"

type corpus struct {
	dir      string
	mu       sync.Mutex
	inputs   []storedInput
	findings []*Finding
	have     map[string]bool
}

type storedInput struct {
	ID     string         `json:"-"`
	Family string         `json:"family"`
	Origin string         `json:"origin,omitempty"`
	Inputs vectors.Values `json:"inputs"`
}

type findingsFile struct {
	Format   string     `json:"format"`
	Findings []*Finding `json:"findings"`
}

func openCorpus(dir string) (*corpus, error) {
	c := &corpus{dir: dir, have: map[string]bool{}}
	if err := os.MkdirAll(filepath.Join(dir, "corpus"), 0o755); err != nil {
		return nil, err
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "corpus", "*", "*.json"))
	slices.Sort(paths)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var in storedInput
		if err := json.Unmarshal(data, &in); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		in.ID = filepath.Base(filepath.Dir(p)) + "/" + filepath.Base(p)
		c.have[filepath.Base(p)] = true
		c.inputs = append(c.inputs, in)
	}
	data, err := os.ReadFile(filepath.Join(dir, "findings.json"))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		var ff findingsFile
		if err := json.Unmarshal(data, &ff); err != nil || ff.Format != FindingsFormat {
			return nil, fmt.Errorf("%s: not a %s file (%v)", filepath.Join(dir, "findings.json"), FindingsFormat, err)
		}
		c.findings = ff.Findings
	}
	return c, nil
}

// addInput stores an input under a name made of its content.
func (c *corpus) addInput(family string, in vectors.Values, origin string) {
	js, err := json.Marshal(storedInput{Family: family, Inputs: in, Origin: origin})
	if err != nil {
		return
	}
	canon, _ := json.Marshal(in) // sorted keys
	sum := sha256.Sum256(append([]byte(family+"\x00"), canon...))
	name := hex.EncodeToString(sum[:8]) + ".json"
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.have[name] {
		return
	}
	c.have[name] = true
	stem := (&vectors.Family{Name: family}).Stem()
	d := filepath.Join(c.dir, "corpus", stem)
	if os.MkdirAll(d, 0o755) == nil {
		os.WriteFile(filepath.Join(d, name), append(js, '\n'), 0o644)
	}
}

// number gives the new findings tcIds after those of their family in the
// directory (a finding seen before keeps its number).
func (c *corpus) number(fs []*Finding) {
	next := map[string]int{}
	for _, f := range c.findings {
		next[f.Family] = max(next[f.Family], f.TcID)
	}
	for _, f := range fs {
		if f.TcID == 0 {
			next[f.Family]++
			f.TcID = next[f.Family]
		}
	}
}

// save writes findings.json and the vector files: the findings of earlier
// campaigns, updated by this one's.
func (c *corpus) save(found []*Finding) error {
	all := slices.Clone(c.findings)
	for _, f := range found {
		i := slices.IndexFunc(all, func(x *Finding) bool { return x.Family == f.Family && x.TcID == f.TcID })
		if i >= 0 {
			f.Count += all[i].Count
			all[i] = f
		} else {
			all = append(all, f)
		}
	}
	slices.SortFunc(all, func(a, b *Finding) int { return cmp.Or(cmp.Compare(a.Family, b.Family), cmp.Compare(a.TcID, b.TcID)) })
	js, err := json.MarshalIndent(findingsFile{Format: FindingsFormat, Findings: all}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(c.dir, "findings.json"), append(js, '\n'), 0o644); err != nil {
		return err
	}
	byFam := map[string][]*Finding{}
	for _, f := range all {
		byFam[f.Family] = append(byFam[f.Family], f)
	}
	if len(byFam) == 0 {
		return nil
	}
	if err := os.MkdirAll(filepath.Join(c.dir, "findings"), 0o755); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(byFam)) {
		fam, ok := vectors.Lookup(name)
		if !ok {
			continue
		}
		data, err := vectors.Marshal(FindingsFile(fam, byFam[name]))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(c.dir, "findings", fam.FileName()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// GeneratorVersion names what writes the findings' vector files.
const GeneratorVersion = "pqhs-difffuzz 1"

// FindingsFile is a vector file of findings of one family, in the format
// of vectors/ (it validates against the family's schema and replays with
// -vectors).
func FindingsFile(fam *vectors.Family, fs []*Finding) *vectors.File {
	g := vectors.Group{Type: groupType(fam), Source: vectors.Source{Name: "pqhs-difffuzz", Version: GeneratorVersion}}
	g.Comment = "inputs on which an implementation and the reference disagreed, found by differential fuzzing"
	seen := map[int]bool{}
	for _, f := range fs {
		if seen[f.TcID] {
			continue
		}
		seen[f.TcID] = true
		t := f.Case
		t.TcID = f.TcID
		g.Tests = append(g.Tests, t)
	}
	return &vectors.File{
		Algorithm:        fam.Title,
		Family:           fam.Name,
		Schema:           fam.SchemaName(),
		GeneratorVersion: GeneratorVersion,
		NumberOfTests:    len(g.Tests),
		Header:           fam.Doc,
		Notes: map[string]vectors.Note{"DiffFuzz": {
			BugType:     "EDGE_CASE",
			Description: "An input on which an implementation and the reference disagreed, found by differential fuzzing (conformance/difffuzz) and minimised.",
			Effect:      "An implementation that gets it wrong differs from the deployed code, or from the protocol's description, on inputs no other test has.",
		}},
		TestGroups: []vectors.Group{g},
	}
}

var groupTypes = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	files, err := vectors.LoadFS(vectors.FS)
	if err != nil {
		return out
	}
	for _, f := range files {
		if len(f.TestGroups) > 0 {
			out[f.Family] = f.TestGroups[0].Type
		}
	}
	return out
})

// groupType is the group type the family's vector file uses.
func groupType(fam *vectors.Family) string {
	if t, ok := groupTypes()[fam.Name]; ok {
		return t
	}
	return "DiffFuzz"
}
