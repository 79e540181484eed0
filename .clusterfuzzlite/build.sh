#!/bin/bash -eu
# Builds every native fuzz target of package fuzz as a libFuzzer binary, with
# its seed corpus converted from fuzz/testdata/fuzz, for ClusterFuzzLite and
# OSS-Fuzz (fuzz/README.md). The rapid properties (FuzzRapid*) are not here:
# go-118-fuzz-build cannot pass rapid.MakeFuzz its *testing.T, and their
# files carry //go:build !gofuzz. A test in package fuzz checks that this
# list holds exactly the other targets.

# The v2 tools, built with the Go the Dockerfile installed.
(cd "$SRC/go-118-fuzz-build" && go build -o "$GOPATH/bin/go-118-fuzz-build_v2" . \
  && cd cmd/addStdLibCorpusToFuzzer && go build -o "$GOPATH/bin/addStdLibCorpusToFuzzer" .)

cd "$SRC/pqhs"
go get github.com/AdamKorcz/go-118-fuzz-build/testing

targets=(
  FuzzAcceptAdd2
  FuzzBindingMessage
  FuzzHandshakePayload
  FuzzIdentityProof
  FuzzIxiBytes
  FuzzIxiVarInt
  FuzzIxiVarUInt
  FuzzIxianKeyAgreement
  FuzzIxianTransition
  FuzzJSJSON
  FuzzKeys2
  FuzzMLKEM1024
  FuzzMLKEM768
  FuzzP521PeerKey
  FuzzRSA2Decrypt
  FuzzRSA2KeyBlock
  FuzzRSAPublicKey
  FuzzRatchetDecrypt
  FuzzRatchetPayload
  FuzzRequestAdd2
  FuzzRespond
  FuzzResponseEnvelope
  FuzzResponseInner
  FuzzSessionState
  FuzzSpixi2Decrypt
  FuzzSpixi2Layout
  FuzzSpixiMessage
  FuzzUnifiedPubKeys
  FuzzVerbethKeyAgreement
  FuzzX25519
)

for t in "${targets[@]}"; do
  # The seeds first: compiling rewrites the package's test files.
  if [ -d "fuzz/testdata/fuzz/$t" ]; then
    addStdLibCorpusToFuzzer -fuzzer_name "$t" -dir "fuzz/testdata/fuzz/$t"
  fi
done
for t in "${targets[@]}"; do
  compile_native_go_fuzzer_v2 github.com/pqhs/pqhs/fuzz "$t" "$t"
done
