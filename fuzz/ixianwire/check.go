package ixianwire

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"sync/atomic"

	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/fuzz/internal/ixfix"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
)

// Checks of the Ixian wire decoders. Each decodes the input under both
// profiles and checks: no panic; every error carries a category; what
// Strict accepts Deployed accepts with the same result; Strict results
// encode back to the input byte for byte; and Deployed results survive Decode(Encode(·)), except where Ixian-Core's writer cannot
// express what its reader accepts (each exception is named where it is
// made). That a decode allocates nothing (check.ErrAlloc for the error)
// whatever lengths the input claims is checked by TestAllocation over the
// corpora and the length-field edges, outside the fuzz loop.
//
// The handshake payloads are read once and judged under each profile:
// m.Decode(in, p) is ixian.ReadX(in).Apply(&m, p), where the reading (where
// each field starts and ends, what each IxiVarInt says and whether it is
// minimal, a prefix cut, reserved or negative, a length above 2^31-1 or past
// the end) takes no profile, and Apply makes every check that depends on
// it, in wire order. So the target runs exactly what a user calls for each
// profile; a second reading of the same bytes could only show that the
// reading is not deterministic.

// CheckIxiVarUInt checks the unsigned IxiVarInt decoder.
func CheckIxiVarUInt(t check.TB, in []byte) {
	u, n, minimal, errD := ixian.DecodeVarUInt(in, ixian.Deployed)
	us, ns, mins, errS := ixian.DecodeVarUInt(in, ixian.Strict)
	rs, rd := varRead[uint64]{us, ns, mins}, varRead[uint64]{u, n, minimal}
	strictOK := check.Same(t, "IxiVarUInt", &rs, errS, &rd, errD, rs == rd)
	if errD != nil {
		if category.Of(errS) != category.Of(errD) {
			t.Fatalf("%x: the profiles reject for different reasons: %v / %v", in, errS, errD)
		}
		return
	}
	enc := ixian.AppendVarUInt(nil, u)
	if n > len(in) || n != varintWidth(in[0]) || minimal != bytes.Equal(enc, in[:n]) {
		t.Fatalf("%x: value %d, %d bytes, minimal %v; the minimal form is %x", in, u, n, minimal, enc)
	}
	if strictOK != minimal || (!strictOK && !errors.Is(errS, category.NonMinimalVarint)) {
		t.Fatalf("%x: strict verdict %v for minimal=%v", in, errS, minimal)
	}
	u2, n2, min2, err := ixian.DecodeVarUInt(enc, ixian.Strict)
	if err != nil || u2 != u || n2 != len(enc) || n2 != ixian.VarUIntSize(u) || !min2 {
		t.Fatalf("%x: Decode(Encode(%d)) = %d, %d, %v, %v", in, u, u2, n2, min2, err)
	}
	// The signed reader reads a non-negative prefix the same way.
	if u <= math.MaxInt64 {
		v, nv, minv, err := ixian.DecodeVarInt(in, ixian.Deployed)
		if err != nil || v != int64(u) || nv != n || minv != minimal {
			t.Fatalf("%x: signed reader %d, %d, %v, %v; unsigned %d", in, v, nv, minv, err, u)
		}
	}
}

// varRead and bytesRead are what the IxiVarInt and IxiBytes readers
// return, for check.Same to show when the profiles read an input apart.
type varRead[V uint64 | int64] struct {
	Value   V
	Len     int
	Minimal bool
}

type bytesRead struct {
	Value []byte
	Len   int
}

// varintWidth is the length of an IxiVarInt with this first byte.
func varintWidth(prefix byte) int {
	switch prefix {
	case 0xF8, 0xFC:
		return 3
	case 0xF9, 0xFD:
		return 5
	case 0xFA, 0xFE:
		return 9
	}
	return 1
}

