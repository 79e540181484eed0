package check

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Corpus reads every file of a target's corpus directory
// (testdata/fuzz/<target>) in the format of `go test -fuzz`, one []any of
// arguments per file, so that unit tests can replay it outside the fuzz
// loop. A missing directory is an empty corpus. It reads the argument
// types the targets of pqhs take: []byte, string, bool, byte, int, int64,
// uint16.
func Corpus(dir string) (map[string][]any, error) {
	ents, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string][]any{}
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		args, err := ParseCorpusFile(string(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(dir, e.Name()), err)
		}
		out[e.Name()] = args
	}
	return out, nil
}

// ParseCorpusFile parses one corpus file.
func ParseCorpusFile(s string) ([]any, error) {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) == 0 || lines[0] != "go test fuzz v1" {
		return nil, fmt.Errorf("not a go test fuzz v1 file")
	}
	var args []any
	for _, l := range lines[1:] {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		typ, rest, ok := strings.Cut(l, "(")
		if !ok || !strings.HasSuffix(rest, ")") {
			return nil, fmt.Errorf("line %q", l)
		}
		lit := rest[:len(rest)-1]
		var v any
		var err error
		switch typ {
		case "[]byte", "string":
			var u string
			if u, err = strconv.Unquote(lit); err == nil {
				if typ == "string" {
					v = u
				} else {
					v = []byte(u)
				}
			}
		case "bool":
			v, err = strconv.ParseBool(lit)
		case "byte", "uint8":
			var u string
			if u, err = strconv.Unquote(lit); err == nil {
				if len(u) != 1 {
					r := []rune(u)
					if len(r) != 1 || r[0] > 0xFF {
						return nil, fmt.Errorf("byte %s", lit)
					}
					u = string([]byte{byte(r[0])})
				}
				v = u[0]
			} else {
				var n uint64
				n, err = strconv.ParseUint(lit, 0, 8)
				v = byte(n)
			}
		case "int":
			var n int64
			n, err = strconv.ParseInt(lit, 0, 64)
			v = int(n)
		case "int64":
			v, err = strconv.ParseInt(lit, 0, 64)
		case "uint16":
			var n uint64
			n, err = strconv.ParseUint(lit, 0, 16)
			v = uint16(n)
		default:
			return nil, fmt.Errorf("type %s", typ)
		}
		if err != nil {
			return nil, fmt.Errorf("line %q: %w", l, err)
		}
		args = append(args, v)
	}
	return args, nil
}
