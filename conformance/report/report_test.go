package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/conformancetest"
	"github.com/pqhs/pqhs/conformance/report"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/vectors"
)

func TestMain(m *testing.M) {
	conformancetest.Register()
	os.Exit(m.Run())
}

// evil is text that must come out escaped everywhere.
const evil = "<script>alert(1)</script> & \"quotes\" 'too' ]]> \x00\x1b[31m\xff"

// sample runs the double with an adapter that gives every kind of answer,
// with hostile text in the vectors and in the answers.
func sample(t *testing.T) *conformance.Report {
	t.Helper()
	f := conformancetest.File(10)
	g := &f.TestGroups[0]
	g.Tests[0].Comment = evil
	f.Notes["Truncated"] = vectors.Note{BugType: "MISSING_STEP", Description: "desc " + evil, Effect: "effect"}
	g.Tests[1].Flags = append(g.Tests[1].Flags, "Undocumented")
	cases := conformance.Cases([]*vectors.File{f, conformancetest.EncodeFile()})
	n := 0
	a := &conformance.Func{Info: conformancetest.Info(), Op: func(_ context.Context, req conformance.Request) (conformance.Reply, error) {
		n++
		r := conformancetest.Reply(req)
		switch n {
		case 1: // valid: wrong payload, and an output full of junk
			r.Outputs = vectors.Values{}.Set("payload", "00").Set("length", 2).Set("junk", evil)
		case 2: // invalid: the wrong category, with a hostile message
			r = conformance.RejectReply(category.JSON, evil)
		case 3: // acceptable under strict: accepted
			r = conformance.OutputsReply(f.TestGroups[0].Tests[2].Outputs)
		case 4: // an adapter error
			r = conformance.ErrorReply(evil)
		case 5: // a fault with what was seen
			return r, &conformance.Fault{Kind: conformance.FaultProtocol, Message: "not JSON", Seen: evil, Stderr: "line 1\n" + evil, Status: "exit status 3"}
		case 6: // an unknown category
			r = conformance.RejectReply("bogus", "")
		case 7:
			r = conformance.UnsupportedReply(evil)
		}
		return r, nil
	}}
	e, err := conformance.ParseExpectations([]byte(`{"expect": [
		{"family": "pqhstest/frame/decode", "tcId": [3], "expect": "fail", "reason": "known: ` + strings.ReplaceAll(evil[:40], `"`, `\"`) + `"},
		{"family": "pqhstest/frame/decode", "tcId": [8], "expect": "fail", "reason": "fixed since"},
		{"family": "pqhstest/frame/decode", "tcId": [10], "expect": "skip", "reason": "not now"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := conformance.Run(context.Background(), conformance.Shared(a), cases, conformance.Options{Expect: e, AllowUnimplemented: true})
	if err != nil {
		t.Fatal(err)
	}
	rep.Warnings = append(rep.Warnings, "warning "+evil)
	rep.Duration = 1500 * time.Millisecond
	return rep
}

func render(t *testing.T, rep *conformance.Report, write func(io.Writer, *conformance.Report) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSampleVerdicts(t *testing.T) {
	rep := sample(t)
	want := []string{"fail", "fail", "fail", "error", "error", "fail", "skip", "pass", "pass", "skip", "skip", "skip"}
	for i, r := range rep.Results {
		if string(r.Verdict) != want[i] {
			t.Errorf("%s: %s (%s), want %s", r.Case.Name(), r.Verdict, r.Message, want[i])
		}
	}
	tot := rep.Totals()
	if tot.Fail != 3 || tot.ExpectedFail != 1 || tot.Error != 2 || tot.Skip != 4 || tot.UnexpectedPass != 1 || tot.Pass != 2 {
		t.Errorf("%+v", tot)
	}
}

// The page parses as XML (so as HTML), nothing hostile survives unescaped,
// and every failure is there with its inputs.
func TestHTML(t *testing.T) {
	rep := sample(t)
	page := render(t, rep, report.HTML)
	dec := xml.NewDecoder(bytes.NewReader(page))
	dec.Strict = true
	ids := map[string]bool{}
	var hrefs []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "script", "link", "img", "iframe":
				t.Errorf("<%s> in the page", se.Name.Local)
			}
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "id":
					ids[a.Value] = true
				case "href":
					hrefs = append(hrefs, a.Value)
				case "src":
					t.Errorf("external asset %q", a.Value)
				}
			}
		}
	}
	for _, h := range hrefs {
		if !strings.HasPrefix(h, "#") || !ids[h[1:]] {
			t.Errorf("link %q leads nowhere in the page", h)
		}
	}
	s := string(page)
	if strings.Contains(s, "<script>") || strings.Contains(s, "\x00") || strings.Contains(s, "\x1b") {
		t.Error("unescaped hostile text")
	}
	for _, want := range []string{
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		"pqhstest/frame/decode#1", "outputs differ: length, payload", "first difference at byte 0",
		"rejected with json, expected truncated", `unknown category &#34;bogus&#34;`,
		"desc &lt;script&gt;", "MISSING_STEP", "exit status 3", "line 1",
		"unexpectedly passed", "known: ", "not now", "the adapter does not implement pqhstest/frame/encode",
		"FAIL:",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// Inputs of a failure are shown.
	var in string
	json.Unmarshal(rep.Results[0].Case.Inputs["data"], &in)
	if !strings.Contains(s, in) {
		t.Error("the first failure's input is missing")
	}
	// One matrix cell per test.
	if n := strings.Count(s, `title="#`); n != len(rep.Results) {
		t.Errorf("%d cells for %d tests", n, len(rep.Results))
	}
}

func TestJUnit(t *testing.T) {
	rep := sample(t)
	out := render(t, rep, report.JUnit)
	var doc report.JUnitSuites
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("JUnit does not parse: %v\n%s", err, out)
	}
	// Unexpected failures (3) and the unexpected pass are failures; the
	// expected failure and the skips are skipped.
	if doc.Tests != 12 || doc.Failures != 4 || doc.Errors != 2 || doc.Skipped != 5 || len(doc.Suites) != 2 {
		t.Errorf("totals: tests %d failures %d errors %d skipped %d suites %d", doc.Tests, doc.Failures, doc.Errors, doc.Skipped, len(doc.Suites))
	}
	s := doc.Suites[0]
	if s.Name != "pqhstest/frame/decode" || len(s.Cases) != 10 {
		t.Fatalf("suite %s with %d cases", s.Name, len(s.Cases))
	}
	c := s.Cases[0]
	if c.Classname != "pqhstest.frame.decode" || !strings.HasPrefix(c.Name, "1 <script>") || c.Failure == nil ||
		!strings.Contains(c.Failure.Message, "outputs differ: length, payload") || !strings.Contains(c.Failure.Text, "input:") {
		t.Errorf("case 1: %+v", c)
	}
	if c := s.Cases[4]; c.Error == nil || c.Error.Type != "protocol violation" || !strings.Contains(c.Error.Text, "seen:") {
		t.Errorf("case 5: %+v", c)
	}
	if c := s.Cases[2]; c.Skipped == nil || !strings.HasPrefix(c.Skipped.Message, "expected failure: known") {
		t.Errorf("case 3: %+v", c)
	}
	if c := s.Cases[7]; c.Failure == nil || !strings.Contains(c.Failure.Message, "unexpectedly passed") {
		t.Errorf("case 8: %+v", c)
	}
	if bytes.Contains(out, []byte("\x00")) || bytes.Contains(out, []byte("\x1b")) {
		t.Error("control characters in the XML")
	}
}

func TestJSONRoundTrip(t *testing.T) {
	rep := sample(t)
	out := render(t, rep, report.JSON)
	j, err := report.ReadJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	enc := json.NewEncoder(&again)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(j); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, again.Bytes()) {
		t.Errorf("the JSON report does not round-trip:\n%s\n---\n%s", out, again.Bytes())
	}
	if j.Format != report.JSONFormat || j.OK || j.Profile != vectors.Strict || j.Totals.Total != 12 || len(j.Results) != 12 || len(j.Families) != 2 {
		t.Errorf("header: %+v", j.Totals)
	}
	r0 := j.Results[0]
	if r0.Reply == nil || r0.Reply.Kind != "outputs" || len(r0.Mismatches) != 2 || r0.Mismatches[1].Field != "payload" ||
		string(r0.Mismatches[1].Actual) != `"00"` || r0.Inputs == nil || r0.Outputs == nil || r0.Result != vectors.Valid {
		t.Errorf("result 1: %+v", r0)
	}
	if r := j.Results[1]; r.Notes["Truncated"].BugType != "MISSING_STEP" || r.Error != "truncated" || r.Reply.Category != "json" {
		t.Errorf("result 2: %+v", r)
	}
	if r := j.Results[4]; r.Fault == nil || r.Fault.Kind != "protocol violation" || r.Fault.Status != "exit status 3" {
		t.Errorf("result 5: %+v", r)
	}
	// Plain passes carry no details.
	if r := j.Results[8]; r.Verdict != conformance.Pass || r.Inputs != nil || r.Reply != nil {
		t.Errorf("result 9: %+v", r)
	}
	if _, err := report.ReadJSON(strings.NewReader(`{"format": "other"}`)); err == nil {
		t.Error("a foreign format was read")
	}
}