// CheckIxiVarInt checks the signed IxiVarInt decoder.
func CheckIxiVarInt(t check.TB, in []byte) {
	v, n, minimal, errD := ixian.DecodeVarInt(in, ixian.Deployed)
	vs, ns, mins, errS := ixian.DecodeVarInt(in, ixian.Strict)
	rs, rd := varRead[int64]{vs, ns, mins}, varRead[int64]{v, n, minimal}
	strictOK := check.Same(t, "IxiVarInt", &rs, errS, &rd, errD, rs == rd)
	if errD != nil {
		if category.Of(errS) != category.Of(errD) {
			t.Fatalf("%x: the profiles reject for different reasons: %v / %v", in, errS, errD)
		}
		return
	}
	enc := ixian.AppendVarInt(nil, v)
	if n > len(in) || n != varintWidth(in[0]) || minimal != bytes.Equal(enc, in[:n]) {
		t.Fatalf("%x: value %d, %d bytes, minimal %v; the minimal form is %x", in, v, n, minimal, enc)
	}
	if (v < 0) != (in[0] >= 0xF8 && in[0] <= 0xFA && !bytes.Equal(in[1:n], make([]byte, n-1))) {
		t.Fatalf("%x: sign of %d does not follow the prefix", in, v)
	}
	if strictOK != minimal || (!strictOK && !errors.Is(errS, category.NonMinimalVarint)) {
		t.Fatalf("%x: strict verdict %v for minimal=%v", in, errS, minimal)
	}
	v2, n2, min2, err := ixian.DecodeVarInt(enc, ixian.Strict)
	if err != nil || v2 != v || n2 != len(enc) || !min2 {
		t.Fatalf("%x: Decode(Encode(%d)) = %d, %d, %v, %v", in, v, v2, n2, min2, err)
	}
	if v >= 0 && !bytes.Equal(enc, ixian.AppendVarUInt(nil, uint64(v))) {
		t.Fatalf("%d: the signed and unsigned encoders differ on a non-negative value", v)
	}
}

// CheckIxiBytes checks the IxiBytes decoder, and that its length prefix is
// checked against the input before anything is taken from it.
func CheckIxiBytes(t check.TB, in []byte) {
	v, n, errD := ixian.DecodeIxiBytes(in, ixian.Deployed)
	vs, ns, errS := ixian.DecodeIxiBytes(in, ixian.Strict)
	rs, rd := bytesRead{vs, ns}, bytesRead{v, n}
	strictOK := check.Same(t, "IxiBytes", &rs, errS, &rd, errD, ns == n && bytes.Equal(vs, v) && (vs == nil) == (v == nil))

	l, ln, lmin, lerr := ixian.DecodeVarUInt(in, ixian.Deployed)
	var want category.Category
	switch {
	case lerr != nil:
		want = category.Of(lerr)
	case l > math.MaxInt32:
		want = category.VarintOverflow
	case l > uint64(len(in)-ln):
		want = category.Truncated
	}
	if got := category.Of(errD); got != want {
		t.Fatalf("%x: length %d in %d bytes: got %q, want %q", in, l, len(in)-ln, got, want)
	}
	if errD != nil {
		return
	}
	if n != ln+int(l) || len(v) != int(l) || (l == 0) != (v == nil) {
		t.Fatalf("%x: %d bytes read, value of %d bytes; the prefix says %d", in, n, len(v), l)
	}
	if l > 0 && (&v[0] != &in[ln] || cap(v) != len(v)) {
		t.Fatalf("%x: the value is not a capped sub-slice of the input", in)
	}
	if strictOK != lmin {
		t.Fatalf("%x: strict verdict %v for a minimal=%v prefix", in, errS, lmin)
	}
	// Encode(Decode(x)) is the minimal prefix and the value. When that is
	// the whole input (a minimal prefix, nothing after the value),
	// Decode(Encode(Decode(x))) is Decode(x), which Strict has given above:
	// the value, which can be as long as the input, is not copied.
	var pre [9]byte
	if n == len(in) && bytes.Equal(ixian.AppendVarUInt(pre[:0], l), in[:ln]) {
		if errS != nil || ns != ixian.IxiBytesSize(v) {
			t.Fatalf("%x: Decode(Encode(Decode(x))) = %d bytes, %v; want %d bytes", in, ns, errS, ixian.IxiBytesSize(v))
		}
		return
	}
	buf := getBuf()
	defer putBuf(buf)
	enc := ixian.AppendIxiBytes((*buf)[:0], v)
	*buf = enc
	v2, n2, err := ixian.DecodeIxiBytes(enc, ixian.Strict)
	if err != nil || !bytes.Equal(v2, v) || n2 != len(enc) || n2 != ixian.IxiBytesSize(v) {
		t.Fatalf("%x: Decode(Encode(Decode(x))) = %x, %d, %v", in, v2, n2, err)
	}
}

