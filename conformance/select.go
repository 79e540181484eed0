package conformance

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/pqhs/pqhs/vectors"
)

// MatchFamily reports whether pattern names family. Patterns are path.Match
// globs over the slash-separated name ("*" does not cross "/"), and a
// pattern also names every family below it, as h2spec's section prefixes
// do: "ixian" names every Ixian family, "ixian/acceptAdd2" both acceptAdd2
// steps, "ixian/*/decode" every Ixian decoder. The empty pattern names every
// family.
func MatchFamily(pattern, family string) bool {
	if pattern == "" {
		return true
	}
	for name := family; ; {
		if ok, _ := path.Match(pattern, name); ok {
			return true
		}
		i := strings.LastIndexByte(name, '/')
		if i < 0 {
			return false
		}
		name = name[:i]
	}
}

// ValidPattern checks a family pattern's syntax.
func ValidPattern(pattern string) error {
	if _, err := path.Match(pattern, ""); err != nil {
		return fmt.Errorf("family pattern %q: %w", pattern, err)
	}
	return nil
}

// IDRange is an inclusive range of tcIds.
type IDRange struct{ Lo, Hi int }

// ParseIDs parses a tcId list such as "3,7,10-20".
func ParseIDs(s string) ([]IDRange, error) {
	var out []IDRange
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(strings.TrimSpace(lo))
		if err != nil || a < 0 {
			return nil, fmt.Errorf("tcId list %q: bad number %q", s, lo)
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(strings.TrimSpace(hi)); err != nil || b < a {
				return nil, fmt.Errorf("tcId list %q: bad range %q", s, part)
			}
		}
		out = append(out, IDRange{a, b})
	}
	return out, nil
}

// Selection chooses cases. Each non-empty field must match (AND); within a
// field any element may match (OR).
type Selection struct {
	Protocols []string         // the first element of the family name: "ixian", "verbeth"
	Families  []string         // family patterns (MatchFamily)
	TcIDs     []IDRange        // tcIds
	Flags     []string         // cases carrying any of these flags
	Results   []vectors.Result // cases with any of these results
}

// MatchFamily reports whether s can select tests of family f: whether f
// passes the protocol and family parts of s. A runner loads only the files
// of such families.
func (s *Selection) MatchFamily(f *vectors.Family) bool {
	if len(s.Protocols) > 0 && !slices.Contains(s.Protocols, f.Protocol()) {
		return false
	}
	return len(s.Families) == 0 || slices.ContainsFunc(s.Families, func(p string) bool { return MatchFamily(p, f.Name) })
}

// Match reports whether c is selected.
func (s *Selection) Match(c *Case) bool {
	if len(s.Protocols) > 0 {
		if !slices.Contains(s.Protocols, c.Family.Protocol()) {
			return false
		}
	}
	if len(s.Families) > 0 && !slices.ContainsFunc(s.Families, func(p string) bool { return MatchFamily(p, c.Family.Name) }) {
		return false
	}
	if len(s.TcIDs) > 0 && !slices.ContainsFunc(s.TcIDs, func(r IDRange) bool { return r.Lo <= c.TcID && c.TcID <= r.Hi }) {
		return false
	}
	if len(s.Flags) > 0 && !slices.ContainsFunc(s.Flags, func(f string) bool { return slices.Contains(c.Flags, f) }) {
		return false
	}
	if len(s.Results) > 0 && !slices.Contains(s.Results, c.Result) {
		return false
	}
	return true
}

// Select returns the cases that s matches, in their order.
func Select(cs []Case, s Selection) []Case {
	var out []Case
	for i := range cs {
		if s.Match(&cs[i]) {
			out = append(out, cs[i])
		}
	}
	return out
}
