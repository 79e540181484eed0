package seeds

import (
	"testing"

	"github.com/pqhs/pqhs/vectors"
)

// unseeded are the families no fuzz target draws seeds from, and why. A new
// family fails TestEveryFamilySeeded until it feeds a target or is listed
// here.
var unseeded = map[*vectors.Family]string{
	vectors.IxianStreamMessageAdditionalData: "an encoder of three values that cannot fail; the envelope targets take the aad as bytes",
	vectors.IxianDeriveKeys:                  "HKDF over secrets and salts with no parser in front; IxianKeyAgreement and the salt-rule property run it",
	vectors.VerbethHybridSecret:              "a KDF of two 32-byte secrets, no parser; VerbethKeyAgreement runs it",
	vectors.VerbethKDFRootKey:                "a KDF of 32-byte keys, no parser; RatchetDecrypt runs it on a DH step",
	vectors.VerbethKDFChainKey:               "a KDF of a 32-byte key, no parser; RatchetDecrypt runs it on every message",
	vectors.VerbethRecipientHash:             "Keccak-256 of a string, no parser",
	vectors.VerbethTopic:                     "a KDF of 32-byte inputs, no parser; SessionState and RatchetDecrypt derive topics",
	vectors.VerbethIdentityKeysDerive:        "KDFs of a signature with no parser in front; its vectors are the cross-check's",
	vectors.VerbethRatchetDeliver:            "a schedule of verbeth/ratchet/decrypt steps: its messages are honest payloads like those RatchetDecrypt is seeded with from the decrypt family, and the schedule is not a fuzz input",
}

// TestEveryFamilySeeded checks that the seed generators read every
// catalogued family except those listed in unseeded, and that the list
// names no family they read.
func TestEveryFamilySeeded(t *testing.T) {
	files, err := vectors.LoadFS(vectors.FS)
	if err != nil {
		t.Fatal(err)
	}
	_, read := generate(files)
	for _, f := range vectors.Families() {
		why, listed := unseeded[f]
		switch {
		case read[f] && listed:
			t.Errorf("%s feeds seeds but is listed as unseeded (%s)", f, why)
		case !read[f] && !listed:
			t.Errorf("%s feeds no fuzz target: give one its inputs in seeds.go, or list it in unseeded with the reason", f)
		}
	}
}
