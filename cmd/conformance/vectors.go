package main

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pqhs/pqhs/vectors"
)

// embedded is the vector set built into the binary (vectors.FS): the binary
// replays its own vectors from any directory.
var embedded fs.FS = vectors.FS

// vectorFS returns where the vectors come from: -vectors, else the embedded
// set, else the vectors/ directory of the pqhs module found upward from the
// working directory.
func vectorFS(dir string) (fs.FS, string, error) {
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, "", errors.New("-vectors " + dir + ": not a directory")
		}
		return os.DirFS(dir), dir, nil
	}
	if embedded != nil {
		return embedded, "the embedded vectors", nil
	}
	root, err := moduleRoot()
	if err != nil {
		return nil, "", err
	}
	dir = filepath.Join(root, "vectors")
	return os.DirFS(dir), dir, nil
}

const modulePath = "github.com/pqhs/pqhs"

// moduleRoot finds the directory holding the pqhs go.mod, upward from the
// working directory; another module's go.mod is passed over.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if isPQHSModule(filepath.Join(dir, "go.mod")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no vectors: not inside the pqhs repository; use -vectors DIR")
		}
		dir = parent
	}
}

func isPQHSModule(gomod string) bool {
	f, err := os.Open(gomod)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`) == modulePath
		}
	}
	return false
}
