package verbeth

import (
	"encoding/hex"
	"errors"

	"github.com/pqhs/pqhs/impl/category"
)

// isCat reports whether err carries the named category.
func isCat(err error, name string) bool {
	c, ok := category.Parse(name)
	return ok && err != nil && errors.Is(err, c)
}

func hexDecode(s string) ([]byte, error) { return hex.DecodeString(s) }
