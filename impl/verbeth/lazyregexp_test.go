package verbeth

import "testing"

// Every expression compiles (they are compiled at first use, so a typo
// would otherwise show only on the path that uses it).
func TestLazyRegexpsCompile(t *testing.T) {
	for _, re := range []*lazyRE{jsDecimal, jsRadix, ethersHexAddress, ethersMixedCase, ethersICAP, strictKey, ethersBytes, strictChain, anyHex} {
		re.MatchString("")
	}
}