// CheckRequestAdd2 checks the requestAdd2 (40) payload decoder.
func CheckRequestAdd2(t check.TB, in []byte) {
	r := ixian.ReadRequestAdd2(in) // m.Decode(in, p) is ReadRequestAdd2(in).Apply(&m, p)
	var s, d ixian.RequestAdd2
	errS, errD := r.Apply(&s, ixian.Strict), r.Apply(&d, ixian.Deployed)
	strictOK := check.Same(t, "requestAdd2", &s, errS, &d, errD, errS == nil && errD == nil && sameRequestAdd2(&s, &d))
	if errD != nil {
		return
	}
	if !rawVersionWritable(d.MaxProtocolVersion) {
		if strictOK { // Strict's version is one raw byte
			t.Fatalf("Encode(Decode(x)) != x: strict accepted version %d, which no raw byte holds", d.MaxProtocolVersion)
		}
		return
	}
	buf := getBuf()
	defer putBuf(buf)
	enc := d.Append((*buf)[:0])
	*buf = enc
	if isInput(enc, in) {
		return // Decode(Encode(Decode(x))) is Decode(x)
	}
	if strictOK {
		t.Fatalf("Encode(Decode(x)) != x:\n%x\n%x", enc, in)
	}
	var back ixian.RequestAdd2
	if err := back.Decode(enc, ixian.Deployed); err != nil || !sameRequestAdd2(&back, &d) {
		t.Fatalf("Decode(Encode(Decode(x))) = %+v, %v; want %+v", back, err, d)
	}
}

// rawVersionWritable says whether Ixian-Core's writer, which puts a version
// in one raw byte, writes v so that its reader, which reads an IxiVarUInt,
// gets v back: only for 0..0xF7. A decoded version of 0xF8 or more (from a
// multi-byte varint) cannot be written back.
func rawVersionWritable(v int) bool { return v >= 0 && v < 0xF8 }

// CheckAcceptAdd2 checks the acceptAdd2 (41) payload decoder.
func CheckAcceptAdd2(t check.TB, in []byte) {
	r := ixian.ReadAcceptAdd2(in) // m.Decode(in, p) is ReadAcceptAdd2(in).Apply(&m, p)
	var s, d ixian.AcceptAdd2
	errS, errD := r.Apply(&s, ixian.Strict), r.Apply(&d, ixian.Deployed)
	strictOK := check.Same(t, "acceptAdd2", &s, errS, &d, errD, errS == nil && errD == nil && sameAcceptAdd2(&s, &d))
	if errD != nil {
		return
	}
	if !rawVersionWritable(d.Version) {
		if strictOK { // Strict's version is one raw byte
			t.Fatalf("Encode(Decode(x)) != x: strict accepted version %d, which no raw byte holds", d.Version)
		}
		return
	}
	buf := getBuf()
	defer putBuf(buf)
	enc := d.Append((*buf)[:0])
	*buf = enc
	if isInput(enc, in) {
		return // Decode(Encode(Decode(x))) is Decode(x)
	}
	if strictOK {
		t.Fatalf("Encode(Decode(x)) != x:\n%x\n%x", enc, in)
	}
	var back ixian.AcceptAdd2
	err := back.Decode(enc, ixian.Deployed)
	want := d
	want.CapabilitiesPresent = true // the writer always writes capabilities
	checkCapabilitiesRoundTrip(t, "acceptAdd2", d.Capabilities, err, sameAcceptAdd2(&back, &want), back, want)
}

