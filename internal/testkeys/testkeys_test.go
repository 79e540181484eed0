package testkeys

import "testing"

func TestKeys(t *testing.T) {
	for _, n := range []string{IxianRequester, IxianAcceptor} {
		k := RSA(n)
		if k.N.BitLen() != 4096 || k.E != 65537 {
			t.Errorf("%s: %d bits, e = %d", n, k.N.BitLen(), k.E)
		}
		if err := k.Validate(); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	if k := RSA(IxianExposed); k.N.BitLen() != 1024 || k.E != 65537 || k.Validate() != nil {
		t.Errorf("%s: %d bits, e = %d", IxianExposed, k.N.BitLen(), k.E)
	}
	if RSA(IxianRequester).N.Cmp(RSA(IxianAcceptor).N) == 0 {
		t.Error("the two keys are the same")
	}
}
