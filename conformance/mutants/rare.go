package mutants

import (
	"bytes"
	"crypto/ed25519"
	"crypto/elliptic"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"maps"
	"math"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/internal/jsjson"
	"github.com/pqhs/pqhs/vectors"
)

// The mutants of rare inputs: bugs that only an input far from every
// vector shows (a 64 KiB field, a timestamp after 2038, a coefficient at an
// odd index, a late message across a DH step). When they were written no
// vector and no live check caught them; differential fuzzing
// (conformance/difffuzz) found each, and its finding became a vector
// (flag DiffFuzz, cmd/vectorgen/found). The search, on the mutant's
// families, from the vectors without those findings (`-vectors` of the
// commit before them), with -fuzz-seed 5 on a loaded 2-core machine:
//
//	mutant                          first finding after    vector
//	ixian-ixibytes-u16              26 cases, 0.13 s       ixian/IxiBytes/encode, ixian/acceptAdd2/encode
//	ixian-spixi2-length-u16         212 cases, 0.27 s      ixian/spixi2/encrypt
//	ixian-timestamp-int32           45 cases, 0.23 s       ixian/handshakeStatus
//	ixian-p521-unreduced            94 cases, 0.58 s       ixian/ecdh
//	ixian-hmac-key-buffer           1 case, 0.01 s         ixian/deriveKeys
//	verbeth-json-escaped-pair       551 cases, 0.36 s      verbeth/handshakePayload/decode
//	verbeth-base64-double-pad-bits  25264 cases, 32 s      verbeth/response/match
//	verbeth-chain-id-int32          773 cases, 0.75 s      verbeth/identityProof/verify
//	verbeth-skipped-key-by-number   152 cases, 0.47 s      verbeth/ratchet/decrypt
//	verbeth-dh-step-last-key-lost   158 cases, 0.53 s      verbeth/ratchet/decrypt

