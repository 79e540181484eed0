package difffuzz

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/pqhs/pqhs/internal/jsjson"
	"github.com/pqhs/pqhs/vectors"
)

// mutate changes one input field of v in place, knowing the field's type
// from the catalogue and, through its name, its structure (shapes.go). It
// returns what it did, or "" if it did nothing.
func (g *familyGen) mutate(r *rand.Rand, v vectors.Values, in *input) string {
	fields := g.fam.Inputs
	if len(fields) == 0 {
		return ""
	}
	f := fields[r.IntN(len(fields))]
	raw, present := v[f.Name]
	switch {
	case !present:
		if f.Optional || r.IntN(8) == 0 {
			if val, ok := g.other(r, f.Name); ok {
				in.forget(f.Name)
				v[f.Name] = val
				return "add " + f.Name
			}
		}
		return ""
	case r.IntN(40) == 0:
		in.forget(f.Name)
		delete(v, f.Name)
		return "drop " + f.Name
	case r.IntN(10) == 0:
		in.flush()
		raw = v[f.Name]
		if val, ok := g.other(r, f.Name); ok && string(val) != string(raw) && (!localInputs[f.Name] || f.Type == vectors.JSON || (f.Type == vectors.Hex && len(val) == len(raw))) {
			in.forget(f.Name)
			v[f.Name] = val
			return "splice " + f.Name
		}
	}
	if f.Name == "rsaPrivateKey" {
		// A PKCS#8 container: a bit flip in it tests the port's ASN.1
		// library, not the protocol (and Go and OpenSSL differ on it).
		return ""
	}
	sh := shapeFor(g.fam, f.Name)
	switch f.Type {
	case vectors.Hex:
		b, owned, err := in.hexField(f.Name)
		if err != nil {
			return ""
		}
		var nb []byte
		var d string
		if sh != nil && sh.bytes != nil && r.IntN(4) != 0 {
			if !sh.pure {
				in.flush() // it reads the input
			}
			nb, d = sh.bytes(&mctx{r: r, g: g, in: v, field: f.Name, mem: in}, b)
			if !owned && shareMemory(nb, b) {
				nb = slices.Clone(nb) // a cut of shared bytes (mutateJSONText)
			}
		}
		if nb == nil {
			// b, when owned, is edited in place unless the field keeps
			// its length (below), which needs b as it was.
			nb, d = editBytes(r, b, owned && !localInputs[f.Name], in)
		}
		if localInputs[f.Name] && len(nb) != len(b) {
			if len(b) == 0 {
				return ""
			}
			nb, d = slices.Clone(b), ""
			i, bit := r.IntN(len(b)), r.IntN(8)
			nb[i] ^= 1 << bit
			d = "flip bit " + itoa(bit) + " of byte " + itoa(i)
		}
		in.setHex(f.Name, nb)
		return f.Name + ": " + d
	case vectors.String:
		s, err := v.String(f.Name)
		if err != nil {
			return ""
		}
		var ns, d string
		ok := false
		if sh != nil && sh.text != nil && r.IntN(4) != 0 {
			in.flush()
			ns, d, ok = sh.text(&mctx{r: r, g: g, in: v, field: f.Name}, s)
		}
		if !ok {
			ns, d = mutateText(r, s)
		}
		if sh == shAddress && strings.Contains(ns, loneSurrogate) {
			// Addresses come from event logs as 20 bytes or are typed as hex:
			// no source of one holds a lone surrogate.
			return ""
		}
		v[f.Name] = jsString(ns)
		if f.Name == "proofMessage" && v.Has("proofSignature") && r.IntN(4) != 0 {
			// Signed again when the key is known, so that the edit reaches
			// the checks after the signature's.
			if sig, ok := resign(ns); ok {
				v["proofSignature"] = jsString(sig)
				d += ", signed again"
			}
		}
		return f.Name + ": " + d
	case vectors.Int:
		n, err := v.Int(f.Name)
		if err != nil || localInputs[f.Name] {
			return ""
		}
		nn := mutateInt(r, n)
		v.Set(f.Name, nn)
		return f.Name + ": " + strconv.FormatInt(nn, 10)
	case vectors.Decimal:
		n, err := v.Decimal(f.Name)
		if err != nil {
			return ""
		}
		nn := mutateDecimal(r, n)
		v.SetDecimal(f.Name, nn)
		return fmt.Sprintf("%s: %s", f.Name, nn)
	case vectors.Bool:
		b, err := v.Bool(f.Name)
		if err != nil {
			return ""
		}
		v.Set(f.Name, !b)
		return f.Name + ": negated"
	case vectors.HexList:
		var l []string
		if v.Get(f.Name, &l) != nil {
			return ""
		}
		if len(l) > 0 {
			i := r.IntN(len(l))
			b, _ := hexDecode(l[i])
			nb, d := mutateBytes(r, b)
			l[i] = fmt.Sprintf("%x", nb)
			v.Set(f.Name, l)
			return fmt.Sprintf("%s[%d]: %s", f.Name, i, d)
		}
	case vectors.JSON:
		if localInputs[f.Name] {
			return "" // spliced whole only (above)
		}
		nv, d, ok := g.jsonLex.mutate(r, f.Name, raw)
		if ok {
			v[f.Name] = nv
			return f.Name + ": " + d
		}
	}
	return ""
}

