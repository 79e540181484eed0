package vectors_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pqhs/pqhs/vectors"
)

// LoadFile, which LoadSelected and the conformance command's embedded set
// both read through, refuses a file under another family's file name, and
// reads a file under a name the catalogue does not know for its family.
func TestLoadFileChecksItsName(t *testing.T) {
	data, err := os.ReadFile("verbeth_kdf_chainKey.json")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"verbeth_kdf_chainKey.json": {Data: data},
		"verbeth_hybridSecret.json": {Data: data},
		"extra.json":                {Data: data},
	}
	for name, wantErr := range map[string]string{
		"verbeth_kdf_chainKey.json": "",
		"extra.json":                "",
		"verbeth_hybridSecret.json": `verbeth_hybridSecret.json: holds family "verbeth/kdf/chainKey"; the file of that name is family verbeth/hybridSecret's`,
	} {
		f, err := vectors.LoadFile(fsys, name)
		switch {
		case wantErr == "" && (err != nil || f.Family != "verbeth/kdf/chainKey"):
			t.Errorf("LoadFile(%s) = %v, %v; want the chainKey family", name, f, err)
		case wantErr != "" && (err == nil || err.Error() != wantErr):
			t.Errorf("LoadFile(%s) = %v; want %q", name, err, wantErr)
		}
	}
	if _, err := vectors.LoadSelected(fsys, nil); err == nil || !strings.Contains(err.Error(), "verbeth_hybridSecret.json: holds family") {
		t.Errorf("LoadSelected = %v; want the misnamed file refused", err)
	}
	only := func(f *vectors.Family) bool { return f.Name == "verbeth/kdf/chainKey" }
	if files, err := vectors.LoadSelected(fsys, only); err != nil || len(files) != 2 {
		t.Errorf("LoadSelected(chainKey) = %d files, %v; want 2 (the misnamed file is not read)", len(files), err)
	}
}
