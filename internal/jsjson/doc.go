// Package jsjson reproduces the JSON behaviour of JavaScript engines closely
// enough for byte-exact interoperability with code that uses JSON.stringify,
// JSON.parse and TextDecoder.
//
// Go's encoding/json differs from JSON.stringify in bytes (it escapes <, >, &,
// U+2028 and U+2029, and formats numbers differently) and from JSON.parse in
// meaning (case-insensitive field matching, no lone surrogates). This package
// has neither difference:
//
//   - Marshal writes exactly what JSON.stringify writes for the same value:
//     no whitespace, members in the given order, only the escapes
//     JSON.stringify makes, numbers as Number.prototype.toString formats them.
//   - Parse accepts exactly the JSON text JSON.parse accepts and keeps every
//     member in order; Get returns the last of duplicate members, as the
//     object JSON.parse builds would hold. A strict mode rejects duplicate
//     member names and lone surrogate escapes instead.
//   - DecodeText turns bytes into text as new TextDecoder().decode does.
//
// Strings are Go strings in WTF-8: UTF-8 that may also hold the 3-byte form of
// an unpaired surrogate (U+D800..U+DFFF), the only JavaScript string content
// UTF-8 cannot express. Text returns such a string made well-formed, with each
// lone surrogate replaced by U+FFFD, which is what TextEncoder would give.
package jsjson
