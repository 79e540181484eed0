package verbeth

import (
	"regexp"
	"sync"
)

// lazyRegexp is a regular expression compiled when it is first used, not
// when the program starts: a program that links this package (every run of
// cmd/conformance, -list included) paid 0.15 ms of CPU at start to compile
// expressions most runs never use.
type lazyRE struct {
	re func() *regexp.Regexp
}

func lazyRegexp(expr string) *lazyRE {
	return &lazyRE{sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
}

func (l *lazyRE) MatchString(s string) bool { return l.re().MatchString(s) }
