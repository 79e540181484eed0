// Package live is the runner's live peer mode: beyond the static vectors, it
// plays the other side of a handshake against an adapter with fresh random
// inputs, and checks that both sides derive the same keys, topics and
// plaintexts, and that the adapter rejects what it must (tampered messages,
// wrong salts, a third party's response, low-order points).
//
// Every session is a conformance.Case with a Checker, so selection,
// expected failures, reports and progress work as they do for vectors. The
// case's family names the check ("verbeth/live/initiator") and its tcId the
// session. A session talks to the adapter through the family operations only
// (the same requests a vector test sends), and respects the operations the
// adapter announced: a check whose operations the adapter lacks is skipped,
// and an optional step it lacks (the ratchet after a Verbeth handshake, the
// spixi2 exchange after an Ixian one) is left out and said so in the
// transcript.
//
// # Judging
//
// Every request sent to the adapter is judged twice:
//
//   - against the reference implementation's answer to the same request under
//     the run's profile, as a vector test would be (outputs compared with the
//     family's rules, rejections by category); and
//   - against what the step must do in the session: accept an honest message,
//     reject a tampered one with a given category (in both profiles, or in the
//     strict profile only), or, for a flip of an ML-KEM ciphertext, accept and
//     derive other keys (implicit rejection).
//
// Then the two sides' results are compared: the same session keys, topics,
// conversation ids and plaintexts. The transcript of every step goes into
// Outcome.Details.
//
// # Randomness
//
// Every random value of a session is drawn from a seed with labelled
// deterministic bytes: the bytes of value v in session n of check c are
// detrand.Bytes("pqhs/live/<seed>/<c>/<n>/<v>", len) (SHAKE-256, see
// internal/detrand). A run draws its seed from crypto/rand unless one is
// given, prints it, and a failing session is replayed exactly with the same
// seed, its family and its tcId.
package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/vectors"
)

// Seed determines every value a live run draws.
type Seed [16]byte

// NewSeed draws a fresh seed from crypto/rand.
func NewSeed() Seed {
	var s Seed
	rand.Read(s[:])
	return s
}

// ParseSeed reads a seed written by Seed.String: 32 hex digits.
func ParseSeed(s string) (Seed, error) {
	var out Seed
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(out) {
		return out, fmt.Errorf("live seed %q: want %d hex digits", s, 2*len(out))
	}
	copy(out[:], b)
	return out, nil
}

func (s Seed) String() string { return hex.EncodeToString(s[:]) }

// Label is the detrand label of value name in session n of check family.
func (s Seed) Label(family string, n int, name string) string {
	return fmt.Sprintf("pqhs/live/%s/%s/%d/%s", s, family, n, name)
}

// Config says which sessions to make.
type Config struct {
	// Sessions is the number of sessions of each check.
	Sessions int
	// Seed determines every drawn value.
	Seed Seed
	// Reference answers the runner's own steps and gives the answer each
	// request to the adapter is judged against; nil means reference.Run.
	// It must answer exactly as reference.Run does: the mutants' tests pass
	// one that remembers the answers, so that the runner's side of the same
	// session is computed once for all the mutants, not once for each.
	Reference func(op *vectors.Family, p vectors.Profile, in vectors.Values) (vectors.Values, error)
}

// check is one kind of live session.
type check struct {
	family string
	title  string
	ops    []*vectors.Family // the operations a session cannot do without
	opt    []*vectors.Family // the operations it uses when the adapter has them
	run    func(s *session)

	// fam is the check's own family in reports, outside the catalogue:
	// family and title.
	fam *vectors.Family
}

var checks []*check

func register(c *check) {
	if slices.ContainsFunc(checks, func(d *check) bool { return d.family == c.family }) {
		panic("live: " + c.family + " registered twice")
	}
	c.fam = &vectors.Family{Name: c.family, Title: c.title}
	checks = append(checks, c)
}

// Families lists the live checks, sorted.
func Families() []string {
	out := make([]string, len(checks))
	for i, c := range checks {
		out[i] = c.family
	}
	slices.Sort(out)
	return out
}

// Uses lists the families whose operations a session of the live check
// family (a case's Family) may send to the adapter: those it needs and those
// it uses when the adapter has them.
func Uses(family *vectors.Family) []*vectors.Family {
	i := slices.IndexFunc(checks, func(c *check) bool { return c.fam == family })
	if i < 0 {
		return nil
	}
	return append(slices.Clone(checks[i].ops), checks[i].opt...)
}

