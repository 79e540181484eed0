#!/bin/bash -eu
# Builds every native fuzz target of the packages under fuzz/ as a libFuzzer
# binary, with its seed corpus converted from fuzz/<package>/testdata/fuzz,
# for ClusterFuzzLite and OSS-Fuzz (fuzz/README.md). The rapid properties
# (FuzzRapid*) are not here: go-118-fuzz-build cannot pass rapid.MakeFuzz
# its *testing.T, and their files carry //go:build !gofuzz; nor are the bare
# twins (FuzzBare*) of the throughput benchmarks. A test in package fuzz
# checks that this list holds exactly the other targets, each with its
# package.

# The v2 tools, built with the Go the Dockerfile installed.
(cd "$SRC/go-118-fuzz-build" && go build -o "$GOPATH/bin/go-118-fuzz-build_v2" . \
  && cd cmd/addStdLibCorpusToFuzzer && go build -o "$GOPATH/bin/addStdLibCorpusToFuzzer" .)

cd "$SRC/pqhs"
go get github.com/AdamKorcz/go-118-fuzz-build/testing

# <package under fuzz/> <target>
targets=(
  ixianwire FuzzAcceptAdd2
  verbeth FuzzBindingMessage
  verbeth FuzzHandshakeLog
  verbeth FuzzHandshakePayload
  verbeth FuzzHandshakeResponseLog
  verbeth FuzzIdentityProof
  ixianwire FuzzIxiBytes
  ixianwire FuzzIxiVarInt
  ixianwire FuzzIxiVarUInt
  ixiancrypto FuzzIxianKeyAgreement
  ixianwire FuzzIxianTransition
  verbeth FuzzJSJSON
  ixianwire FuzzKeys2
  ixiancrypto FuzzMLKEM1024
  verbeth FuzzMLKEM768
  ixiancrypto FuzzP521PeerKey
  ixiancrypto FuzzRSA2Decrypt
  ixiancrypto FuzzRSA2KeyBlock
  ixianwire FuzzRSAPublicKey
  verbeth FuzzRatchetDecrypt
  verbeth FuzzRatchetPayload
  ixianwire FuzzRequestAdd2
  verbeth FuzzRespond
  verbeth FuzzResponseEnvelope
  verbeth FuzzResponseInner
  verbeth FuzzResponseOpen
  verbeth FuzzSessionState
  ixiancrypto FuzzSpixi2Decrypt
  ixiancrypto FuzzSpixi2Layout
  ixianwire FuzzSpixiMessage
  ixianwire FuzzStreamMessage
  verbeth FuzzUnifiedPubKeys
  verbeth FuzzVerbethKeyAgreement
  verbeth FuzzX25519
)

for ((i = 0; i < ${#targets[@]}; i += 2)); do
  pkg=${targets[i]} t=${targets[i+1]}
  # The seeds first: compiling rewrites the package's test files.
  if [ -d "fuzz/$pkg/testdata/fuzz/$t" ]; then
    addStdLibCorpusToFuzzer -fuzzer_name "$t" -dir "fuzz/$pkg/testdata/fuzz/$t"
  fi
done
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  compile_native_go_fuzzer_v2 "github.com/pqhs/pqhs/fuzz/${targets[i]}" "${targets[i+1]}" "${targets[i+1]}"
  # The package's libFuzzer dictionary, if it has one, as <target>.dict.
  dict=$(ls fuzz/${targets[i]}/testdata/*.dict 2>/dev/null | head -1)
  if [ -n "$dict" ]; then cp "$dict" "$OUT/${targets[i+1]}.dict"; fi
done
