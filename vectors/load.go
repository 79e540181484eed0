package vectors

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
)

// LoadFS reads every *.json vector file at the top of fsys, sorted by name.
// Files whose family is not in the catalogue are returned too; a runner
// decides what to do with them.
func LoadFS(fsys fs.FS) ([]*File, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var out []*File
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		f, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path.Base(name), err)
		}
		out = append(out, f)
	}
	return out, nil
}