// Cases returns cfg.Sessions cases of every live check, ordered by family
// and session number (tcId 1..Sessions).
func Cases(cfg Config) []conformance.Case {
	var out []conformance.Case
	for _, c := range checks {
		for n := 1; n <= cfg.Sessions; n++ {
			out = append(out, cfg.session(c, n))
		}
	}
	conformance.SortCases(out)
	return out
}

func (cfg Config) reference() func(*vectors.Family, vectors.Profile, vectors.Values) (vectors.Values, error) {
	if cfg.Reference != nil {
		return cfg.Reference
	}
	return reference.Run
}

// session is session n of check c.
func (cfg Config) session(c *check, n int) conformance.Case {
	return conformance.Case{
		Family:  c.fam,
		TcID:    n,
		Comment: fmt.Sprintf("live session %d, seed %s", n, cfg.Seed),
		Flags:   liveFlags,
		Result:  vectors.Valid,
		Check:   &sessionCheck{c: c, seed: cfg.Seed, n: n, ref: cfg.reference()},
	}
}

// liveFlags are the flags of every session (shared: never modified).
var liveFlags = []string{"Live"}

// sessionCheck runs one session of a check.
type sessionCheck struct {
	c    *check
	seed Seed
	n    int
	ref  func(*vectors.Family, vectors.Profile, vectors.Values) (vectors.Values, error)
}

func (sc *sessionCheck) Operations() []string { return names(sc.c.ops) }

func names(fs []*vectors.Family) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

func (sc *sessionCheck) Check(ctx context.Context, env *conformance.Env) (o conformance.Outcome) {
	s := &session{ctx: ctx, env: env, p: env.Profile, seed: sc.seed, family: sc.c.family, n: sc.n, ref: sc.ref}
	s.logf("seed %s; every value drawn with detrand label %s", sc.seed, sc.seed.Label(sc.c.family, sc.n, "<name>"))
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		st, ok := v.(stop)
		if !ok {
			panic(v)
		}
		o = st.o
		o.Details = s.details
		if o.Warning == "" {
			o.Warning = strings.Join(s.warnings, "; ")
		}
	}()
	sc.c.run(s)
	return conformance.Outcome{Verdict: conformance.Pass, Details: s.details, Warning: strings.Join(s.warnings, "; ")}
}

// stop ends a session early with an outcome.
type stop struct{ o conformance.Outcome }

// session is the state of one running session.
type session struct {
	ctx      context.Context
	env      *conformance.Env
	p        vectors.Profile
	seed     Seed
	family   string
	n        int
	ref      func(*vectors.Family, vectors.Profile, vectors.Values) (vectors.Values, error)
	details  []string
	warnings []string
}

func (s *session) logf(format string, args ...any) {
	s.details = append(s.details, fmt.Sprintf(format, args...))
}

// fail ends the session with a failure of the adapter.
func (s *session) fail(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.logf("FAIL: %s", msg)
	panic(stop{conformance.Outcome{Verdict: conformance.Fail, Message: msg}})
}

// broken ends the session with an error: the session itself could not go on
// (the reference refused its own step). It is never the adapter's verdict.
func (s *session) broken(format string, args ...any) {
	msg := "live check inconsistent: " + fmt.Sprintf(format, args...)
	s.logf("ERROR: %s", msg)
	panic(stop{conformance.Outcome{Verdict: conformance.Error, Message: msg}})
}

// draw returns n bytes drawn for name.
func (s *session) draw(name string, n int) []byte {
	return detrand.Bytes(s.seed.Label(s.family, s.n, name), n)
}

// intn draws a number in [0, n).
func (s *session) intn(name string, n int) int {
	b := s.draw(name, 8)
	var v uint64
	for _, x := range b {
		v = v<<8 | uint64(x)
	}
	return int(v % uint64(n))
}

// supports reports whether the adapter announced every op.
func (s *session) supports(ops ...*vectors.Family) bool {
	for _, op := range ops {
		if !s.env.Info.Supports(op.Name) {
			return false
		}
	}
	return true
}

// want is what a step of the adapter must do in the session.
type want struct {
	kind wantKind
	cat  category.Category
}

type wantKind uint8

const (
	// wantSame: whatever the reference answers (a random tamper whose effect
	// depends on where it landed).
	wantSame wantKind = iota
	// wantAccept: accept, with the reference's outputs.
	wantAccept
	// wantReject: reject with cat in both profiles.
	wantReject
	// wantStrictReject: reject with cat in the strict profile; accept with
	// the reference's outputs in the deployed one.
	wantStrictReject
)

