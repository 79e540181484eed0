package verbeth

import (
	"strconv"
	"testing"
	"unsafe"

	"github.com/cloudflare/circl/dh/x25519"
	"github.com/cloudflare/circl/kem/mlkem/mlkem768"
	"golang.org/x/crypto/nacl/secretbox"

	"github.com/pqhs/pqhs/internal/avxstate"
	"github.com/pqhs/pqhs/internal/cputime"
	"github.com/pqhs/pqhs/internal/stackdepth"
)

// handshakeBench returns one handshake, both sides up to the tag and the
// root key: Initiate; Respond (encapsulation, tag, box, hybrid secret);
// OpenResponse (box, decapsulation, tag check); then each side's
// hybridInitialSecret and KDF_RK. Identity proofs are inputs, not signed or
// verified here (see BenchmarkVerifyIdentityProof). With reuse, the
// handshake runs on InitiateTo, RespondTo and OpenResponseTo into the same
// three values every time, as a party that answers many handshakes would;
// else on Initiate, Respond and OpenResponse, each result new.
func handshakeBench(b *testing.B, p Profile, reuse bool, last *handshakeResults) func() {
	u := runUnit(b, Strict)
	a, seed := dr("a", 32), dr("mlkem-seed", 64)
	ip := InitiateParams{EphemeralSecret: a, MLKEMSeed: seed, RecipientAddress: u.bob.address,
		IdentityX25519: u.alice.xPub[:], IdentityEd25519: u.alice.edPub, Note: unitNoteA, Proof: u.alice.proof}
	rp := RespondParams{TagSecret: dr("r", 32), RatchetSecret: dr("rk_s", 32), MLKEMMessage: dr("mlkem-m", 32),
		BoxNonce: dr("box-nonce", 24), ResponderKeys: u.bob.keys(), Note: "Hi Alice", Proof: u.bob.proof}
	hs, r, o := new(Handshake), new(Response), new(OpenedResponse)
	return func() {
		var err error
		if reuse {
			err = InitiateTo(hs, ip)
		} else {
			hs, err = Initiate(ip)
		}
		if err != nil {
			b.Fatal(err)
		}
		rp.InitiatorEphemeralPubKey = hs.EphemeralPubKey
		if reuse {
			err = RespondTo(r, rp, p)
		} else {
			r, err = Respond(rp, p)
		}
		if err != nil {
			b.Fatal(err)
		}
		rootB := r.RootKey0
		pend, _ := NewPendingWithKEM(a, hs.KEM)
		ev := ResponseEvent{InResponseTo: r.InResponseTo, ResponderEphemeralR: r.ResponderEphemeralR, Ciphertext: r.Ciphertext}
		if reuse {
			err = OpenResponseTo(o, pend, ev, p)
		} else {
			o, err = OpenResponse(pend, ev, p)
		}
		if err != nil {
			b.Fatal(err)
		}
		if last != nil {
			last.hs, last.r, last.o = hs, r, o
		}
		h := HybridInitialSecret(o.SharedX25519[:], o.KEMSecret[:])
		if rootA, _ := KDFRootKey(make([]byte, 32), h[:]); rootA != rootB {
			b.Fatal("root keys differ")
		}
	}
}