// checkCapabilitiesRoundTrip checks Decode(Encode(m)) for a message with a
// capabilities field (same: the decoded message is want). Ixian-Core's
// reader casts an IxiVarUInt to a C# int, so a value of 2^31 or more
// decodes negative; its writer then writes that negative int through the
// signed encoder (0xF8-0xFA), which the unsigned reader refuses: such a
// message cannot be written back.
func checkCapabilitiesRoundTrip[M any](t check.TB, what string, caps ixian.StreamCapabilities, err error, same bool, back, want M) {
	if caps < 0 {
		if !errors.Is(err, category.NegativeLength) {
			t.Fatalf("%s with capabilities %d re-encoded: %v, want negative_length", what, caps, err)
		}
		return
	}
	if err != nil || !same {
		t.Fatalf("%s: Decode(Encode(Decode(x))) = %+v, %v; want %+v", what, back, err, want)
	}
}

// CheckKeys2 checks the keys2 (42) payload decoder.
func CheckKeys2(t check.TB, in []byte) {
	r := ixian.ReadKeys2(in) // m.Decode(in, p) is ReadKeys2(in).Apply(&m, p)
	var s, d ixian.Keys2
	errS, errD := r.Apply(&s, ixian.Strict), r.Apply(&d, ixian.Deployed)
	strictOK := check.Same(t, "keys2", &s, errS, &d, errD, errS == nil && errD == nil && sameKeys2(&s, &d))
	if errD != nil {
		return
	}
	buf := getBuf()
	defer putBuf(buf)
	enc := d.Append((*buf)[:0])
	*buf = enc
	if isInput(enc, in) {
		return // Decode(Encode(Decode(x))) is Decode(x)
	}
	if strictOK {
		t.Fatalf("Encode(Decode(x)) != x:\n%x\n%x", enc, in)
	}
	var back ixian.Keys2
	err := back.Decode(enc, ixian.Deployed)
	want := d
	want.CapabilitiesPresent = true
	checkCapabilitiesRoundTrip(t, "keys2", d.Capabilities, err, sameKeys2(&back, &want), back, want)
}

// CheckSpixiMessage checks the SpixiMessage frame decoder, and that
// Ixian-Core's error-swallowing constructor is modelled consistently.
func CheckSpixiMessage(t check.TB, in []byte) {
	var s, d ixian.SpixiMessage
	errS, errD := s.Decode(in, ixian.Strict), d.Decode(in, ixian.Deployed)
	strictOK := check.Same(t, "SpixiMessage", &s, errS, &d, errD, errS == nil && errD == nil && sameSpixiMessage(&s, &d))
	// DecodeSpixiMessageLikeIxianCore(in) is SpixiMessageLikeIxianCore of
	// Decode(in, Deployed): d and errD, which a second decode could only
	// show to be non-deterministic.
	core, swallowed := ixian.SpixiMessageLikeIxianCore(d, errD)
	if (swallowed == nil) != (errD == nil) {
		t.Fatalf("LikeIxianCore swallowed %v; Deployed said %v", swallowed, errD)
	}
	if swallowed != nil && (core.Type != 0 || core.Data != nil || core.Channel != 0) {
		t.Fatalf("LikeIxianCore kept %+v after %v", core, swallowed)
	}
	if errD != nil {
		return
	}
	if !sameSpixiMessage(&core, &d) {
		t.Fatalf("LikeIxianCore %+v, Deployed %+v", core, d)
	}
	buf := getBuf()
	defer putBuf(buf)
	enc := d.Append((*buf)[:0])
	*buf = enc
	if isInput(enc, in) {
		return // Decode(Encode(Decode(x))) is Decode(x)
	}
	if strictOK {
		t.Fatalf("Encode(Decode(x)) != x:\n%x\n%x", enc, in)
	}
	// The writer always writes channel and both group fields, and the data
	// it has: what Deployed tolerated is written back in full form.
	var back ixian.SpixiMessage
	err := back.Decode(enc, ixian.Deployed)
	want := d
	want.DataShort, want.ChannelPresent, want.GroupPresent = false, true, true
	if err != nil || !sameSpixiMessage(&back, &want) {
		t.Fatalf("Decode(Encode(Decode(x))) = %+v, %v; want %+v", back, err, want)
	}
}

