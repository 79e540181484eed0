package reference

import (
	"encoding/json"
	"testing"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// A deliver request whose messages or steps are not of the family's shape
// is malformed (an error with no category), as the TypeScript port answers
// "bad request": a message without its payload, or any member sent as null,
// which encoding/json alone would read as absent (found by .ci/run's short
// campaign, where the reference had read {} as an empty payload).
func TestDeliverMalformedRequests(t *testing.T) {
	f := vectorFile(t, vectors.VerbethRatchetDeliver)
	g := &f.TestGroups[0]
	base := g.InputsOf(&g.Tests[0])
	if _, err := Run(vectors.VerbethRatchetDeliver, vectors.Strict, base); err != nil {
		t.Fatalf("the first test: %v", err)
	}
	for _, c := range []struct{ member, value string }{
		{"messages", `[{}]`},
		{"messages", `[{"payload": null}]`},
		{"messages", `[{"payload": "00", "topic": null}]`},
		{"messages", `[null]`},
		{"steps", `[{"op": "send", "message": null}]`},
		{"steps", `[{"op": "deliver", "message": 0, "newRatchetSecret": null}]`},
		{"steps", `[null]`},
	} {
		in := vectors.Values{}
		for k, v := range base {
			in[k] = v
		}
		in[c.member] = json.RawMessage(c.value)
		if c.member == "steps" {
			in["messages"] = json.RawMessage(`[{"payload": "00"}]`)
		}
		_, err := Run(vectors.VerbethRatchetDeliver, vectors.Strict, in)
		if err == nil || category.Of(err) != "" {
			t.Errorf("%s = %s: %v (category %q), want a malformed request", c.member, c.value, err, category.Of(err))
		}
	}
}
