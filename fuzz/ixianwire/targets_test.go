package ixianwire

import (
	"bytes"
	"sync"
	"testing"

	"github.com/pqhs/pqhs/fuzz/internal/check"
	"github.com/pqhs/pqhs/fuzz/internal/ixfix"
	"github.com/pqhs/pqhs/impl/ixian"
)

// Native fuzz targets of the Ixian wire format. The checks are in
// check.go; the seed corpora in testdata/fuzz come from the vectors. Run
// one with
//
//	go test -run '^$' -fuzz '^FuzzAcceptAdd2$' -fuzztime 30s -fuzzminimizetime 5s ./fuzz/ixianwire

var varintSeeds = []string{"", "00", "f7", "f8", "fb", "ff", "fc", "fcf700", "fcf800", "fc0500", "fdffff0000", "fd00000100",
	"feffffffff00000000", "feffffffffffffffff", "fe0000000000000080", "f80000", "f80100", "faffffffffffffff7f",
	"fa0000000000000080", "fa0100000000000080"}

// The seeds are made once per process: go-118-fuzz-build's harness calls a
// target's FuzzX on every input, so under libFuzzer seeds made in FuzzX
// were made again for every execution, the same cost in a target and in
// its bare twin.

func addAll(f *testing.F, seeds [][]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
}

func unhexAll(hexes []string) [][]byte {
	out := make([][]byte, len(hexes))
	for i, s := range hexes {
		out[i] = check.Unhex(s)
	}
	return out
}

var varintSeedBytes = unhexAll(varintSeeds)

func FuzzIxiVarUInt(f *testing.F) {
	addAll(f, varintSeedBytes)
	f.Fuzz(func(t *testing.T, data []byte) { CheckIxiVarUInt(t, data) })
}

func FuzzIxiVarInt(f *testing.F) {
	addAll(f, varintSeedBytes)
	f.Fuzz(func(t *testing.T, data []byte) { CheckIxiVarInt(t, data) })
}

var ixiBytesSeeds = []string{"00", "03aabbcc", "04aabbcc", "fc0100aa", "fc0000", "fdffffff7f", "fd00000080",
	"feffffffffffffffff", "f80100", "0300"}

var ixiBytesSeedBytes = unhexAll(ixiBytesSeeds)

func FuzzIxiBytes(f *testing.F) {
	addAll(f, ixiBytesSeedBytes)
	f.Fuzz(func(t *testing.T, data []byte) { CheckIxiBytes(t, data) })
}

var requestAdd2Seeds = sync.OnceValue(func() [][]byte {
	x := ixfix.Ixian()
	return [][]byte{x.RequestAdd2, append(check.Unhex("fc0100"), x.RequestAdd2[1:]...), // a non-minimal version
		append(bytes.Clone(x.RequestAdd2), 0), check.Unhex("0100")}
})

func FuzzRequestAdd2(f *testing.F) {
	addAll(f, requestAdd2Seeds())
	f.Fuzz(func(t *testing.T, payload []byte) {
		CheckRequestAdd2(t, payload)
		checkReencoded(t, payload, requestAdd2Layout, CheckRequestAdd2)
	})
}

var acceptAdd2Seeds = sync.OnceValue(func() [][]byte {
	a := ixfix.Ixian().Acceptor.AcceptAdd2
	return [][]byte{a, a[:len(a)-1], // no capabilities
		append(bytes.Clone(a), 0), append(a[:len(a)-1:len(a)-1], check.Unhex("fdffffffff")...)} // capabilities above 2^31
})

func FuzzAcceptAdd2(f *testing.F) {
	addAll(f, acceptAdd2Seeds())
	f.Fuzz(func(t *testing.T, payload []byte) {
		CheckAcceptAdd2(t, payload)
		checkReencoded(t, payload, acceptAdd2Layout, CheckAcceptAdd2)
	})
}

var keys2Seeds = sync.OnceValue(func() [][]byte {
	k := ixfix.Ixian().Requester.Keys2
	return [][]byte{k, k[:len(k)-1], append(bytes.Clone(k), 1)}
})

