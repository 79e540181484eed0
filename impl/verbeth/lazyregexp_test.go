package verbeth

import "testing"

// Every expression compiles (they are compiled at first use, so a typo
// would otherwise show only on the path that uses it): all that
// lazyRegexp made, so that a new one needs no entry here.
func TestLazyRegexpsCompile(t *testing.T) {
	if len(lazyREs) < 9 {
		t.Errorf("%d expressions, want the nine of jsnode.go and proof.go at least", len(lazyREs))
	}
	for _, re := range lazyREs {
		re.MatchString("")
	}
}
