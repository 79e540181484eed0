package reference

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

// Name is the reference adapter's name in its hello.
const Name = "pqhs-reference"

// Adapter returns the reference implementation as an in-process adapter:
// both profiles, every registered operation. It is stateless and safe for
// concurrent use (conformance.Shared).
func Adapter() conformance.Adapter { return defaultAdapter }

var defaultAdapter = &refAdapter{Lookup, Operations}

// AdapterWith is Adapter serving the operations lookup returns instead of
// Lookup's, such as the reference's own behind a cache of answers; it
// announces the reference's operations.
func AdapterWith(lookup func(string) (Op, bool)) conformance.Adapter {
	return &refAdapter{lookup, Operations}
}

// Info is the reference adapter's hello.
func Info() conformance.Info { return info(Operations()) }

func info(ops []string) conformance.Info {
	return conformance.Info{
		Protocol:   conformance.ProtocolVersion,
		Name:       Name,
		Version:    version(),
		Profiles:   []vectors.Profile{vectors.Strict, vectors.Deployed},
		Operations: ops,
	}
}

// version is the module version, or the VCS revision of a development
// build, or "devel": read once, since every run's hello asks for it and
// debug.ReadBuildInfo parses the build information anew each time.
var version = sync.OnceValue(readVersion)

func readVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "devel " + s.Value[:12]
		}
	}
	return "devel"
}

// refAdapter serves operations from a registry: the package's, or a test's.
// Its methods take a pointer: with a value receiver, a call through the
// Adapter interface (the runner's) went through a wrapper that copied the
// receiver (1% of the reference's samples inside a run of kdf/rootKey).
type refAdapter struct {
	lookup     func(string) (Op, bool)
	operations func() []string
}

func (a *refAdapter) Hello(context.Context) (conformance.Info, error) {
	return info(a.operations()), nil
}

func (*refAdapter) Close() error { return nil }

// Do runs the operation. A rejection (an error with a category) is a reject
// reply; any other error means the inputs were malformed, which is reported
// as an error reply, not a verdict.
func (a *refAdapter) Do(_ context.Context, req conformance.Request) (conformance.Reply, error) {
	op, ok := a.lookup(req.Op)
	if !ok {
		return conformance.UnsupportedReply("the reference has no operation " + req.Op), nil
	}
	out, err := op(req.Profile, req.Inputs)
	if err != nil {
		if c := category.Of(err); c != "" {
			return conformance.RejectReply(c, err.Error()), nil
		}
		return conformance.ErrorReply(fmt.Sprintf("malformed inputs for %s: %v", req.Op, err)), nil
	}
	return conformance.OutputsReply(out), nil
}