// CheckRSAPublicKey checks the parser of Ixian's RSA public-key format.
func CheckRSAPublicKey(t check.TB, in []byte) {
	ks, errS := ixian.ParseRSAPublicKey(in, ixian.Strict)
	kd, errD := ixian.ParseRSAPublicKey(in, ixian.Deployed)
	strictOK := check.SameVerdict(t, "rsaPubKey", ks, errS, kd, errD)
	// The key's two big integers are the only allocation beyond the error.
	if strictOK {
		if enc := ixian.RSAPublicKeyBytes(ks, in[0]); !bytes.Equal(enc, in) {
			t.Fatalf("Encode(Decode(x)) != x:\n%x\n%x", enc, in)
		}
	}
	if errD != nil || kd.N.Sign() == 0 || kd.E <= 0 {
		return
	}
	// Deployed tolerates the legacy headerless form, a non-zero key version
	// and leading zero bytes; the writer emits none of them. The canonical
	// form must then parse strictly to the same key, unless dropping the
	// zero bytes made it shorter than Ixian-Core's 49-byte minimum.
	enc := ixian.RSAPublicKeyBytes(kd, 1)
	back, err := ixian.ParseRSAPublicKey(enc, ixian.Strict)
	if len(enc) < 49 {
		return
	}
	if err != nil || back.N.Cmp(kd.N) != 0 || back.E != kd.E {
		t.Fatalf("the canonical form of a Deployed key: %v", err)
	}
}

// CheckIxianTransition checks the handshakeStatus state machine on any
// state and event: no error but for an invalid role or kind, a status in
// 0..3, a timestamp that never goes back, verdicts with the categories the
// spec lists, no state change on Ignored, state changes on Rejected only
// where spec/ixian-s2.md §10 says a refusal still writes, and guards that do
// not depend on the role.
func CheckIxianTransition(t check.TB, role uint8, known, approved, pending, disabled bool, status, version int, lastTimestamp int64,
	kind uint8, eventVersion int, eventTimestamp int64, msgID []byte) {
	kinds := ixfix.EventKinds
	r := ixian.RoleRequester
	if role&1 == 1 {
		r = ixian.RoleAcceptor
	}
	s := ixian.FriendState{Known: known, HandshakeStatus: ((status % 4) + 4) % 4, ProtocolVersion: version,
		LastReceivedHandshakeMessageTimestamp: lastTimestamp, Approved: approved, PendingEphemeral: pending,
		AddRequestsDisabled: disabled}
	e := ixian.Event{Kind: kinds[int(kind)%len(kinds)], Version: eventVersion, Timestamp: eventTimestamp, MsgID: msgID}
	o, err := ixian.Transition(r, s, e)
	if err != nil {
		t.Fatalf("Transition: %v", err)
	}
	other := ixian.RoleAcceptor
	if r == other {
		other = ixian.RoleRequester
	}
	if o2, _ := ixian.Transition(other, s, e); !reflect.DeepEqual(o, o2) {
		t.Fatalf("the verdict depends on the role:\n%v\n%v", o, o2)
	}
	want := specTransition(s, e)
	if o.State != want.state || o.Verdict != want.verdict || category.Of(o.Err) != want.cat || (o.Verdict != ixian.Rejected || want.action != "") && o.Action != want.action {
		t.Fatalf("%s on %+v: got %v %v %q -> %+v\nspec/ixian-s2.md §10: %v %q %q -> %+v", e.Kind, s, o.Verdict, category.Of(o.Err), o.Action, o.State,
			want.verdict, want.cat, want.action, want.state)
	}
	if o.State.HandshakeStatus < 0 || o.State.HandshakeStatus > 3 {
		t.Fatalf("status %d", o.State.HandshakeStatus)
	}
	if s.Known && o.State.LastReceivedHandshakeMessageTimestamp < s.LastReceivedHandshakeMessageTimestamp {
		t.Fatalf("the timestamp went back: %v", o)
	}
	switch o.Verdict {
	case ixian.Rejected:
		if c := category.Of(o.Err); c != category.State && c != category.Replay && c != category.Downgrade {
			t.Fatalf("rejected with %v", o.Err)
		}
		check.Category(t, "Transition", o.Err)
		if o.State != s && !writesOnRefusal(e.Kind) {
			t.Fatalf("%s refused but changed the state:\n%+v\n%+v", e.Kind, s, o.State)
		}
	case ixian.Ignored:
		if o.Err != nil || o.State != s {
			t.Fatalf("ignored with an error or a state change: %v", o)
		}
	case ixian.Accepted:
		if o.Err != nil {
			t.Fatalf("accepted with an error: %v", o)
		}
	default:
		t.Fatalf("verdict %q", o.Verdict)
	}
}

