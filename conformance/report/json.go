// Package report writes a conformance.Report for people and for machines:
// a terminal summary (Text), a detailed JSON document (JSON, format below),
// Chromium's JSON test results format version 3 as BoGo writes it
// (Chromium), JUnit XML for CI systems (JUnit), and a single self-contained
// HTML page (HTML).
//
// # The JSON report, format "pqhs-conformance-report/1"
//
//	{
//	  "format": "pqhs-conformance-report/1",
//	  "adapter": {"protocol": "pqhs-adapter/1", "name": "…", "version": "…",
//	              "profiles": ["strict", "deployed"], "operations": ["…"]},
//	  "profile": "strict",           // the profile the run judged by
//	  "looseErrors": false,
//	  "started": "2026-11-23T06:00:00Z",
//	  "durationSeconds": 1.25,
//	  "ok": true,                    // no unexpected result: exit status 0
//	  "totals": {counts},
//	  "families": [{counts with "family" and "algorithm"}, …],   // family order
//	  "warnings": ["…"],             // about the run itself; may be absent
//	  "results": [{result}, …]       // one per selected test, family then tcId order
//	}
//
// counts: "total", "pass" (including unexpected passes), "fail" (unexpected
// failures only), "expectedFail", "skip", "error", "unexpectedPass" (also in
// "pass"), "warned" (passes with a warning).
//
// result: "family", "tcId", "comment", "flags", "verdict" (pass, fail, skip,
// error), "expected" (what the expected-failures file anticipates: pass,
// fail or skip), "unexpected" (true when this result fails the run),
// "mustRun", "message" (why, in one line), "warning", "expectReason",
// "durationSeconds". Results that are not plain passes (a verdict other than
// pass, a warning, or an unexpected pass) also carry the details: "result"
// and "error" (the vector's result and required category), "inputs",
// "outputs" (the vector's outputs: what an accepting implementation must
// produce; for an acceptable test judged under strict, which must be
// rejected, they are the deployed profile's, and "outputsProfile" says
// "deployed"), "reply" ({"kind": "outputs", "outputs":
// {…}} | {"kind": "reject", "category": "…", "message": "…"} | {"kind":
// "unsupported", "message": "…"} | {"kind": "error", "message": "…"}),
// "mismatches" ([{"field", "expected", "actual"}]; "actual" absent when the
// field was missing), "notes" (the flags' notes from the vector file), and
// "fault" ({"kind", "message", "seen", "stderr", "status"}) for adapter
// faults, and "details" (lines about a multi-step check, such as the steps
// of a live session). Values are as in the vector files (spec/vectors.md).
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/vectors"
)

// JSONFormat names the format JSON writes.
const JSONFormat = "pqhs-conformance-report/1"

// JSONReport is the document JSON writes and ReadJSON reads.
type JSONReport struct {
	Format          string           `json:"format"`
	Adapter         conformance.Info `json:"adapter"`
	Profile         vectors.Profile  `json:"profile"`
	LooseErrors     bool             `json:"looseErrors"`
	Started         time.Time        `json:"started"`
	DurationSeconds float64          `json:"durationSeconds"`
	OK              bool             `json:"ok"`
	Totals          JSONCounts       `json:"totals"`
	Families        []JSONCounts     `json:"families"`
	Warnings        []string         `json:"warnings,omitempty"`
	Results         []JSONResult     `json:"results"`
}

// JSONCounts are the counts of a family or of the run.
type JSONCounts struct {
	Family         string `json:"family,omitempty"`
	Algorithm      string `json:"algorithm,omitempty"`
	Total          int    `json:"total"`
	Pass           int    `json:"pass"`
	Fail           int    `json:"fail"`
	ExpectedFail   int    `json:"expectedFail"`
	Skip           int    `json:"skip"`
	Error          int    `json:"error"`
	UnexpectedPass int    `json:"unexpectedPass"`
	Warned         int    `json:"warned"`
}