func TestChromium(t *testing.T) {
	rep := sample(t)
	out := render(t, rep, report.Chromium)
	var doc struct {
		Version    int            `json:"version"`
		Delimiter  string         `json:"path_delimiter"`
		ByType     map[string]int `json:"num_failures_by_type"`
		Tests      map[string]any `json:"tests"`
		Interupted bool           `json:"interrupted"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 3 || doc.Delimiter != "/" || doc.ByType["FAIL"] != 4 || doc.ByType["CRASH"] != 2 || doc.ByType["SKIP"] != 4 || doc.ByType["PASS"] != 2 {
		t.Errorf("%+v", doc)
	}
	leaf := doc.Tests["pqhstest"].(map[string]any)["frame"].(map[string]any)["decode"].(map[string]any)["3"].(map[string]any)
	if leaf["actual"] != "FAIL" || leaf["expected"] != "FAIL" || leaf["is_unexpected"] != nil {
		t.Errorf("tcId 3: %v", leaf)
	}
	leaf = doc.Tests["pqhstest"].(map[string]any)["frame"].(map[string]any)["decode"].(map[string]any)["8"].(map[string]any)
	if leaf["actual"] != "PASS" || leaf["expected"] != "FAIL" || leaf["is_unexpected"] != true {
		t.Errorf("tcId 8: %v", leaf)
	}
}

func TestText(t *testing.T) {
	rep := sample(t)
	out := string(render(t, rep, func(w io.Writer, r *conformance.Report) error {
		return report.Text(w, r, report.TextOptions{})
	}))
	for _, want := range []string{
		"pqhs conformance: pqhs-testdouble 1, profile strict: 12 tests in 1.5s",
		"family                 tests   pass   fail  xfail   skip  error\n",
		"pqhstest/frame/decode     10      2      3      1      2      2\n",
		"pqhstest/frame/encode      2      0      0      0      2      0\n",
		"total                     12      2      3      1      4      2\n",
		"FAIL pqhstest/frame/decode#1 <script>",
		"    field:    payload = 00; want ",
		"expected: reject with truncated (an invalid test, strict profile)",
		"reason:   known: <script>",
		`seen:     <script>alert(1)</script> & "quotes" 'too' ]]> \x00\x1b[31m`,
		"XFAIL pqhstest/frame/decode#3",
		"XPASS pqhstest/frame/decode#8",
		"ERROR pqhstest/frame/decode#5",
		"      | line 1",
		"rule:     Truncated: desc <script>",
		`\x00\x1b[31m`,
		"FAIL: 3 failed, 2 errors, 1 unexpectedly passed (of 12 tests)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	if strings.Contains(out, "\x1b") || strings.Contains(out, "\x00") {
		t.Error("control characters reach the terminal")
	}
	if t.Failed() {
		t.Log(out)
	}
}

func TestTextAllPass(t *testing.T) {
	rep, err := conformance.Run(context.Background(), conformance.Shared(conformancetest.Adapter()),
		conformance.Cases([]*vectors.File{conformancetest.File(8)}), conformance.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	report.Text(&buf, rep, report.TextOptions{})
	if !strings.HasSuffix(buf.String(), "\nPASS: 8 passed\n") {
		t.Errorf("summary:\n%s", buf.String())
	}
}

// liveCheck stands for a live-session check: it fails with a transcript.
type liveCheck struct{}

func (liveCheck) Operations() []string { return []string{conformancetest.Decode.Name} }

func (liveCheck) Check(context.Context, *conformance.Env) conformance.Outcome {
	return conformance.Outcome{Verdict: conformance.Fail, Message: "keys differ",
		Details: []string{"step 1: requester sent 01ab", "step 2: " + evil}}
}

func TestCheckDetails(t *testing.T) {
	cases := []conformance.Case{{Family: &vectors.Family{Name: "live/double"}, TcID: 1, Comment: "session 1", Check: liveCheck{}}}
	rep, err := conformance.Run(context.Background(), conformance.Shared(conformancetest.Adapter()), cases, conformance.Options{})
	if err != nil {
		t.Fatal(err)
	}
	txt := string(render(t, rep, func(w io.Writer, r *conformance.Report) error { return report.Text(w, r, report.TextOptions{}) }))
	if !strings.Contains(txt, "FAIL live/double#1 session 1") || !strings.Contains(txt, "detail:   step 1: requester sent 01ab") ||
		strings.Contains(txt, "expected:") || strings.Contains(txt, "\x1b") {
		t.Errorf("text:\n%s", txt)
	}
	page := string(render(t, rep, report.HTML))
	if !strings.Contains(page, "step 2: &lt;script&gt;") {
		t.Error("the page lacks the details")
	}
	j, err := report.ReadJSON(bytes.NewReader(render(t, rep, report.JSON)))
	if err != nil || len(j.Results[0].Details) != 2 {
		t.Errorf("JSON: %v %+v", err, j.Results)
	}
}