// writesOnRefusal lists the events whose refusal can still change the
// record: acceptAdd2 and the legacy messages store the timestamp before
// their handler refuses, the legacy requestAdd creates the record first,
// and a requestAdd2 from an approved contact updates it before
// sendAcceptAdd2 refuses.
func writesOnRefusal(k ixian.EventKind) bool {
	switch k {
	case ixian.AcceptAdd2Received, ixian.RequestAdd2Received, ixian.RequestAddReceived, ixian.AcceptAddReceived, ixian.KeysReceived:
		return true
	}
	return false
}

// The profile invariant and the round trips compare decoded messages field
// by field: reflect.DeepEqual of two boxed messages was most of a check's
// cost under libFuzzer (TestSameCoversEveryField keeps these functions in
// step with the structs). A nil and an empty slice differ, as they do for
// DeepEqual.

func sameBytes(a, b []byte) bool { return bytes.Equal(a, b) && (a == nil) == (b == nil) }

// isInput says whether a round trip's encoding is the input. bytes.Equal
// is a string comparison, which the libFuzzer build hooks: when the two
// differ (a Deployed input written back in canonical form), the hook copied
// both, a few KB, to hand libFuzzer C strings that end at their first zero
// byte. bytes.Compare is not hooked.
func isInput(enc, in []byte) bool {
	//lint:ignore S1004 bytes.Equal is the hooked comparison this avoids
	return len(enc) == len(in) && bytes.Compare(enc, in) == 0
}

func sameRequestAdd2(a, b *ixian.RequestAdd2) bool {
	return a.MaxProtocolVersion == b.MaxProtocolVersion && sameBytes(a.PubKey, b.PubKey)
}

func sameAcceptAdd2(a, b *ixian.AcceptAdd2) bool {
	return a.Version == b.Version && a.Capabilities == b.Capabilities && a.CapabilitiesPresent == b.CapabilitiesPresent &&
		sameBytes(a.RSAPubKey, b.RSAPubKey) && sameBytes(a.ECDHPubKey, b.ECDHPubKey) && sameBytes(a.MLKEMPubKey, b.MLKEMPubKey) &&
		sameBytes(a.AESSalt, b.AESSalt)
}

func sameKeys2(a, b *ixian.Keys2) bool {
	return a.Capabilities == b.Capabilities && a.CapabilitiesPresent == b.CapabilitiesPresent &&
		sameBytes(a.ECDHPubKey, b.ECDHPubKey) && sameBytes(a.MLKEMCiphertext, b.MLKEMCiphertext) && sameBytes(a.ChachaSalt, b.ChachaSalt)
}

func sameSpixiMessage(a, b *ixian.SpixiMessage) bool {
	return a.Type == b.Type && a.Channel == b.Channel && a.DataShort == b.DataShort && a.ChannelPresent == b.ChannelPresent &&
		a.GroupPresent == b.GroupPresent && sameBytes(a.Data, b.Data) && sameBytes(a.GroupAddress, b.GroupAddress) &&
		sameBytes(a.GroupSenderAddress, b.GroupSenderAddress)
}

// encBuf holds the buffer the round trips encode into: a payload is a few
// KB, and allocating it twice per input was a fifth of a check's cost. One
// slot, which a concurrent caller finds empty and then allocates: sync.Pool's
// Get and Put were some twenty instrumented blocks, each a feature libFuzzer
// handles on every execution.
var encBuf atomic.Pointer[[]byte]

func getBuf() *[]byte {
	if b := encBuf.Swap(nil); b != nil {
		return b
	}
	b := make([]byte, 0, 4096)
	return &b
}

func putBuf(b *[]byte) { encBuf.Store(b) }