// localInputs are inputs that an implementation never receives from a
// peer: its own private keys, its persisted session state, its pending
// handshakes, its randomness. Their single defects are in the vectors; the
// fuzzer keeps them well-formed (same length; JSON only replaced whole by
// another test's), since the order in which an implementation checks its
// own inputs against the peer's is no protocol's rule, and a disagreement
// on it would be noise.
var localInputs = map[string]bool{
	"rsaPrivateKey": true, "state": true, "pending": true, "signingSeed": true, "paddingFill": true,
	"mlkemSeed": true, "ephemeralSecret": true, "ratchetSecret": true, "newRatchetSecret": true,
	"tagSecret": true, "boxNonce": true, "responderPubKeys": true, "nonce": true, "jitter": true,
}

// jsString encodes s as a JSON string, keeping lone surrogates (WTF-8) as
// \u escapes.
func jsString(s string) json.RawMessage {
	return json.RawMessage(jsjson.AppendString(nil, s))
}

// mctx is what a structure-aware mutator can see: the randomness, the
// family (its dictionary) and the whole input (a box key, a signing key).
type mctx struct {
	r     *rand.Rand
	g     *familyGen
	in    vectors.Values
	field string
	// mem is the input being made, whose campaign's memory a large
	// result may take (input.sized): such bytes never leave the input.
	mem *input
}

// interesting bytes: varint prefixes and sign boundaries.
var interestingBytes = []byte{0x00, 0x01, 0x02, 0x03, 0x04, 0x06, 0x07, 0x7f, 0x80, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff}

// interestingSizes are the lengths the protocols care about.
var interestingSizes = []int{0, 1, 2, 16, 20, 24, 31, 32, 33, 63, 64, 65, 66, 67, 72, 73, 104, 105, 132, 133, 134, 144, 145, 247, 248, 1087, 1088, 1089, 1184, 1215, 1216, 1567, 1568, 1569}

// mutateBytes edits a byte string without knowing its structure: bit
// flips, byte edits, truncation and extension, inserted and removed runs,
// and lengths the protocols care about. It leaves b as it is; the result
// is new memory.
func mutateBytes(r *rand.Rand, b []byte) ([]byte, string) {
	return editBytes(r, b, false, nil)
}