func FuzzKeys2(f *testing.F) {
	addAll(f, keys2Seeds())
	f.Fuzz(func(t *testing.T, payload []byte) {
		CheckKeys2(t, payload)
		checkReencoded(t, payload, keys2Layout, CheckKeys2)
	})
}

var spixiMessageSeeds = sync.OnceValue(func() [][]byte {
	x := ixfix.Ixian()
	return [][]byte{x.AcceptFrame, x.KeysFrame[:len(x.KeysFrame)-6], // no channel, no group fields
		check.Unhex("29000000ffffff7f"), check.Unhex("2a000000ffffffff")}
})

func FuzzSpixiMessage(f *testing.F) {
	addAll(f, spixiMessageSeeds())
	f.Fuzz(func(t *testing.T, frame []byte) { CheckSpixiMessage(t, frame) })
}

func FuzzRSAPublicKey(f *testing.F) {
	x := ixfix.Ixian()
	f.Add(x.AcceptorRSA)
	f.Add(x.AcceptorRSA[5:]) // the 523-byte legacy form
	f.Add(append([]byte{1, 1, 0, 0, 0}, x.AcceptorRSA[5:]...))
	f.Fuzz(func(t *testing.T, key []byte) { CheckRSAPublicKey(t, key) })
}

func FuzzIxianTransition(f *testing.F) {
	f.Add(uint8(0), true, true, false, false, 0, 1, int64(5), uint8(6), 0, int64(6), []byte{0})
	f.Add(uint8(1), true, true, true, false, 1, 1, int64(5), uint8(5), 0, int64(0), []byte(nil))
	f.Add(uint8(0), true, true, false, false, 1, 1, int64(5), uint8(4), 1, int64(6), []byte(nil))
	f.Add(uint8(1), false, false, false, false, 0, 0, int64(0), uint8(7), 0, int64(0), []byte(nil))
	f.Fuzz(func(t *testing.T, role uint8, known, approved, pending, disabled bool, status, version int, lastTimestamp int64,
		kind uint8, eventVersion int, eventTimestamp int64, msgID []byte) {
		CheckIxianTransition(t, role, known, approved, pending, disabled, status, version, lastTimestamp, kind, eventVersion, eventTimestamp, msgID)
	})
}

// The bare twins: the Deployed decoder alone, on the same seeds (and, in
// BenchmarkEngine, a copy of the same corpus), built into the same binary.

func FuzzBareIxiVarUInt(f *testing.F) {
	addAll(f, varintSeedBytes)
	f.Fuzz(func(t *testing.T, data []byte) { ixian.DecodeVarUInt(data, ixian.Deployed) })
}

func FuzzBareIxiVarInt(f *testing.F) {
	addAll(f, varintSeedBytes)
	f.Fuzz(func(t *testing.T, data []byte) { ixian.DecodeVarInt(data, ixian.Deployed) })
}

func FuzzBareIxiBytes(f *testing.F) {
	addAll(f, ixiBytesSeedBytes)
	f.Fuzz(func(t *testing.T, data []byte) { ixian.DecodeIxiBytes(data, ixian.Deployed) })
}

func FuzzBareRequestAdd2(f *testing.F) {
	addAll(f, requestAdd2Seeds())
	f.Fuzz(func(t *testing.T, payload []byte) {
		var m ixian.RequestAdd2
		_ = m.Decode(payload, ixian.Deployed)
	})
}

func FuzzBareAcceptAdd2(f *testing.F) {
	addAll(f, acceptAdd2Seeds())
	f.Fuzz(func(t *testing.T, payload []byte) {
		var m ixian.AcceptAdd2
		_ = m.Decode(payload, ixian.Deployed)
	})
}

func FuzzBareKeys2(f *testing.F) {
	addAll(f, keys2Seeds())
	f.Fuzz(func(t *testing.T, payload []byte) {
		var m ixian.Keys2
		_ = m.Decode(payload, ixian.Deployed)
	})
}

func FuzzBareSpixiMessage(f *testing.F) {
	addAll(f, spixiMessageSeeds())
	f.Fuzz(func(t *testing.T, frame []byte) {
		var m ixian.SpixiMessage
		_ = m.Decode(frame, ixian.Deployed)
	})
}
