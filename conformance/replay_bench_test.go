package conformance_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/conformancetest"
	"github.com/pqhs/pqhs/conformance/reference"
	"github.com/pqhs/pqhs/conformance/subprocess"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/internal/cputime"
	"github.com/pqhs/pqhs/internal/pkcs8"
	"github.com/pqhs/pqhs/internal/stackdepth"
	"github.com/pqhs/pqhs/vectors"
)

// Benchmarks of the runner on the real vectors with the reference:
//
//   - BenchmarkReplay: vectors replayed per second, in process and through
//     the adapter protocol (the reference served as `conformance -serve`
//     serves it), for the whole suite and per protocol.
//   - BenchmarkRunnerCost: for crypto-heavy families, the same vectors run
//     three ways: the impl calls alone on inputs decoded beforehand (the
//     crypto), the reference operation (plus decoding inputs from JSON and
//     encoding outputs), and the whole runner (plus dispatch, the request's
//     context and watchdog, judging and comparing outputs). overhead-% is
//     (runner - impl) / impl, in wall time: on a loaded machine it swings
//     by more than the overhead, so BenchmarkRunnerOverhead measures on
//     CPU time, interleaved, for every family, what the runner adds to
//     the reference operation.

// envReplayServe makes the test binary the reference adapter program.
const envReplayServe = "PQHS_REPLAY_BENCH_SERVE"