// rareMutants are the mutants of rare inputs: one row per bug.
var rareMutants = []*Mutant{
	{
		Name:    "ixian-ixibytes-u16",
		Bug:     "IxiBytes lengths written with a fixed 3-byte header (FC and a 16-bit length) for every length above F7: a field of 64 KiB or more gets its length modulo 2^16",
		Profile: vectors.Strict,
		Rules:   []string{"IX-BYTES-FORMAT", "IX-VARINT-FORMAT"},
		ops: map[*vectors.Family]op{
			vectors.IxianIxiBytesEncode: post(vectors.IxianIxiBytesEncode, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
				return out.With("data", u16IxiBytes(nil, get(in, "value"))), nil
			}),
			vectors.IxianAcceptAdd2Encode: post(vectors.IxianAcceptAdd2Encode, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
				b := []byte{byte(getInt(in, "version"))}
				for _, f := range []string{"rsaPubKey", "ecdhPubKey", "mlkemPubKey", "aesSalt"} {
					b = u16IxiBytes(b, get(in, f))
				}
				return out.With("payload", ixian.AppendVarInt(b, getInt(in, "capabilities"))), nil
			}),
			vectors.IxianKeys2Encode: post(vectors.IxianKeys2Encode, func(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
				var b []byte
				for _, f := range []string{"ecdhPubKey", "mlkemCiphertext", "chachaSalt"} {
					b = u16IxiBytes(b, get(in, f))
				}
				return out.With("payload", ixian.AppendVarInt(b, getInt(in, "capabilities"))), nil
			}),
		},
	},
	{
		Name:    "ixian-spixi2-length-u16",
		Bug:     "the spixi2 envelope's length of c2 written as FC and 16 bits whenever it is above F7: a message of 65504 bytes or more (a file, an image) goes out with a wrapped length",
		Profile: vectors.Strict,
		Rules:   []string{"IX-SPIXI2-LAYOUT", "IX-VARINT-FORMAT"},
		ops: map[*vectors.Family]op{
			vectors.IxianSpixi2Encrypt: post(vectors.IxianSpixi2Encrypt, func(_ vectors.Profile, _, out vectors.Values) (vectors.Values, error) {
				return out.With("ciphertext", u16Spixi2(get(out, "ciphertext"))), nil
			}),
			vectors.IxianRSA2Encrypt: post(vectors.IxianRSA2Encrypt, func(_ vectors.Profile, _, out vectors.Values) (vectors.Values, error) {
				env := get(out, "envelope")
				ek, n, err := ixian.DecodeIxiBytes(env, ixian.Deployed)
				if err != nil {
					return nil, err
				}
				_, m, _, err := ixian.DecodeVarUInt(env[n:], ixian.Deployed)
				if err != nil {
					return nil, err
				}
				blob := u16Spixi2(env[n+m:])
				return out.With("envelope", ixian.AppendIxiBytes(ixian.AppendIxiBytes(nil, ek), blob)), nil
			}),
		},
	},
	{
		Name:    "ixian-timestamp-int32",
		Bug:     "handshake timestamps kept in a 32-bit int, as a port that stores Unix seconds in an int does: from 2038 on (2^31 s) they wrap to negative and a newer acceptAdd2 looks older than the last one",
		Profile: vectors.Strict,
		Rules:   []string{"IX-STATUS-REPLAY"},
		ops:     map[*vectors.Family]op{vectors.IxianHandshakeStatus: int32Timestamps},
	},
	{
		Name:    "ixian-p521-unreduced",
		Bug:     "a deployed port whose uncompressed-point decoder reduces X and Y modulo p (a big-integer curve library) where BouncyCastle refuses coordinates >= p: a key with Y + p or X + p in place of its coordinate is the same point to it",
		Profile: vectors.Deployed,
		Rules:   []string{"IX-ECDH-ON-CURVE"},
		ops: map[*vectors.Family]op{
			vectors.IxianECDH:                reducedKey(vectors.IxianECDH, "publicKey"),
			vectors.IxianRequesterAcceptAdd2: reducedKey(vectors.IxianRequesterAcceptAdd2, "acceptAdd2"),
			vectors.IxianAcceptorKeys2:       reducedKey(vectors.IxianAcceptorKeys2, "keys2"),
		},
	},
	{
		Name:    "verbeth-json-escaped-pair",
		Bug:     "a strict JSON reader that checks \\u escapes one at a time, so an escaped surrogate pair (\\ud83d\\ude00, an emoji as JSON.stringify never writes it but other writers do) is refused as two lone surrogates",
		Profile: vectors.Strict,
		Rules:   []string{"VB-JSON-STRICT"},
		ops: map[*vectors.Family]op{vectors.VerbethHandshakePayloadDecode: func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
			out, err := ref(vectors.VerbethHandshakePayloadDecode)(p, in)
			if err == nil && p == vectors.Strict && escapedPair.Match(get(in, "plaintextPayload")) {
				return nil, &category.FieldError{Field: "plaintextPayload", Rule: "no lone surrogates", Cat: category.JSON, Got: "an escaped surrogate pair"}
			}
			return out, err
		}},
	},
	{
		Name:    "verbeth-base64-double-pad-bits",
		Bug:     "a strict canonical-base64 check that looks for non-zero unused bits only before a single '=', so a ct that ends in '==' (a box whose length is 1 mod 3) with junk in its 4 unused bits passes",
		Profile: vectors.Strict,
		Rules:   []string{"VB-BASE64-CANONICAL"},
		ops: map[*vectors.Family]op{
			vectors.VerbethResponseOpen:  doublePadLenient(vectors.VerbethResponseOpen),
			vectors.VerbethResponseMatch: doublePadLenient(vectors.VerbethResponseMatch),
		},
	},
	{
		Name:    "verbeth-chain-id-int32",
		Bug:     "chain ids compared as 32-bit ints (a port with an int chainId): a proof for chain 2^32 + 8453 passes on Base (8453)",
		Profile: vectors.Strict,
		Rules:   []string{"VB-PROOF-CHAIN-EXPECTED"},
		ops: map[*vectors.Family]op{
			vectors.VerbethIdentityProofVerify: chainInt32(vectors.VerbethIdentityProofVerify, "proofMessage"),
			vectors.VerbethResponseOpen:        chainInt32(vectors.VerbethResponseOpen, ""),
		},
	},
	{
		Name:    "verbeth-skipped-key-by-number",
		Bug:     "stored skipped message keys looked up by message number alone, not by (DH key, number): when two chains both have a stored key with that number, a late message can meet the other chain's key first and fail to decrypt",
		Profile: vectors.Strict,
		Rules:   []string{"VB-RATCHET-DECRYPT"},
		ops:     map[*vectors.Family]op{vectors.VerbethRatchetDecrypt: skippedByNumber},
	},
	{
		Name:    "verbeth-dh-step-last-key-lost",
		Bug:     "at a DH step the old chain's keys are stored for messages below pn - 1 instead of below pn (an off-by-one): the previous chain's last message, when it arrives after the step, can no longer be decrypted",
		Profile: vectors.Strict,
		Rules:   []string{"VB-RATCHET-DECRYPT"},
		ops:     map[*vectors.Family]op{vectors.VerbethRatchetDecrypt: post(vectors.VerbethRatchetDecrypt, dropLastOldKey)},
	},
	{
		Name:    "ixian-hmac-key-buffer",
		Bug:     "HMAC-SHA3-512 keys longer than the 72-byte block hashed from a 144-byte buffer: a salt of more than 144 bytes (which Ixian-Core takes from any peer) is cut before it is hashed",
		Profile: vectors.Deployed,
		Rules:   []string{"IX-KDF-DERIVE"},
		ops:     kdfOps(hmacKeyBuffer),
	},
}