// editBytes is mutateBytes; with owned, b is the caller's to give, and an
// edit that keeps the length makes it in place. The new memory of a large
// result comes from in's campaign if in is set (input.sized).
func editBytes(r *rand.Rand, b []byte, owned bool, in *input) ([]byte, string) {
	if len(b) == 0 {
		n := interestingSizes[r.IntN(len(interestingSizes))]
		return randBytes(r, n), strconv.Itoa(n) + " random bytes"
	}
	// The copies a large field's edits make come from in's campaign too
	// (input.sized): a 64 KiB copy from the heap per such edit was garbage.
	clone := func() []byte {
		if owned {
			return b
		}
		return in.sized(b, len(b))
	}
	switch r.IntN(11) {
	case 0, 1:
		b = clone()
		i := r.IntN(len(b))
		bit := r.IntN(8)
		b[i] ^= 1 << bit
		return b, "flip bit " + itoa(bit) + " of byte " + itoa(i)
	case 2:
		b = clone()
		i := r.IntN(len(b))
		b[i] = interestingBytes[r.IntN(len(interestingBytes))]
		return b, "byte " + itoa(i) + " = " + hex2(b[i])
	case 3:
		b = clone()
		i := r.IntN(len(b))
		b[i] = byte(r.Uint32())
		return b, "byte " + itoa(i) + " = " + hex2(b[i])
	case 4:
		n := 1 + r.IntN(min(len(b), 8))
		return in.sized(b[:len(b)-n], 0), "cut " + itoa(n) + " bytes at the end"
	case 5:
		n := r.IntN(len(b))
		return in.sized(b[:n], 0), "truncated to " + itoa(n) + " bytes"
	case 6:
		n := 1 + r.IntN(8)
		return appendRand(r, in.sized(b, len(b)+n), n), itoa(n) + " bytes appended"
	case 7:
		i, n := r.IntN(len(b)), 1+r.IntN(4)
		n = min(n, len(b)-i)
		return append(in.sized(b[:i], len(b)-n), b[i+n:]...), itoa(n) + " bytes removed at " + itoa(i)
	case 8:
		i := r.IntN(len(b) + 1)
		m := 1 + r.IntN(4)
		out := appendRand(r, in.sized(b[:i], len(b)+m), m)
		return append(out, b[i:]...), itoa(m) + " bytes inserted at " + itoa(i)
	case 9:
		n := interestingSizes[r.IntN(len(interestingSizes))]
		return in.resize(r, b, n), "resized to " + itoa(n) + " bytes"
	default:
		// A large size: every length prefix's width boundary.
		n := []int{0xf7, 0xf8, 0xffff, 0x10000, 0x10001}[r.IntN(5)]
		return in.resize(r, b, n), "resized to " + itoa(n) + " bytes"
	}
}

// itoa and hex2 format the numbers of descriptions as fmt's %d and %02x
// do, without fmt: a case makes one to four descriptions.
func itoa(n int) string { return strconv.Itoa(n) }

func hex2(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}

// shareMemory reports whether a and b may reach the same bytes: whether
// the memory up to their capacities overlaps. Comparing addresses rather
// than the arrays' last elements also catches a cut that ends before its
// array does (b[i:j:j]); it is false for empty ones.
func shareMemory(a, b []byte) bool {
	if cap(a) == 0 || cap(b) == 0 {
		return false
	}
	a0 := uintptr(unsafe.Pointer(unsafe.SliceData(a)))
	b0 := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return a0 < b0+uintptr(cap(b)) && b0 < a0+uintptr(cap(a))
}

// sized returns a copy of b in new memory with room for n bytes: a large
// block from in's campaign (input.bufs), else (or with a nil in) from the heap.
func (in *input) sized(b []byte, n int) []byte {
	n = max(n, len(b))
	var out []byte
	if in != nil && in.bufs != nil && n >= bigHex {
		out = in.bufs.get(n, false)[:len(b)]
		in.scratch = append(in.scratch, out)
	} else {
		out = make([]byte, len(b), n)
	}
	copy(out, b)
	return out
}

// resize returns b cut to n bytes or extended with random bytes, in new
// memory.
func resize(r *rand.Rand, b []byte, n int) []byte { return (*input)(nil).resize(r, b, n) }

// resize is the package's resize, taking a large block from in's campaign.
func (in *input) resize(r *rand.Rand, b []byte, n int) []byte {
	if n <= len(b) {
		return in.sized(b[:n], 0)
	}
	return appendRand(r, in.sized(b, n), n-len(b))
}

// randBytes returns n random bytes: the little-endian bytes of
// ceil(n/8) draws of r.Uint64, cut to n.
func randBytes(r *rand.Rand, n int) []byte {
	return appendRand(r, make([]byte, 0, n), n)
}

// appendRand appends n random bytes to b, as randBytes makes them.
func appendRand(r *rand.Rand, b []byte, n int) []byte {
	at := len(b)
	b = slices.Grow(b, n)[:at+n]
	out := b[at:]
	if n >= fastFillMin {
		if p := pcgOf(r); p != nil {
			fillPCG(p, out)
			return b
		}
	}
	for len(out) >= 8 {
		binary.LittleEndian.PutUint64(out, r.Uint64())
		out = out[8:]
	}
	if len(out) > 0 {
		var w [8]byte
		binary.LittleEndian.PutUint64(w[:], r.Uint64())
		copy(out, w[:])
	}
	return b
}

