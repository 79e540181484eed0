package conformance

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// A kept message is cut at 256 bytes before a character, never inside one,
// so that an adapter's text in a report stays valid UTF-8.
func TestInternCutsAtACharacter(t *testing.T) {
	s := &store{msgs: map[string]string{}}
	for pad := range 4 {
		m := strings.Repeat("a", pad) + strings.Repeat("€", 200) // 3 bytes each
		got := s.intern(m)
		if !utf8.ValidString(got) || len(got) > 256+len("…") || !strings.HasSuffix(got, "…") {
			t.Errorf("pad %d: %d bytes, valid %v", pad, len(got), utf8.ValidString(got))
		}
	}
}
