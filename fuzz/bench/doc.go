// Package bench measures the fuzz targets' throughput under the fuzzing
// engines, against a bare call of the same decoder built the same way.
// It holds benchmarks only; the binaries it measures are the target
// packages' own, so nothing here adds to their coverage maps.
//
//	go test -run '^$' -bench Engine -benchtime 1x ./fuzz/bench
//
// For each wire target, BenchmarkEngine builds the target package's test
// binary once with fuzzing instrumentation, and fuzzes the project's
// target (FuzzX) and its bare twin (FuzzBareX: only the Deployed decoder)
// alternately, in rounds, each from a copy of the same corpus, with one
// worker and minimisation off. It reports each one's executions per
// CPU-second of the fuzzing worker over the rounds, their ratio
// (project/bare; the goal is at least 0.7), and the median of the rounds'
// own ratios. PQHS_ENGINE_ROUNDS (5) and PQHS_ENGINE_TIME (6s per run)
// change the rounds; go test -v logs every run. BenchmarkLibFuzzer does
// the same under libFuzzer (it needs clang): both binaries of a target
// start from its Go corpus, and both runs of a round take the same -seed.
package bench