var (
	same   = want{kind: wantSame}
	accept = want{kind: wantAccept}
)

func reject(c category.Category) want       { return want{kind: wantReject, cat: c} }
func strictReject(c category.Category) want { return want{kind: wantStrictReject, cat: c} }

// call sends op to the adapter, judges the answer against the reference's
// answer to the same request and against w, and returns the adapter's
// outputs (nil after an expected rejection). what says in the transcript
// what the step is.
func (s *session) call(op *vectors.Family, in vectors.Values, w want, what string) vectors.Values {
	refOut, refErr := s.ref(op, s.p, in)
	c := conformance.Case{Family: op, Result: vectors.Valid, Outputs: refOut}
	if refErr != nil {
		cat := category.Of(refErr)
		if cat == "" {
			s.broken("%s: the reference calls the request malformed: %v", op, refErr)
		}
		c = conformance.Case{Family: op, Result: vectors.Invalid, Error: string(cat)}
	}
	switch w.kind {
	case wantAccept:
		if refErr != nil {
			s.broken("%s (%s): the reference rejects it: %v", op, what, refErr)
		}
	case wantReject:
		if category.Of(refErr) != w.cat {
			s.broken("%s (%s): want %s, the reference answers %v", op, what, w.cat, refErr)
		}
	case wantStrictReject:
		if s.p == vectors.Strict && category.Of(refErr) != w.cat {
			s.broken("%s (%s): want %s under strict, the reference answers %v", op, what, w.cat, refErr)
		}
		if s.p != vectors.Strict && refErr != nil {
			s.broken("%s (%s): want acceptance under %s, the reference answers %v", op, what, s.p, refErr)
		}
	}
	reply, err := s.env.Do(s.ctx, conformance.Request{Op: op.Name, Profile: s.p, Inputs: in})
	if err != nil {
		f := conformance.AsFault(err)
		s.logf("adapter %s (%s): %s", op, what, f.Error())
		panic(stop{conformance.Outcome{Verdict: conformance.Error, Message: fmt.Sprintf("%s (%s): %s", op, what, f.Error()), Fault: f}})
	}
	o := conformance.Judge(&c, s.p, reply, s.env.LooseErrors)
	required := "accept"
	if c.Result == vectors.Invalid {
		required = "reject with " + c.Error
	}
	switch o.Verdict {
	case conformance.Pass:
		got := "accepted"
		if reply.Kind == conformance.KindReject {
			got = "rejected with " + string(reply.Category)
		}
		s.logf("adapter %s (%s): %s, as required", op, what, got)
		if o.Warning != "" {
			s.warnings = append(s.warnings, fmt.Sprintf("%s (%s): %s", op, what, o.Warning))
		}
	case conformance.Fail:
		for _, m := range o.Mismatches {
			line := m.String()
			if len(line) > 400 {
				line = line[:400] + "…"
			}
			s.logf("  %s", line)
		}
		s.fail("%s (%s): %s (required: %s)", op, what, o.Message, required)
	case conformance.Skip:
		s.logf("adapter %s (%s): %s", op, what, o.Message)
		panic(stop{conformance.Outcome{Verdict: conformance.Skip, Message: fmt.Sprintf("%s (%s): %s", op, what, o.Message), Reply: &reply}})
	default:
		s.logf("adapter %s (%s): %s", op, what, o.Message)
		panic(stop{conformance.Outcome{Verdict: conformance.Error, Message: fmt.Sprintf("%s (%s): %s", op, what, o.Message), Reply: &reply}})
	}
	if reply.Kind != conformance.KindOutputs {
		return nil
	}
	return reply.Outputs
}

// peer runs one step of the runner's own side on the reference, under the
// run's profile. The runner's steps are honest, so they must succeed; a
// rejection means the adapter's previous answer was wrong (its outputs
// matched the reference's as far as it reported them, so this is rare).
func (s *session) peer(op *vectors.Family, in vectors.Values, what string) vectors.Values {
	out, err := s.ref(op, s.p, in)
	if err != nil {
		if cat := category.Of(err); cat != "" {
			s.fail("the runner's %s (%s) rejects what the adapter sent: %v", op, what, err)
		}
		s.broken("the runner's %s (%s): %v", op, what, err)
	}
	s.logf("runner  %s (%s)", op, what)
	return out
}

// bytes returns a hex output; it must be there.
func (s *session) bytes(out vectors.Values, name string) []byte {
	b, err := out.Bytes(name)
	if err != nil {
		s.fail("output %s: %v", name, err)
	}
	return b
}