// primitivesBench returns the same primitive calls as handshakeBench and
// nothing else: the recipientHash Keccak, 3 X25519 key generations (a, r,
// rk_s), 4 X25519 agreements (r·A, rk_s·A, a·rk_p, a·R), ML-KEM-768 key
// generation from the seed, parsing the encapsulation key and
// encapsulating, decapsulating, 2 HSalsa20 + XSalsa20-Poly1305 over the
// inner payload, 2 tag HKDFs and Keccaks, 2 hybrid HKDFs and 2 KDF_RKs. The
// difference to the handshake is the cost of JSON, base64, validation and
// copies.
func primitivesBench(b *testing.B) func() {
	u := runUnit(b, Strict)
	a, seed, r, rks, m := dr("a", 32), dr("mlkem-seed", 64), dr("r", 32), dr("rk_s", 32), dr("mlkem-m", 32)
	inner := u.resp.InnerPlaintext()
	nonce := (*[24]byte)(dr("box-nonce", 24))
	contact := []byte("contact:" + u.bob.address)
	return func() {
		Keccak256(contact)
		var A, R, rkp, s1, s2, s3, s4 x25519.Key
		x25519.KeyGen(&A, (*x25519.Key)(a))
		pk, dk := mlkem768.NewKeyFromSeed(seed)
		ek := make([]byte, mlkem768.PublicKeySize)
		pk.Pack(ek)
		avxstate.Clear() // as the reference does after circl's AVX2 code
		// Responder.
		x25519.KeyGen(&R, (*x25519.Key)(r))
		x25519.KeyGen(&rkp, (*x25519.Key)(rks))
		var epk mlkem768.PublicKey
		if err := epk.Unpack(ek); err != nil {
			b.Fatal(err)
		}
		ct, ss := make([]byte, mlkem768.CiphertextSize), make([]byte, 32)
		epk.EncapsulateTo(ct, ss, m)
		avxstate.Clear()
		x25519.Shared(&s1, (*x25519.Key)(r), &A)
		okm := hkdfSHA256(ss, s1[:], TagInfo, 32)
		tag := Keccak256(okm)
		x25519.Shared(&s2, (*x25519.Key)(rks), &A)
		k := boxKey((*[32]byte)(&s2))
		sealed := secretbox.Seal(nil, inner, nonce, &k)
		hb := hkdfSHA256(append(s2[:], ss...), make([]byte, 32), HybridInfo, 32)
		KDFRootKey(make([]byte, 32), hb)
		// Initiator.
		x25519.Shared(&s3, (*x25519.Key)(a), &rkp)
		k = boxKey((*[32]byte)(&s3))
		if _, ok := secretbox.Open(nil, sealed, nonce, &k); !ok {
			b.Fatal("open")
		}
		ss2 := make([]byte, 32)
		dk.DecapsulateTo(ss2, ct)
		avxstate.Clear()
		x25519.Shared(&s4, (*x25519.Key)(a), &R)
		if Keccak256(hkdfSHA256(ss2, s4[:], TagInfo, 32)) != tag {
			b.Fatal("tag")
		}
		KDFRootKey(make([]byte, 32), hkdfSHA256(append(s3[:], ss2...), make([]byte, 32), HybridInfo, 32))
	}
}

// handshakeResults are the three results of one handshake.
type handshakeResults struct {
	hs *Handshake
	r  *Response
	o  *OpenedResponse
}

// resultBytes counts the bytes the three results hold, by the sizes of
// their structs and the lengths of their fields (the size classes Go
// rounds allocations up to add a little).
func (x handshakeResults) resultBytes() (n int) {
	n += int(unsafe.Sizeof(*x.hs)) + len(x.hs.PubKeys) + len(x.hs.EphemeralPubKey) + len(x.hs.PlaintextPayload) +
		int(unsafe.Sizeof(*x.hs.KEM)) // its ek is in EphemeralPubKey
	n += int(unsafe.Sizeof(*x.r)) + len(x.r.Ciphertext)
	o := x.o
	n += int(unsafe.Sizeof(*o)) + len(o.InnerPlaintext) + len(o.KEMCiphertext) + len(o.ResponderPubKeys) +
		len(o.Note) + len(o.Proof.Message) + len(o.Proof.Signature) + len(o.Proof.MessageRawHex)
	return n
}