// TestReplayServeHelper is not a test: it is the adapter program of
// BenchmarkReplay, the reference on subprocess.ServeAdapter as
// `conformance -serve` runs it.
func TestReplayServeHelper(t *testing.T) {
	if os.Getenv(envReplayServe) == "" {
		t.Skip("the adapter program of BenchmarkReplay")
	}
	if err := subprocess.ServeAdapter(os.Stdin, os.Stdout, reference.Adapter()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

func repoCases(tb testing.TB) []conformance.Case {
	files, err := vectors.LoadFS(vectors.FS)
	if err != nil {
		tb.Fatal(err)
	}
	return conformance.Cases(files)
}

// serveOpener starts n reference adapter programs before the timer and
// hands them out; they are closed when the benchmark ends.
func serveOpener(b *testing.B, n int) conformance.Opener {
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	cfg := subprocess.Config{
		Command: []string{exe, "-test.run=^TestReplayServeHelper$"},
		Env:     append(os.Environ(), envReplayServe+"=1", conformancetest.NoRaceExitSleep),
	}
	pool := make(chan conformance.Adapter, n)
	for range n {
		a := subprocess.New(cfg)
		if _, err := a.Hello(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { a.Close() })
		pool <- a
	}
	// Every Run takes one instance per worker and gives it back on Close.
	return func() (conformance.Adapter, error) { return &pooled{Adapter: <-pool, pool: pool}, nil }
}

type pooled struct {
	conformance.Adapter
	pool chan conformance.Adapter
}

func (p *pooled) Close() error { p.pool <- p.Adapter; return nil }

// BenchmarkReplay replays the vectors against the reference; one op is one
// pass over the selection, with the CLI's 30 s request timeout.
func BenchmarkReplay(b *testing.B) {
	all := repoCases(b)
	sets := []struct {
		name  string
		cases []conformance.Case
	}{
		{"all", all},
		{"ixian", conformance.Select(all, conformance.Selection{Protocols: []string{"ixian"}})},
		{"verbeth", conformance.Select(all, conformance.Selection{Protocols: []string{"verbeth"}})},
	}
	ncpu := runtime.GOMAXPROCS(0)
	for _, mode := range []struct {
		name     string
		parallel int
		sub      bool
	}{
		{"inprocess", 1, false},
		{"subprocess", 1, true},
		{"inprocess-parallel", ncpu, false},
		{"subprocess-parallel", ncpu, true},
	} {
		for _, set := range sets {
			b.Run(mode.name+"/"+set.name, func(b *testing.B) {
				open := conformance.Shared(reference.Adapter())
				if mode.sub {
					open = serveOpener(b, mode.parallel)
				}
				opt := conformance.Options{Profile: vectors.Strict, Parallel: mode.parallel, Timeout: 30 * time.Second}
				b.ResetTimer()
				for b.Loop() {
					rep, err := conformance.Run(context.Background(), open, set.cases, opt)
					if err != nil || !rep.OK() {
						b.Fatalf("%v %+v", err, rep.Totals())
					}
				}
				n := float64(b.N * len(set.cases))
				b.ReportMetric(n/b.Elapsed().Seconds(), "vectors/s")
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/vector")
			})
		}
	}
}

// direct turns a vector's inputs, decoded beforehand, into the impl calls
// its reference operation makes, without the JSON around them.
type direct func(tb testing.TB, p vectors.Profile, in vectors.Values) func() error

func hexIn(tb testing.TB, in vectors.Values, name string) []byte {
	v, err := in.Bytes(name)
	if err != nil && in.Has(name) {
		tb.Fatal(err)
	}
	return v
}

func intIn(in vectors.Values, name string) int64 {
	n, _ := in.Int(name)
	return n
}

func bytes32(b []byte) (out [32]byte) { copy(out[:], b); return }

var directs = map[*vectors.Family]direct{
	vectors.IxianECDH: func(tb testing.TB, p vectors.Profile, in vectors.Values) func() error {
		k, pub := hexIn(tb, in, "ecdhPrivateKey"), hexIn(tb, in, "publicKey")
		return func() error {
			if _, err := ixian.ECDH(k, pub, reference.IxianProfile(p)); err != nil {
				return err
			}
			_, err := ixian.ECDHPublicKey(k)
			return err
		}
	},
	vectors.IxianAcceptorPrepare: func(tb testing.TB, p vectors.Profile, in vectors.Values) func() error {
		k, seed, salt, rsaPub := hexIn(tb, in, "ecdhPrivateKey"), hexIn(tb, in, "mlkemSeed"), hexIn(tb, in, "aesSalt"), hexIn(tb, in, "rsaPubKey")
		v, caps := intIn(in, "version"), intIn(in, "capabilities")
		return func() error {
			_, err := ixian.AcceptorPrepare(k, seed, salt, int(v), rsaPub, ixian.StreamCapabilities(caps), reference.IxianProfile(p))
			return err
		}
	},
	vectors.IxianRequesterAcceptAdd2: func(tb testing.TB, p vectors.Profile, in vectors.Values) func() error {
		msg, k, m, salt, caps := hexIn(tb, in, "acceptAdd2"), hexIn(tb, in, "ecdhPrivateKey"), hexIn(tb, in, "mlkemMessage"), hexIn(tb, in, "chachaSalt"), intIn(in, "capabilities")
		return func() error {
			_, err := ixian.Requester(msg, k, m, salt, ixian.StreamCapabilities(caps), reference.IxianProfile(p))
			return err
		}
	},
	vectors.IxianAcceptorKeys2: func(tb testing.TB, p vectors.Profile, in vectors.Values) func() error {
		k, seed, salt, msg := hexIn(tb, in, "ecdhPrivateKey"), hexIn(tb, in, "mlkemSeed"), hexIn(tb, in, "aesSalt"), hexIn(tb, in, "keys2")
		return func() error {
			_, err := ixian.AcceptorKeys2(k, seed, salt, msg, reference.IxianProfile(p))
			return err
		}
	},
	vectors.IxianSpixi2Decrypt: func(tb testing.TB, p vectors.Profile, in vectors.Values) func() error {
		ak, ck, aad, env := hexIn(tb, in, "aesKey"), hexIn(tb, in, "chachaKey"), hexIn(tb, in, "aad"), hexIn(tb, in, "ciphertext")
		return func() error {
			_, err := ixian.Spixi2Decrypt(env, ak, ck, aad, reference.IxianProfile(p))
			return err
		}
	},
	vectors.IxianRSA2Decrypt: func(tb testing.TB, p vectors.Profile, in vectors.Values) func() error {
		k, err := pkcs8.ParseRSAPrivateKey(hexIn(tb, in, "rsaPrivateKey"))
		if err != nil {
			tb.Fatal(err)
		}
		aad, env := hexIn(tb, in, "aad"), hexIn(tb, in, "envelope")
		return func() error {
			_, err := ixian.RSA2Decrypt(env, k, aad, reference.IxianProfile(p))
			return err
		}
	},
	vectors.VerbethTag: func(tb testing.TB, p vectors.Profile, in vectors.Values) func() error {
		s, pub, kem := hexIn(tb, in, "x25519Secret"), hexIn(tb, in, "x25519Public"), hexIn(tb, in, "kemSecret")
		return func() error { _, err := verbeth.ComputeTag(s, pub, kem, reference.VerbethProfile(p)); return err }
	},
	vectors.VerbethHandshakeRespond: func(tb testing.TB, p vectors.Profile, in vectors.Values) func() error {
		note, err := in.String("note")
		keys, kerr := verbeth.DecodeUnifiedPubKeys("responderPubKeys", hexIn(tb, in, "responderPubKeys"), verbeth.Strict)
		msg, _ := in.String("proofMessage")
		sig, _ := in.String("proofSignature")
		params := verbeth.RespondParams{
			InitiatorEphemeralPubKey: hexIn(tb, in, "initiatorEphemeralPubKey"), TagSecret: hexIn(tb, in, "tagSecret"),
			RatchetSecret: hexIn(tb, in, "ratchetSecret"), MLKEMMessage: hexIn(tb, in, "mlkemMessage"), BoxNonce: hexIn(tb, in, "boxNonce"),
			ResponderKeys: keys, Note: note, OmitNote: err != nil,
			Proof: verbeth.IdentityProof{Message: msg, Signature: sig, MessageRawHex: "0x" + hex.EncodeToString([]byte(msg))},
		}
		return func() error {
			if kerr != nil {
				return kerr
			}
			_, err := verbeth.Respond(params, reference.VerbethProfile(p))
			return err
		}
	},
	vectors.VerbethResponseOpen: func(tb testing.TB, p vectors.Profile, in vectors.Values) func() error {
		a, seed := hexIn(tb, in, "ephemeralSecret"), hexIn(tb, in, "mlkemSeed")
		responder, _ := in.String("responder")
		var ctx verbeth.ProofContext
		if in.Has("expectedChainId") {
			c := intIn(in, "expectedChainId")
			ctx.ChainID = &c
		}
		ctx.RpID, _ = in.String("expectedRpId")
		ctx.ExpectedAddress, _ = in.String("expectedAddress")
		R, tag := hexIn(tb, in, "responderEphemeralR"), hexIn(tb, in, "inResponseTo")
		ev := verbeth.ResponseEvent{ResponderEphemeralR: bytes32(R), InResponseTo: bytes32(tag), Ciphertext: hexIn(tb, in, "ciphertext")}
		return func() error {
			pending, err := verbeth.NewPending(a, seed)
			if err != nil {
				return err
			}
			for _, q := range []verbeth.Profile{verbeth.Deployed, verbeth.Strict} {
				if q == verbeth.Strict && reference.VerbethProfile(p) != verbeth.Strict {
					break
				}
				o, err := verbeth.OpenResponse(pending, ev, q)
				if err != nil {
					return err
				}
				if _, err := verbeth.VerifyIdentityProof(o.Proof, responder, o.ResponderKeys.X25519[:], o.ResponderKeys.Ed25519[:], ctx, q); err != nil {
					return err
				}
			}
			return nil
		}
	},
	vectors.VerbethRatchetDecrypt: func(tb testing.TB, p vectors.Profile, in vectors.Values) func() error {
		s, err := verbeth.ParseSession(in["state"])
		if err != nil {
			tb.Fatal(err)
		}
		payload, peer, secret, topic := hexIn(tb, in, "payload"), hexIn(tb, in, "peerEd25519"), hexIn(tb, in, "newRatchetSecret"), hexIn(tb, in, "topic")
		if secret == nil && in.Has("newRatchetSecret") {
			secret = []byte{}
		}
		return func() error {
			st := s
			if in.Has("topic") {
				var err error
				if st, _, err = st.RouteInbound(bytes32(topic)); err != nil {
					return err
				}
			}
			_, _, err := st.Decrypt(payload, peer, secret, reference.VerbethProfile(p))
			return err
		}
	},
	vectors.VerbethRatchetEncrypt: func(tb testing.TB, p vectors.Profile, in vectors.Values) func() error {
		s, err := verbeth.ParseSession(in["state"])
		if err != nil {
			tb.Fatal(err)
		}
		pt, seed := hexIn(tb, in, "plaintext"), hexIn(tb, in, "signingSeed")
		rnd := verbeth.EncryptRandomness{Jitter: int(intIn(in, "jitter")), PaddingFill: hexIn(tb, in, "paddingFill"), Nonce: hexIn(tb, in, "nonce")}
		return func() error { _, _, err := s.Encrypt(pt, seed, rnd); return err }
	},
}

// familyCases returns the cases of family f alone: a selection by name
// takes its subfamilies too (ixian/acceptor/keys2 takes
// ixian/acceptor/keys2/persisted), whose inputs f's direct calls do not
// take.
func familyCases(all []conformance.Case, f *vectors.Family) []conformance.Case {
	var out []conformance.Case
	for _, c := range all {
		if c.Family == f {
			out = append(out, c)
		}
	}
	return out
}

// BenchmarkRunnerCost measures, for crypto-heavy families, what the runner
// adds to the crypto: one op is one pass over the family's vectors done
// three ways in turn (see the top of the file); the metrics are per vector.
func BenchmarkRunnerCost(b *testing.B) {
	all := repoCases(b)
	for _, fam := range []*vectors.Family{
		vectors.IxianECDH, vectors.IxianAcceptorPrepare, vectors.IxianRequesterAcceptAdd2, vectors.IxianAcceptorKeys2, vectors.IxianSpixi2Decrypt, vectors.IxianRSA2Decrypt,
		vectors.VerbethTag, vectors.VerbethHandshakeRespond, vectors.VerbethResponseOpen, vectors.VerbethRatchetEncrypt, vectors.VerbethRatchetDecrypt,
	} {
		b.Run(fam.Name, func(b *testing.B) {
			cases := familyCases(all, fam)
			p := vectors.Strict
			calls := make([]func() error, len(cases))
			for i := range cases {
				calls[i] = directs[fam](b, p, cases[i].Inputs)
			}
			// The direct calls must give the vectors' verdicts, or they do
			// not measure the same work.
			for i, call := range calls {
				if err := call(); (err == nil) != cases[i].Result.Accepts(p) {
					b.Fatalf("%s: direct call: %v, want result %s", cases[i].Name(), err, cases[i].Result)
				}
			}
			open := conformance.Shared(reference.Adapter())
			opt := conformance.Options{Profile: p, Parallel: 1, Timeout: 30 * time.Second}
			var impl, glue, runner time.Duration
			b.ResetTimer()
			for b.Loop() {
				t0 := time.Now()
				for _, call := range calls {
					call()
				}
				t1 := time.Now()
				for i := range cases {
					reference.Run(fam, p, cases[i].Inputs)
				}
				t2 := time.Now()
				rep, err := conformance.Run(context.Background(), open, cases, opt)
				t3 := time.Now()
				if err != nil || !rep.OK() {
					b.Fatalf("%v %+v", err, rep.Totals())
				}
				impl, glue, runner = impl+t1.Sub(t0), glue+t2.Sub(t1), runner+t3.Sub(t2)
			}
			n := float64(b.N * len(cases))
			b.ReportMetric(float64(impl.Nanoseconds())/n, "impl-ns/vector")
			b.ReportMetric(float64(glue.Nanoseconds())/n, "reference-ns/vector")
			b.ReportMetric(float64(runner.Nanoseconds())/n, "runner-ns/vector")
			b.ReportMetric(100*float64(runner-impl)/float64(impl), "overhead-%")
		})
	}
}

// BenchmarkRunnerOverhead is what the runner adds to the work of the
// adapter, per vector and per family, in process CPU time (the runner uses
// several goroutines), on a loaded machine too. The sides, run in turn in
// an order that rotates from one turn to the next:
//
//   - runner: conformance.Run over the family's vectors with the reference
//     adapter in process: one worker, the CLI's 30 s request timeout,
//     dispatch, the request's context and watchdog, judging, and the
//     result each case keeps for the report;
//   - reference: the reference adapter's Do alone, called directly with
//     each vector's request as loaded (vectors.Values, with ratchet states
//     parsed once per process, as at load): the in-process adapter's own
//     work, its hex and JSON and the making of its reply (a rejection's
//     message) included;
//   - crypto, for the families of directs: the impl calls alone on inputs
//     decoded beforehand, without the reference's hex and JSON.
//
// Reported per vector, each the median over the turns: runner-us,
// reference-us and crypto-us; ratio-proc (runner over reference, in the
// same turn) and overhead-us (runner minus reference), which the goal
// bounds; goal-met is 1 when ratio-proc is at most 1.20 or overhead-us at
// most 1 (for families whose work takes a few µs), else 0. glue-ratio
// (reference over crypto) is the adapter's decoding and encoding, not the
// runner's: it is what a port's adapter pays too, and is shown so that it
// is not hidden. runner-B and reference-B are the bytes each side
// allocates per vector (the runner's own: a Result and a Reply per case).
//
// The collector is charged by the byte. Left to run when it will, a cycle
// (some milliseconds of CPU here) lands whole on whichever side is running
// when the heap fills, and its background workers run on the processor
// that a side wakes when it starts a goroutine (the runner does): a
// family of a few µs read 5-30% apart from run to run. So the sides run
// with the collector off, and between them the benchmark collects whenever
// they have allocated what GOGC allows (the headroom), timing each
// collection (mark and sweep) in process CPU. A side is charged its own
// CPU plus its bytes times the rate the process pays for collecting, a
// cycle's CPU over the headroom (gc-ns/KB, the median): the runner pays
// for its garbage at the rate the reference pays for its own, and for
// nothing else. Not counted: the write barriers a side would meet while a
// cycle marks (a few pointer writes per vector for the runner).
//
// A run has a cost of its own (the hello, the worker's goroutine and the
// wake-up of the thread that runs it, closing), some 20-80 µs of process
// CPU on a loaded 2-core VM, which the suite (one run of 1438 vectors)
// spreads over all its vectors. So a family's vectors are replayed several
// times over in one run, up to as many as the suite has, unless a replay
// already takes 20 ms of CPU: the run's own cost then counts per vector as
// in a whole-suite run, or for less than a few tenths of a percent. An
// iteration takes as many turns as make some 10 ms of CPU per side (up to
// 8): a turn of a cheap family lasts 1-3 ms, and on the shared VM its
// ratio ranged from 0.4 to 5 over 20 turns, a quarter of them more than
// 25% from the median, so the medians need many. Each side runs from a stack depth that moves by 64 bytes per
// turn, as the runner moves its workers' (run.go, runDepth): code whose
// speed depends on where its frame lies in a page (ixian/keys2/encode and
// kdf/rootKey ran 2x slower from one position in 64 here) would otherwise
// favour or handicap the reference for a whole run. Every side runs once
// before the clock, as the runner's first run also fills the reference's
// cache of parsed states.
//
//	go test -run '^$' -bench RunnerOverhead -benchtime 20x ./conformance
func BenchmarkRunnerOverhead(b *testing.B) {
	all := repoCases(b)
	ctx := context.Background()
	ad := reference.Adapter()
	for _, fam := range vectors.Families() {
		cases := familyCases(all, fam)
		if len(cases) == 0 {
			continue
		}
		b.Run(fam.Name, func(b *testing.B) {
			cases := cases
			p := vectors.Strict
			ref := func() {
				for i := range cases {
					ad.Do(ctx, conformance.Request{Op: fam.Name, Profile: p, Inputs: cases[i].Inputs})
				}
			}
			ref() // the cache of parsed states, as at load
			t := cputime.Process()
			ref()
			pass := cputime.Process() - t
			for ; len(cases) < len(all) && pass < 20*time.Millisecond; pass *= 2 {
				cases = append(cases, cases...)
			}
			open := conformance.Shared(ad)
			opt := conformance.Options{Profile: p, Parallel: 1, Timeout: 30 * time.Second}
			runner := func() {
				rep, err := conformance.Run(ctx, open, cases, opt)
				if err != nil || !rep.OK() {
					b.Fatalf("%v %+v", err, rep.Totals())
				}
			}
			sides := []func(){runner, ref}
			if d, ok := directs[fam]; ok {
				calls := make([]func() error, len(cases))
				for i := range cases {
					calls[i] = d(b, p, cases[i].Inputs)
					if err := calls[i](); (err == nil) != cases[i].Result.Accepts(p) {
						b.Fatalf("%s: direct call: %v, want result %s", cases[i].Name(), err, cases[i].Result)
					}
				}
				sides = append(sides, func() {
					for _, call := range calls {
						call()
					}
				})
			}
			for _, side := range sides {
				side()
			}
			// The pass was timed with the collector on; a clock that
			// read nothing (coarse under -cpuprofile) gives the most.
			m := newGCMeter(len(sides), int(min(max(10*time.Millisecond/max(pass, 1), 1), 8)))
			defer m.stop()
			// Process CPU time only, so no locked thread: a locked
			// goroutine that waits for the workers hands its thread over
			// and back (stoplockedm, startlockedm), which cost a tenth of
			// a decoder's run here, and which the CLI does not do.
			for b.Loop() {
				for range m.turns {
					m.turn(sides)
				}
			}
			r := m.result(len(cases))
			b.ReportMetric(r.perVector[0], "runner-us/vector")
			b.ReportMetric(r.perVector[1], "reference-us/vector")
			b.ReportMetric(r.ratio, "ratio-proc")
			b.ReportMetric(r.over, "overhead-us/vector")
			b.ReportMetric(r.bytes[0], "runner-B/vector")
			b.ReportMetric(r.bytes[1], "reference-B/vector")
			b.ReportMetric(r.gcNsPerKB, "gc-ns/KB")
			met := 0.0
			if r.ratio <= 1.20 || r.over <= 1 {
				met = 1
			}
			b.ReportMetric(met, "goal-met")
			if len(sides) == 3 {
				b.ReportMetric(r.perVector[2], "crypto-us/vector")
				b.ReportMetric(r.perVector[1]/r.perVector[2], "glue-ratio")
			}
		})
	}
}

// gcMeter times the sides of a benchmark in process CPU with the
// collector off, and charges each its allocated bytes at the rate that
// collecting costs the process (see BenchmarkRunnerOverhead).
type gcMeter struct {
	gcPercent int
	turns     int        // turns per iteration
	samples   [][]sample // per side, per turn
	n         int        // turns taken
	gcs       int        // collections before a turn
	since     uint64     // bytes allocated since the last collection
	headroom  uint64     // what GOGC allows before the next one
	gcNsPerB  []float64  // each collection's process CPU over its headroom
	ms        runtime.MemStats
}

type sample struct {
	cpu   time.Duration
	bytes uint64
}

func newGCMeter(sides, turns int) *gcMeter {
	m := &gcMeter{gcPercent: debug.SetGCPercent(-1), turns: turns, samples: make([][]sample, sides)}
	m.collect()
	return m
}

func (m *gcMeter) stop() { debug.SetGCPercent(m.gcPercent) }

// collect runs a collection under the process's GOGC and notes its cost
// and the headroom it leaves.
func (m *gcMeter) collect() {
	debug.SetGCPercent(m.gcPercent)
	t := cputime.Process()
	runtime.GC()
	d := cputime.Process() - t
	runtime.ReadMemStats(&m.ms)
	debug.SetGCPercent(-1)
	m.headroom = m.ms.NextGC - min(m.ms.HeapAlloc, m.ms.NextGC-1)
	m.gcNsPerB = append(m.gcNsPerB, float64(d.Nanoseconds())/float64(m.headroom))
	m.since = 0
}

// turn runs every side once, in an order that rotates from one turn to
// the next, from a stack depth that moves by 64 bytes per turn. It
// collects before the turn when the headroom is spent, and then starts
// with the side that has followed a collection least: the first side
// after one runs on cold caches and empty allocation caches, and a
// collection due every so many sides would otherwise come before the same
// side each time (every fourth, in a rotation of two, is always the
// runner).
func (m *gcMeter) turn(sides []func()) {
	depth := m.n % 64
	first := m.n
	if m.since >= m.headroom {
		m.collect()
		first = m.gcs
		m.gcs++
	}
	for k := range sides {
		j := (k + first) % len(sides)
		runtime.ReadMemStats(&m.ms)
		a := m.ms.TotalAlloc
		t := cputime.Process()
		stackdepth.At(depth, sides[j])
		d := cputime.Process() - t
		runtime.ReadMemStats(&m.ms)
		n := m.ms.TotalAlloc - a
		m.since += n
		m.samples[j] = append(m.samples[j], sample{d, n})
	}
	m.n++
}

type gcResult struct {
	perVector []float64 // µs per vector, per side, median over turns
	bytes     []float64 // bytes per vector, per side, mean
	ratio     float64   // side 0 over side 1 in the same turn, median
	over      float64   // side 0 minus side 1, µs per vector, median
	gcNsPerKB float64
}

// result charges collecting by the byte and takes medians over the turns;
// n is the vectors of one run of a side.
func (m *gcMeter) result(n int) gcResult {
	rate := median(m.gcNsPerB)
	cost := func(s sample) float64 {
		return (float64(s.cpu.Nanoseconds()) + rate*float64(s.bytes)) / float64(n) / 1e3
	}
	r := gcResult{gcNsPerKB: rate * 1024}
	for _, ss := range m.samples {
		us := make([]float64, len(ss))
		var b float64
		for i, s := range ss {
			us[i] = cost(s)
			b += float64(s.bytes)
		}
		r.perVector = append(r.perVector, median(us))
		r.bytes = append(r.bytes, b/float64(n*len(ss)))
	}
	ratios := make([]float64, m.n)
	overs := make([]float64, m.n)
	for i := range m.n {
		a, b := cost(m.samples[0][i]), cost(m.samples[1][i])
		ratios[i], overs[i] = a/b, a-b
	}
	r.ratio, r.over = median(ratios), median(overs)
	return r
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