// JSONResult is one test's result.
type JSONResult struct {
	Family          string                  `json:"family"`
	TcID            int                     `json:"tcId"`
	Comment         string                  `json:"comment,omitempty"`
	Flags           []string                `json:"flags,omitempty"`
	Verdict         conformance.Verdict     `json:"verdict"`
	Expected        conformance.Verdict     `json:"expected"`
	Unexpected      bool                    `json:"unexpected"`
	MustRun         bool                    `json:"mustRun,omitempty"`
	Message         string                  `json:"message,omitempty"`
	Warning         string                  `json:"warning,omitempty"`
	ExpectReason    string                  `json:"expectReason,omitempty"`
	DurationSeconds float64                 `json:"durationSeconds"`
	Result          vectors.Result          `json:"result,omitempty"`
	Error           string                  `json:"error,omitempty"`
	Inputs          vectors.Values          `json:"inputs,omitempty"`
	Outputs         vectors.Values          `json:"outputs,omitempty"`
	OutputsProfile  vectors.Profile         `json:"outputsProfile,omitempty"`
	Reply           *JSONReply              `json:"reply,omitempty"`
	Mismatches      []JSONMismatch          `json:"mismatches,omitempty"`
	Notes           map[string]vectors.Note `json:"notes,omitempty"`
	Fault           *JSONFault              `json:"fault,omitempty"`
	Details         []string                `json:"details,omitempty"`
}

// JSONReply is the adapter's answer.
type JSONReply struct {
	Kind     string         `json:"kind"`
	Outputs  vectors.Values `json:"outputs,omitempty"`
	Category string         `json:"category,omitempty"`
	Message  string         `json:"message,omitempty"`
}

// JSONMismatch is one output that differs.
type JSONMismatch struct {
	Field    string          `json:"field"`
	Expected json.RawMessage `json:"expected"`
	Actual   json.RawMessage `json:"actual,omitempty"`
}

// JSONFault is an adapter fault.
type JSONFault struct {
	Kind    string `json:"kind"`
	Message string `json:"message,omitempty"`
	Seen    string `json:"seen,omitempty"`
	Stderr  string `json:"stderr,omitempty"`
	Status  string `json:"status,omitempty"`
}