// textRunes are characters text handlers disagree on: quotes, escapes,
// controls, HTML characters, non-ASCII, line separators, astral characters.
var textRunes = []string{"a", "0", " ", "\"", "\\", "\n", "\r", "\t", "\x00", "\x7f", "<", "&", "é", "\u00a0", "\u2028", "\ufeff", "中", "😀", "\ufffd", "x", ":", "0x"}

// loneSurrogate is the WTF-8 form of U+D800, which JSON writes as \ud800.
const loneSurrogate = "\xed\xa0\x80"

// mutateText edits a text without knowing its structure.
func mutateText(r *rand.Rand, s string) (string, string) {
	runes := []rune(s)
	switch r.IntN(10) {
	case 0:
		return "", "emptied"
	case 1:
		return strings.ToUpper(s), "upper case"
	case 2:
		return strings.ToLower(s), "lower case"
	case 3:
		if len(runes) > 0 {
			i := r.IntN(len(runes))
			return string(runes[:i]) + string(runes[i+1:]), "character " + itoa(i) + " removed"
		}
	case 4:
		if len(runes) > 0 {
			n := r.IntN(len(runes))
			return string(runes[:n]), "truncated to " + itoa(n) + " characters"
		}
	case 5:
		return " " + s + " ", "spaces around"
	case 6:
		i := r.IntN(len(runes) + 1)
		return string(runes[:i]) + loneSurrogate + string(runes[i:]), "lone surrogate inserted"
	case 7:
		if strings.HasPrefix(s, "0x") {
			return s[2:], "0x removed"
		}
		return "0x" + s, "0x added"
	}
	i := r.IntN(len(runes) + 1)
	ins := textRunes[r.IntN(len(textRunes))]
	return string(runes[:i]) + ins + string(runes[i:]), fmt.Sprintf("%q inserted at %d", ins, i)
}

// interestingInts are boundaries of the integer types the protocols use.
var interestingInts = []int64{0, 1, -1, 2, 15, 17, 63, 0x7f, 0x80, 0xf7, 0xf8, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
	1<<31 - 1, 1 << 31, -1 << 31, 1<<32 - 1, 1 << 32, 100000, 100001, 1000, 1001, 1 << 53, -1 << 53}

// mutateInt keeps to the vector format's integers, within ±2^53
// (spec/vectors.md): beyond them a JSON reader in JavaScript rounds the
// request's number before the port sees it, and the case would test the
// adapter's JSON, not the port. (Decimal fields carry the wider values.)
func mutateInt(r *rand.Rand, n int64) int64 {
	return max(-1<<53, min(1<<53, mutateIntAny(r, n)))
}

func mutateIntAny(r *rand.Rand, n int64) int64 {
	switch r.IntN(5) {
	case 0:
		return n + int64(r.IntN(5)) - 2
	case 1:
		return -n
	case 2:
		// The same value modulo 2^8, 2^16, 2^31 or 2^32: what a narrower
		// integer type would keep of it.
		d := []int64{1 << 8, 1 << 16, 1 << 31, 1 << 32}[r.IntN(4)]
		if r.IntN(2) == 0 {
			d = -d
		}
		return n + d
	}
	return interestingInts[r.IntN(len(interestingInts))]
}

var interestingDecimals = func() []*big.Int {
	var out []*big.Int
	for _, s := range []string{"0", "1", "-1", "247", "248", "65535", "65536", "4294967295", "4294967296",
		"9007199254740992", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
		"18446744073709551615", "18446744073709551616", "-32768", "-32769", "-2147483648", "-2147483649", "-65536"} {
		n, _ := new(big.Int).SetString(s, 10)
		out = append(out, n)
	}
	return out
}()

func mutateDecimal(r *rand.Rand, n *big.Int) *big.Int {
	switch r.IntN(4) {
	case 0:
		return new(big.Int).Add(n, big.NewInt(int64(r.IntN(5))-2))
	case 1:
		return new(big.Int).Neg(n)
	}
	return interestingDecimals[r.IntN(len(interestingDecimals))]
}

func hexDecode(s string) ([]byte, error) {
	var v vectors.Values = vectors.Values{"x": jsString(s)}
	return v.Bytes("x")
}

// The random bytes of a large resize (64 KiB is a size mutateBytes tries)
// were the largest part of generating a large case: one r.Uint64 call
// through the Source interface per 8 bytes, each loading and storing the
// PCG's state. fillPCG writes the same bytes, computing the PCG's steps
// with the state in registers, two interleaved (half the time: 34 -> 18
// µs per 64 KiB on the AMD EPYC Turin VM), and leaves the PCG where the
// calls would have: what is generated does not change (TestFillPCG,
// TestGenerationDigest).