// BenchmarkHandshakeCost runs the handshake and its raw primitives in
// alternation and reports the ratio of their thread CPU times (the goal:
// at most 1.10) and of their allocated bytes (at most 1.3), figures that
// hold on a loaded machine:
//
//	go test -run '^$' -bench HandshakeCost -benchtime 2000x ./impl/verbeth
//
// strict and deployed run the handshake into reused results (InitiateTo,
// RespondTo, OpenResponseTo); strict-new on new ones (Initiate, Respond,
// OpenResponse), which adds the results' own memory, and also reports it:
// results-B/op is what the three results hold (resultBytes), and
// B-ratio-beyond-results the ratio of the bytes the handshake allocates
// besides them to the primitives' bytes. With the unit handshake here the
// results hold 12,658 bytes: the initiator's Handshake 2,784 (the struct
// 168, pubKeys 65, ephemeralPubKey 1,216, plaintextPayload 1,239, the KEM
// key pair's struct 96), the responder's Response 4,315 (the struct 408,
// the envelope 3,907: the box, the inner JSON and kemCiphertext inside it
// are methods that decode it again) and the initiator's OpenedResponse
// 5,559 (the struct 464, the opened box 2,834, kemCiphertext 1,088,
// unifiedPubKeys 65, the note and the proof's strings 1,108). None of it
// is a copy of a primitive's output: ek is packed and the KEM ciphertext
// encapsulated into memory the handshake keeps or into its stack, the box
// sealed onto its stack and opened into the opened response's memory.
func BenchmarkHandshakeCost(b *testing.B) {
	prim := spread(primitivesBench(b))
	for _, p := range []Profile{Strict, Deployed} {
		b.Run(p.String(), func(b *testing.B) {
			cputime.Compare(b, "handshake", spread(handshakeBench(b, p, true, nil)), "primitives", prim)
		})
	}
	b.Run("strict-new", func(b *testing.B) {
		var last handshakeResults
		hs := spread(handshakeBench(b, Strict, false, &last))
		cputime.Compare(b, "handshake", hs, "primitives", prim)
		// What the results hold, and the bytes allocated beside it.
		hb, _ := cputime.Allocs(20, hs)
		pb, _ := cputime.Allocs(20, prim)
		results := float64(last.resultBytes())
		b.ReportMetric(results, "results-B/op")
		b.ReportMetric((hb-results)/pb, "B-ratio-beyond-results")
	})
}

// BenchmarkMatch matches one response against n pending handshakes, the
// right one last: n-1 X25519 agreements and failed Poly1305 checks, then
// one full match.
func BenchmarkMatch(b *testing.B) {
	u := runUnit(b, Strict)
	for _, n := range []int{1, 100, 1000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			pending := make([]*Pending, 0, n)
			for i := range n - 1 {
				h, _ := NewPending(dr("bench/a/"+strconv.Itoa(i), 32), dr("bench/seed", 64))
				pending = append(pending, h)
			}
			pending = append(pending, u.pending)
			b.ReportAllocs()
			for b.Loop() {
				if m := MatchResponse(pending, u.event, Deployed); m.Index != n-1 {
					b.Fatal(m.Err())
				}
			}
		})
	}
}

func BenchmarkVerifyIdentityProof(b *testing.B) {
	u := newUnitParty(b, "alice")
	ctx := ProofContext{ChainID: &unitChainID, RpID: unitRpID}
	for _, p := range []Profile{Strict, Deployed} {
		b.Run(p.String(), func(b *testing.B) {
			for b.Loop() {
				if _, err := VerifyIdentityProof(u.proof, u.address, u.xPub[:], u.edPub, ctx, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRatchet encrypts and decrypts one short message on an
// established chain (no DH step), and one with a DH step.
func BenchmarkRatchet(b *testing.B) {
	u := runUnit(b, Strict)
	b.Run("encrypt", func(b *testing.B) {
		for b.Loop() {
			u.aliceS0.Encrypt([]byte("first message from Alice"), u.alice.edSeed, u.rnd1)
		}
	})
	b.Run("decrypt+DH step", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := u.bobS0.Decrypt(u.msg1.Payload, u.alice.edPub, dr("bob/dh-step", 32), Deployed); err != nil {
				b.Fatal(err)
			}
		}
	})
	_, e := send(nil, u.aliceS1, "second", u.alice.edSeed, "bench")
	b.Run("decrypt", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := u.bobS1.Decrypt(e.Payload, u.alice.edPub, nil, Deployed); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// spread returns f run each time from a stack frame 64 bytes deeper than
// the time before, over 64 positions (a page): circl's X25519 key
// generation is about 50% slower at some positions of its frame in the
// page (the README's first row), which would otherwise decide a whole
// run's ratio by where the benchmark's frames happen to fall.
func spread(f func()) func() {
	i := 0
	return func() {
		i = (i + 1) % 64
		stackdepth.At(i, f)
	}
}
