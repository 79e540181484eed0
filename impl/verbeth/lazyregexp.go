package verbeth

import (
	"regexp"
	"sync"
)

// lazyRE is a regular expression compiled when it is first used, not when
// the program starts: a program that links this package (every run of
// cmd/conformance, -list included) paid 0.15 ms of CPU at start to compile
// expressions most runs never use.
type lazyRE struct {
	re func() *regexp.Regexp
}

// lazyREs are every lazyRE made, for the test that compiles them all.
var lazyREs []*lazyRE

func lazyRegexp(expr string) *lazyRE {
	l := &lazyRE{sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
	lazyREs = append(lazyREs, l)
	return l
}

func (l *lazyRE) MatchString(s string) bool { return l.re().MatchString(s) }
