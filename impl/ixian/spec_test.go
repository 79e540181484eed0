package ixian

import (
	"testing"

	"github.com/pqhs/pqhs/internal/spectest"
)

// Every section the package cites ("§7.4") is a section of
// spec/ixian-s2.md: a renumbered spec fails here, not in a reader's head.
func TestSpecSectionsExist(t *testing.T) {
	spectest.CheckCitations(t, "../../spec/ixian-s2.md", "spec/verbeth.md")
}
