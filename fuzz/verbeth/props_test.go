//go:build !gofuzz

package verbeth

import (
	"testing"

	"pgregory.net/rapid"
)

func TestVerbethAgreement(t *testing.T) { rapid.Check(t, PropVerbethAgreement) }
