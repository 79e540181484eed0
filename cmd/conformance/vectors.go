package main

import (
	"fmt"
	"os"

	"github.com/pqhs/pqhs/vectors"
)

// loadVectors reads the vector files of dir (-vectors), or, when dir is
// empty, the set built into the binary (vectors.FS), so that the binary
// replays its own vectors from any directory. where says which, for
// messages.
func loadVectors(dir string) (files []*vectors.File, where string, err error) {
	if dir == "" {
		if files, err = vectors.LoadFS(vectors.FS); err != nil {
			return nil, "", fmt.Errorf("loading the embedded vectors: %w", err)
		}
		return files, "the embedded vectors", nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, dir, fmt.Errorf("-vectors %s: not a directory", dir)
	}
	if files, err = vectors.LoadFS(os.DirFS(dir)); err != nil {
		return nil, dir, fmt.Errorf("loading vectors from %s: %w", dir, err)
	}
	return files, dir, nil
}