// hmacKeyBuffer is the honest derivation with salts cut to 144 bytes
// before HMAC hashes them down to a key.
func hmacKeyBuffer(ecdhSecret, mlkemSecret, aesSalt, chachaSalt []byte) ([]byte, []byte, []byte) {
	cut144 := func(s []byte) []byte { return s[:min(len(s), 144)] }
	return honestKDF(ecdhSecret, mlkemSecret, cut144(aesSalt), cut144(chachaSalt))
}

// u16IxiBytes appends v with the 3-byte header of the ixian-ixibytes-u16
// writer.
func u16IxiBytes(dst, v []byte) []byte {
	if len(v) < 0xf8 {
		return ixian.AppendIxiBytes(dst, v)
	}
	dst = binary.LittleEndian.AppendUint16(append(dst, 0xfc), uint16(len(v)))
	return append(dst, v...)
}

// u16Spixi2 rewrites a spixi2 envelope's length of c2 in the 16-bit form.
func u16Spixi2(env []byte) []byte {
	nonce, n, err := ixian.DecodeIxiBytes(env, ixian.Deployed)
	if err != nil {
		return env
	}
	_, m, _, err := ixian.DecodeVarUInt(env[n:], ixian.Deployed)
	if err != nil {
		return env
	}
	return u16IxiBytes(ixian.AppendIxiBytes(nil, nonce), env[n+m:])
}

// int32Timestamps is ixian/handshakeStatus with every timestamp, the
// state's and the events', passed through a C# int.
func int32Timestamps(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	return ref(vectors.IxianHandshakeStatus)(p, wrapTimestamps(in))
}

// wrapTimestamps wraps the timestamps of a handshakeStatus input to 32 bits.
func wrapTimestamps(in vectors.Values) vectors.Values {
	wrap := func(t int64) int64 { return int64(int32(t)) }
	var s ixian.FriendState
	var e ixian.Event
	var before []ixian.Event
	if in.Get("state", &s) != nil || in.Get("event", &e) != nil {
		return in
	}
	s.LastReceivedHandshakeMessageTimestamp = wrap(s.LastReceivedHandshakeMessageTimestamp)
	e.Timestamp = wrap(e.Timestamp)
	out := in.With("state", mustJSON(s), "event", mustJSON(e))
	if in.Has("before") && in.Get("before", &before) == nil {
		for i := range before {
			before[i].Timestamp = wrap(before[i].Timestamp)
		}
		out = out.With("before", mustJSON(before))
	}
	return out
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// reducedKey answers an invalid_point for an uncompressed or hybrid
// P-521 key (the field itself, or the ecdhPubKey of the payload in it)
// with a coordinate >= p as the reference answers the key with its
// coordinates reduced.
func reducedKey(fam *vectors.Family, field string) op {
	return func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
		out, err := ref(fam)(p, in)
		if category.Of(err) != category.InvalidPoint {
			return out, err
		}
		b := get(in, field)
		key := b
		switch field {
		case "acceptAdd2":
			m, derr := ixian.DecodeAcceptAdd2(b, reference.IxianProfile(p))
			if derr != nil {
				return out, err
			}
			key = m.ECDHPubKey
		case "keys2":
			m, derr := ixian.DecodeKeys2(b, reference.IxianProfile(p))
			if derr != nil {
				return out, err
			}
			key = m.ECDHPubKey
		}
		at := bytes.Index(b, key)
		if len(key) != 133 || (key[0] != 4 && key[0] != 6 && key[0] != 7) || at < 0 {
			return out, err
		}
		P := elliptic.P521().Params().P
		x, y := new(big.Int).SetBytes(key[1:67]), new(big.Int).SetBytes(key[67:])
		if x.Cmp(P) < 0 && y.Cmp(P) < 0 {
			return out, err
		}
		c := slices.Clone(b)
		x.Mod(x, P).FillBytes(c[at+1 : at+67])
		y.Mod(y, P).FillBytes(c[at+67 : at+133])
		return ref(fam)(p, in.With(field, c))
	}
}

// escapedPair matches a \u escape of a high surrogate followed by one of a
// low surrogate.
var escapedPair = regexp.MustCompile(`(?i)\\ud[89ab][0-9a-f]{2}\\ud[c-f][0-9a-f]{2}`)

