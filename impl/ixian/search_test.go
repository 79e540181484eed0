package ixian

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// TestSearchSecretLengths finds, for each unit case, the first requester
// scalar counter whose ECDH secret has the wanted length; the results are
// the counters in unitCases. It takes about a minute per 2^16 tries on one
// core, so it only runs when asked:
//
//	PQHS_IXIAN_SEARCH=1 go test -run SearchSecretLengths -v ./impl/ixian
func TestSearchSecretLengths(t *testing.T) {
	if os.Getenv("PQHS_IXIAN_SEARCH") == "" {
		t.Skip("set PQHS_IXIAN_SEARCH=1 to search")
	}
	for _, c := range unitCases {
		pub, err := ECDHPublicKey(unitScalar(c.name, "acceptor/ecdh-scalar"))
		if err != nil {
			t.Fatal(err)
		}
		var next atomic.Int64
		var best atomic.Int64
		best.Store(1 << 62)
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					k := next.Add(1) - 1
					if k >= best.Load() {
						return
					}
					ss, err := ECDH(unitScalar(c.name, requesterScalarLabel(k)), pub, Strict)
					if err != nil {
						panic(err)
					}
					if len(ss) == c.secretLen {
						for {
							b := best.Load()
							if k >= b || best.CompareAndSwap(b, k) {
								break
							}
						}
						return
					}
				}
			}()
		}
		wg.Wait()
		fmt.Printf("case %s: secret length %d at counter %d (tries %d)\n", c.name, c.secretLen, best.Load(), next.Load())
	}
}