// optBytes returns a hex output the adapter may leave out.
func (s *session) optBytes(out vectors.Values, name string) ([]byte, bool) {
	if !out.Has(name) {
		return nil, false
	}
	return s.bytes(out, name), true
}

func (s *session) str(out vectors.Values, name string) string {
	v, err := out.String(name)
	if err != nil {
		s.fail("output %s: %v", name, err)
	}
	return v
}

func (s *session) raw(out vectors.Values, name string) json.RawMessage {
	v, ok := out[name]
	if !ok {
		s.fail("output %s is missing", name)
	}
	return v
}

// agree checks that the two sides hold the same value.
func (s *session) agree(what string, adapter, runner []byte) {
	if string(adapter) != string(runner) {
		s.fail("%s: the adapter's side has %s, the runner's %s", what, short(adapter), short(runner))
	}
	s.logf("check: %s: the same on both sides (%s)", what, short(adapter))
}

// differ checks that a tampered session did not end with the honest value.
func (s *session) differ(what string, got, honest []byte) {
	if string(got) == string(honest) {
		s.fail("%s: the same as in the honest session (%s) although the message was tampered with", what, short(got))
	}
	s.logf("check: %s: not the honest session's, as required", what)
}

// agreeText checks that the two sides hold the same text.
func (s *session) agreeText(what, adapter, runner string) {
	if adapter != runner {
		s.fail("%s: the adapter's side has %q, the runner's %q", what, adapter, runner)
	}
	s.logf("check: %s: the same on both sides (%q)", what, adapter)
}

// short shows a byte string in a transcript: its length and its first bytes.
func short(b []byte) string {
	if len(b) <= 12 {
		return fmt.Sprintf("%d bytes %x", len(b), b)
	}
	return fmt.Sprintf("%d bytes %x…", len(b), b[:12])
}

// flip returns a copy of b with one bit flipped at a drawn position in
// [lo, hi), and the position.
func (s *session) flip(name string, b []byte, lo, hi int) ([]byte, int) {
	out := slices.Clone(b)
	i := lo + s.intn(name+"/byte", hi-lo)
	out[i] ^= 1 << s.intn(name+"/bit", 8)
	return out, i
}

// Source returns the sessions of Cases(cfg) that sel selects, made on
// demand (conformance.RunSource): it holds a few numbers per check, not a
// case per session, whatever cfg.Sessions. Its cases are those of Cases,
// in the same order.
func Source(cfg Config, sel *conformance.Selection) conformance.Source {
	src := &source{cfg: cfg}
	sorted := slices.Clone(checks)
	slices.SortFunc(sorted, func(a, b *check) int { return strings.Compare(a.family, b.family) })
	for _, c := range sorted {
		probe := conformance.Case{Family: c.fam, TcID: 1, Flags: []string{"Live"}, Result: vectors.Valid}
		s := *sel
		s.TcIDs = nil
		if !s.Match(&probe) {
			continue
		}
		ranges := []conformance.IDRange{{Lo: 1, Hi: cfg.Sessions}}
		if len(sel.TcIDs) > 0 {
			ranges = clip(sel.TcIDs, cfg.Sessions)
		}
		for _, r := range ranges {
			src.segs = append(src.segs, segment{c: c, lo: r.Lo, start: src.n})
			src.n += r.Hi - r.Lo + 1
		}
	}
	return src
}

// clip merges the ranges and cuts them to 1..n.
func clip(rs []conformance.IDRange, n int) []conformance.IDRange {
	rs = slices.Clone(rs)
	slices.SortFunc(rs, func(a, b conformance.IDRange) int { return a.Lo - b.Lo })
	var out []conformance.IDRange
	for _, r := range rs {
		r.Lo, r.Hi = max(r.Lo, 1), min(r.Hi, n)
		if r.Lo > r.Hi {
			continue
		}
		if k := len(out) - 1; k >= 0 && r.Lo <= out[k].Hi+1 {
			out[k].Hi = max(out[k].Hi, r.Hi)
			continue
		}
		out = append(out, r)
	}
	return out
}

type source struct {
	cfg  Config
	segs []segment
	n    int
}

// segment is the sessions lo.. of check c, cases start.. of the source.
type segment struct {
	c         *check
	lo, start int
}

func (s *source) Len() int { return s.n }

func (s *source) Case(i int) conformance.Case {
	k, found := slices.BinarySearchFunc(s.segs, i, func(g segment, i int) int { return g.start - i })
	if !found {
		k--
	}
	g := s.segs[k]
	return s.cfg.session(g.c, g.lo+i-g.start)
}