// doublePadLenient answers a response whose ct ends in '==' with non-zero
// unused bits as if the bits were zero.
func doublePadLenient(fam *vectors.Family) op {
	return func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
		out, err := ref(fam)(p, in)
		if p != vectors.Strict || (category.Of(err) != category.Base64 && category.Of(err) != category.TagMismatch) {
			return out, err
		}
		env, perr := jsjson.Parse(jsjson.DecodeText(get(in, "ciphertext")), jsjson.Lenient)
		if perr != nil || env.Kind != jsjson.Object {
			return out, err
		}
		changed := false
		for i := range env.Members {
			m := &env.Members[i]
			if m.Name != "ct" || m.Value.Kind != jsjson.String || !strings.HasSuffix(m.Value.Str, "==") {
				continue
			}
			b, derr := base64.StdEncoding.DecodeString(m.Value.Str)
			if canon := base64.StdEncoding.EncodeToString(b); derr == nil && canon != m.Value.Str {
				m.Value.Str, changed = canon, true
			}
		}
		if !changed {
			return out, err
		}
		return ref(fam)(p, in.With("ciphertext", jsjson.Marshal(env)))
	}
}

// chainInt32 is an identity proof check whose chain ids are 32-bit ints:
// when the reference refuses the chain id, the mutant compares the low 32
// bits of the proof's ChainId (a plain decimal) with the expected one's.
func chainInt32(fam *vectors.Family, msgField string) op {
	return func(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
		out, err := ref(fam)(p, in)
		if category.Of(err) != category.ProofChainID || !in.Has("expectedChainId") {
			return out, err
		}
		var msg string
		if msgField != "" {
			msg, _ = in.String(msgField)
		} else {
			// The proof is inside the response: open it without a chain
			// expectation to read it.
			v := maps.Clone(in)
			delete(v, "expectedChainId")
			o, oerr := ref(fam)(p, v)
			if oerr != nil {
				return out, err
			}
			msg, _ = o.String("proofMessage")
		}
		return withChain(fam, p, in, msg, out, err)
	}
}

func withChain(fam *vectors.Family, p vectors.Profile, in vectors.Values, msg string, out vectors.Values, err error) (vectors.Values, error) {
	want := getInt(in, "expectedChainId")
	for _, line := range strings.Split(msg, "\n") {
		v, ok := strings.CutPrefix(line, "ChainId: ")
		if !ok {
			continue
		}
		n, perr := strconv.ParseInt(v, 10, 64)
		if perr != nil || n == want || int32(n) != int32(want) || n > math.MaxInt64/2 {
			return out, err
		}
		return ref(fam)(p, in.With("expectedChainId", n))
	}
	return out, err
}

// skippedByNumber decrypts as the reference does unless a stored key with
// the message's number but another chain's DH key comes first in the
// store: then that key is used and the box does not open.
func skippedByNumber(p vectors.Profile, in vectors.Values) (vectors.Values, error) {
	out, err := ref(vectors.VerbethRatchetDecrypt)(p, in)
	switch category.Of(err) {
	case category.Truncated, category.Version, category.Signature, category.FieldLength, category.JSON, category.SkipLimit, category.State:
		return out, err
	}
	s, perr := verbeth.ParseSession(in["state"])
	m, merr := verbeth.ParseRatchetPayload(get(in, "payload"))
	peer, _ := in.Bytes("peerEd25519")
	if perr != nil || merr != nil || len(peer) != ed25519.PublicKeySize || !ed25519.Verify(peer, get(in, "payload")[verbeth.RatchetHeaderOffset:], m.Signature[:]) {
		return out, err
	}
	i := slices.IndexFunc(s.SkippedKeys, func(k verbeth.SkippedKey) bool { return k.MsgNumber == m.Header.N })
	if i >= 0 && s.SkippedKeys[i].DHPubKey != m.Header.DH {
		return nil, &category.FieldError{Field: "ciphertext", Rule: "secretbox", Cat: category.AEADAuth, Got: "the stored key of another chain"}
	}
	return out, err
}

// dropLastOldKey removes from the state after a DH step the key it stored
// for the old chain's message pn - 1.
func dropLastOldKey(_ vectors.Profile, in, out vectors.Values) (vectors.Values, error) {
	before, err := verbeth.ParseSession(in["state"])
	if err != nil {
		return out, nil
	}
	m, err := verbeth.ParseRatchetPayload(get(in, "payload"))
	if err != nil || m.Header.DH == before.DHTheirPublicKey || m.Header.PN == 0 {
		return out, nil
	}
	old, last := before.DHTheirPublicKey, m.Header.PN-1
	had := slices.ContainsFunc(before.SkippedKeys, func(k verbeth.SkippedKey) bool { return k.DHPubKey == old && k.MsgNumber == last })
	if had {
		return out, nil
	}
	return editState(out, func(s *verbeth.Session) {
		s.SkippedKeys = slices.DeleteFunc(s.SkippedKeys, func(k verbeth.SkippedKey) bool { return k.DHPubKey == old && k.MsgNumber == last })
	}, "", "")
}