// text makes free text valid UTF-8, so that the document is canonical
// (an invalid byte and U+FFFD would otherwise encode differently).
func text(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

func texts(ss []string) []string {
	var out []string
	for _, s := range ss {
		out = append(out, text(s))
	}
	return out
}

func jsonCounts(c conformance.Counts) JSONCounts {
	return JSONCounts{
		Family: c.Family, Algorithm: c.Algorithm, Total: c.Total, Pass: c.Pass, Fail: c.Fail,
		ExpectedFail: c.ExpectedFail, Skip: c.Skip, Error: c.Error,
		UnexpectedPass: c.UnexpectedPass, Warned: c.Warned,
	}
}

// flagNotes returns the notes of the result's flags.
func flagNotes(c *conformance.Case) map[string]vectors.Note {
	var out map[string]vectors.Note
	for _, f := range c.Flags {
		if n, ok := c.Notes[f]; ok {
			if out == nil {
				out = map[string]vectors.Note{}
			}
			out[f] = vectors.Note{BugType: text(n.BugType), Description: text(n.Description), Effect: text(n.Effect), Links: texts(n.Links)}
		}
	}
	return out
}

// ToJSON converts a report to the JSON document.
func ToJSON(rep *conformance.Report) *JSONReport {
	j := jsonHead(rep)
	j.Results = make([]JSONResult, 0, rep.Len())
	for r := range rep.All() {
		j.Results = append(j.Results, jsonResult(rep, r))
	}
	return j
}

// jsonHead is the document without its results.
func jsonHead(rep *conformance.Report) *JSONReport {
	j := &JSONReport{
		Format:          JSONFormat,
		Adapter:         rep.Adapter,
		Profile:         rep.Profile,
		LooseErrors:     rep.LooseErrors,
		Started:         rep.Started.UTC().Round(0),
		DurationSeconds: rep.Duration.Seconds(),
		OK:              rep.OK(),
		Totals:          jsonCounts(rep.Totals()),
		Warnings:        texts(rep.Warnings),
		Families:        []JSONCounts{},
		Results:         []JSONResult{},
	}
	for _, c := range rep.Families() {
		j.Families = append(j.Families, jsonCounts(c))
	}
	return j
}

func jsonResult(rep *conformance.Report, r *conformance.Result) JSONResult {
	c := r.Case
	jr := JSONResult{
		Family: c.Family.Name, TcID: c.TcID, Comment: text(c.Comment), Flags: c.Flags,
		Verdict: r.Verdict, Expected: r.Expected, Unexpected: r.Unexpected, MustRun: r.MustRun,
		Message: text(r.Message), Warning: text(r.Warning), ExpectReason: text(r.ExpectReason),
		DurationSeconds: r.Duration.Seconds(),
	}
	if detailed(r) {
		jr.Result, jr.Error, jr.Inputs, jr.Outputs = c.Result, c.ErrorFor(rep.Profile), c.Inputs, c.Outputs
		if c.Result == vectors.Acceptable && rep.Profile == vectors.Strict && len(c.Outputs) > 0 {
			jr.OutputsProfile = vectors.Deployed
		}
		jr.Notes = flagNotes(c)
		if r.Reply != nil {
			jr.Reply = &JSONReply{Kind: r.Reply.Kind.String(), Outputs: r.Reply.Outputs, Category: text(string(r.Reply.Category)), Message: text(r.Reply.Message)}
			if r.Reply.Kind == conformance.KindOutputs && jr.Reply.Outputs == nil {
				jr.Reply.Outputs = vectors.Values{}
			}
		}
		for _, m := range r.Mismatches {
			jr.Mismatches = append(jr.Mismatches, JSONMismatch{Field: m.Field, Expected: m.Expected, Actual: m.Actual})
		}
		jr.Details = texts(r.Details)
		if f := r.Fault; f != nil {
			jr.Fault = &JSONFault{Kind: string(f.Kind), Message: text(f.Message), Seen: text(f.Seen), Stderr: text(f.Stderr), Status: text(f.Status)}
		}
	}
	return jr
}

// JSON writes the detailed JSON report (format above), indented. It
// streams the results, one at a time, after the rest of the document (the
// bytes are those of ToJSON's document encoded whole).
func JSON(w io.Writer, rep *conformance.Report) error {
	var head bytes.Buffer
	if err := writeJSON(&head, jsonHead(rep)); err != nil {
		return err
	}
	const tail = "[]\n}\n"
	h := head.Bytes()
	if !bytes.HasSuffix(h, []byte(tail)) {
		return writeJSON(w, ToJSON(rep)) // cannot happen: results come last
	}
	if _, err := w.Write(h[:len(h)-len(tail)]); err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	first := true
	for r := range rep.All() {
		buf.Reset()
		if first {
			buf.WriteString("[\n    ")
		} else {
			buf.WriteString(",\n    ")
		}
		first = false
		if err := enc.Encode(jsonResult(rep, r)); err != nil {
			return err
		}
		buf.Truncate(buf.Len() - 1) // the encoder's newline
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
	}
	end := "\n  ]\n}\n"
	if first {
		end = tail
	}
	_, err := io.WriteString(w, end)
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// ReadJSON reads a JSON report.
func ReadJSON(r io.Reader) (*JSONReport, error) {
	var j JSONReport
	dec := json.NewDecoder(r)
	if err := dec.Decode(&j); err != nil {
		return nil, err
	}
	if j.Format != JSONFormat {
		return nil, fmt.Errorf("report format %q, want %q", j.Format, JSONFormat)
	}
	return &j, nil
}

// valueText shows a value: a JSON string without its quotes (hex, text),
// anything else as compact JSON.
func valueText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s == "" {
			return `""`
		}
		return s
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) == nil {
		return buf.String()
	}
	return string(raw)
}

func sortedKeys(v vectors.Values) []string { return slices.Sorted(maps.Keys(v)) }
