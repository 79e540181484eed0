package reference

import (
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"testing"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/vectors"
)

// Missing or ill-typed inputs are the caller's fault: every Verbeth
// operation reports them as errors without a category, never as a verdict.
func TestVerbethHarnessErrors(t *testing.T) {
	for _, fam := range vectors.Families() {
		if fam.Protocol() != "verbeth" {
			continue
		}
		for _, p := range vectors.Profiles {
			_, err := Run(fam, p, vectors.Values{})
			if err == nil || category.Of(err) != "" {
				t.Errorf("%s %s, no inputs: %v (category %q)", fam, p, err, category.Of(err))
			}
			// Every required input present but a number: ill-typed.
			in := vectors.Values{}
			for _, f := range fam.Inputs {
				in[f.Name] = json.RawMessage(`12`)
			}
			if fam == vectors.VerbethRatchetEncrypt || fam == vectors.VerbethRatchetDecrypt || fam == vectors.VerbethRatchetDeliver {
				continue // a number is not a state object: json, a verdict on the state
			}
			if _, err := Run(fam, p, in); err == nil || category.Of(err) != "" {
				t.Errorf("%s %s, numbers everywhere: %v (category %q)", fam, p, err, category.Of(err))
			}
		}
	}
}

// JavaScript strings with lone surrogates reach impl/verbeth as WTF-8 and
// come back as \u escapes, not as U+FFFD.
func TestVerbethLoneSurrogates(t *testing.T) {
	out, err := Run(vectors.VerbethRecipientHash, vectors.Strict, vectors.Values{"address": json.RawMessage(`"0x\ud800"`)})
	if err != nil {
		t.Fatal(err)
	}
	want := verbeth.RecipientHash("0x\xed\xa0\x80")
	if got, _ := out.Bytes("recipientHash"); hex.EncodeToString(got) != hex.EncodeToString(want[:]) {
		t.Errorf("recipientHash of a lone surrogate: %x, want %x", got, want)
	}
	payload := []byte(`{"plaintextPayload":"a\ud800b","identityProof":{"message":"m","signature":"s"}}`)
	out, err = Run(vectors.VerbethHandshakePayloadDecode, vectors.Deployed, vectors.Values{}.SetBytes("plaintextPayload", payload))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(out["note"]); got != `"a\ud800b"` {
		t.Errorf("note = %s, want the escape kept", got)
	}
}

// An input that both profiles reject gets the same category from both,
// even when it also has a defect only the strict profile sees: the
// operations make every deployed check (of every step) first.
func TestVerbethSameCategoryFromBoth(t *testing.T) {
	f := vectorFile(t, vectors.VerbethResponseOpen)
	for _, g := range f.TestGroups {
		for _, tc := range g.Tests {
			if tc.Result != vectors.Acceptable {
				continue
			}
			// A strict-only defect of the response plus a wrong chain id,
			// which both profiles reject when checking the proof.
			in := vectors.Values{}
			for k, v := range g.InputsOf(&tc) {
				in[k] = v
			}
			in.Set("expectedChainId", 1)
			for _, p := range vectors.Profiles {
				_, err := Run(vectors.VerbethResponseOpen, p, in)
				if c := category.Of(err); c != category.ProofChainID {
					t.Errorf("%q with a wrong chain id, %s: %v", tc.Comment, p, err)
				}
			}
		}
	}
}

// A newRatchetSecret that is present but empty is a wrong size, not a
// missing secret.
func TestVerbethEmptyRatchetSecret(t *testing.T) {
	f := vectorFile(t, vectors.VerbethRatchetDecrypt)
	for _, g := range f.TestGroups {
		for _, tc := range g.Tests {
			if tc.Comment != "a DH step without the new ratchet secret" {
				continue
			}
			in := vectors.Values{}
			for k, v := range g.InputsOf(&tc) {
				in[k] = v
			}
			_, err := Run(vectors.VerbethRatchetDecrypt, vectors.Deployed, in)
			if category.Of(err) != category.MissingField {
				t.Fatalf("absent: %v", err)
			}
			in.SetBytes("newRatchetSecret", nil)
			if _, err := Run(vectors.VerbethRatchetDecrypt, vectors.Deployed, in); category.Of(err) != category.FieldLength {
				t.Fatalf("empty: %v", err)
			}
			return
		}
	}
	t.Fatal("test not found")
}

// vectorFile reads the vector file of fam.
func vectorFile(t *testing.T, fam *vectors.Family) *vectors.File {
	t.Helper()
	raw, err := fs.ReadFile(vectors.FS, fam.FileName())
	if err != nil {
		t.Fatal(err)
	}
	f, err := vectors.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// A state text is parsed once and its session shared; a text that does not
// parse is not kept; past its budget the cache starts afresh.
func TestStateCache(t *testing.T) {
	// Only this family's file: parsing all 57 cost the test most of its CPU.
	f, err := vectors.LoadFile(vectors.FS, "verbeth_ratchet_encrypt.json")
	if err != nil {
		t.Fatal(err)
	}
	var raws [][]byte
	if vectors.FamilyOf(f) == vectors.VerbethRatchetEncrypt {
		for gi := range f.TestGroups {
			g := &f.TestGroups[gi]
			for ti := range g.Tests {
				raw := g.InputsOf(&g.Tests[ti])["state"]
				if len(raw) > 0 && len(raws) < 2 && (len(raws) == 0 || string(raws[0]) != string(raw)) {
					raws = append(raws, raw)
				}
			}
		}
	}
	if len(raws) < 2 {
		t.Fatal("fewer than two ratchet states")
	}
	c := stateCache{max: len(raws[0]) + len(raws[1]) - 1}
	a, err := c.parse(raws[0])
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := c.parse(append([]byte(nil), raws[0]...)); b != a {
		t.Error("the same text was parsed again")
	}
	if want, _ := verbeth.ParseSession(raws[0]); !equalJSON(t, a, want) {
		t.Error("the cached session differs from a fresh parse")
	}
	if _, err := c.parse([]byte(`{"rootKey": 1}`)); err == nil || len(c.m) != 1 {
		t.Errorf("a bad state: %v, %d kept", err, len(c.m))
	}
	c.parse(raws[1]) // over the budget: only this one is kept
	if len(c.m) != 1 || c.size != len(raws[1]) {
		t.Errorf("%d kept in %d bytes", len(c.m), c.size)
	}
}

func equalJSON(t *testing.T, a, b *verbeth.Session) bool {
	ja, err := a.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	jb, err := b.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(ja) == string(jb)
}
