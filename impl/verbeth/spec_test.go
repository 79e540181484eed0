package verbeth

import (
	"testing"

	"github.com/pqhs/pqhs/internal/spectest"
)

// Every section the package cites ("§7.4") is a section of
// spec/verbeth.md: a renumbered spec fails here, not in a reader's head.
func TestSpecSectionsExist(t *testing.T) {
	spectest.CheckCitations(t, "../../spec/verbeth.md", "spec/ixian-s2.md")
}