// fastFillMin is the length from which appendRand fills through fillPCG.
const fastFillMin = 256

// pcgOf returns r's source if it is a *rand.PCG, else nil. rand.Rand
// holds only its Source; pcgLayout checks that at start, on a Rand made
// here, so that a change of the layout turns the fast path off rather
// than reading something else.
func pcgOf(r *rand.Rand) *rand.PCG {
	if !pcgLayout || r == nil {
		return nil
	}
	p, _ := (*(*rand.Source)(unsafe.Pointer(r))).(*rand.PCG)
	return p
}

var pcgLayout = func() bool {
	p := rand.NewPCG(1, 2)
	r := rand.New(p)
	if unsafe.Sizeof(*r) != unsafe.Sizeof(rand.Source(nil)) {
		return false
	}
	q, ok := (*(*rand.Source)(unsafe.Pointer(r))).(*rand.PCG)
	return ok && q == p
}()

// The PCG's constants (math/rand/v2's pcg.go): state = state*mul + inc
// modulo 2^128, and the DXSM output's multiplier.
const (
	pcgMulHi    = 2549297995355413924
	pcgMulLo    = 4865540595714422341
	pcgIncHi    = 6364136223846793005
	pcgIncLo    = 1442695040888963407
	pcgCheapMul = 0xda942042e4dd58b5
)

// Two steps at once: state*mul^2 + inc*(mul+1).
var pcgMul2Hi, pcgMul2Lo, pcgInc2Hi, pcgInc2Lo = func() (uint64, uint64, uint64, uint64) {
	m2h, m2l := mul128(pcgMulHi, pcgMulLo, pcgMulHi, pcgMulLo)
	m1h, m1l := add128(pcgMulHi, pcgMulLo, 0, 1)
	i2h, i2l := mul128(pcgIncHi, pcgIncLo, m1h, m1l)
	return m2h, m2l, i2h, i2l
}()

func mul128(ah, al, bh, bl uint64) (hi, lo uint64) {
	hi, lo = bits.Mul64(al, bl)
	return hi + ah*bl + al*bh, lo
}

func add128(ah, al, bh, bl uint64) (hi, lo uint64) {
	lo, c := bits.Add64(al, bl, 0)
	hi, _ = bits.Add64(ah, bh, c)
	return hi, lo
}

// dxsm is the PCG's output for the state (hi, lo).
func dxsm(hi, lo uint64) uint64 {
	hi ^= hi >> 32
	hi *= pcgCheapMul
	hi ^= hi >> 48
	return hi * (lo | 1)
}

// fillPCG fills out as len(out)/8 calls of p.Uint64, little-endian, and one
// more cut to the rest would.
func fillPCG(p *rand.PCG, out []byte) {
	var st [20]byte
	enc, _ := p.AppendBinary(st[:0])
	hi, lo := binary.BigEndian.Uint64(enc[4:]), binary.BigEndian.Uint64(enc[12:])
	step := func(hi, lo uint64) (uint64, uint64) {
		h, l := mul128(hi, lo, pcgMulHi, pcgMulLo)
		return add128(h, l, pcgIncHi, pcgIncLo)
	}
	if len(out) >= 16 {
		// a and b: the states of the next two outputs.
		ah, al := step(hi, lo)
		bh, bl := step(ah, al)
		for {
			binary.LittleEndian.PutUint64(out, dxsm(ah, al))
			binary.LittleEndian.PutUint64(out[8:16], dxsm(bh, bl))
			out = out[16:]
			hi, lo = bh, bl
			if len(out) < 16 {
				break
			}
			ah, al = mul128(ah, al, pcgMul2Hi, pcgMul2Lo)
			ah, al = add128(ah, al, pcgInc2Hi, pcgInc2Lo)
			bh, bl = mul128(bh, bl, pcgMul2Hi, pcgMul2Lo)
			bh, bl = add128(bh, bl, pcgInc2Hi, pcgInc2Lo)
		}
	}
	for len(out) > 0 {
		hi, lo = step(hi, lo)
		var w [8]byte
		binary.LittleEndian.PutUint64(w[:], dxsm(hi, lo))
		out = out[copy(out, w[:]):]
	}
	p.Seed(hi, lo)
}
