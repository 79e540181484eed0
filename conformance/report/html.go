package report

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/vectors"
)

// HTML writes one self-contained page (no scripts, no external assets): the
// matrix of families against results, with one cell per test, and every
// failure, error, expected failure, unexpected pass and warning with the
// test's inputs, the expected and actual values, the mismatching fields,
// the required category, the flags with the rule they stand for, and the
// comment. Everything that comes from vectors or adapters is escaped by
// html/template; control characters are replaced. The page is also
// well-formed XML.
func HTML(w io.Writer, rep *conformance.Report) error {
	return pageTemplate().Execute(w, buildPage(rep))
}

type htmlPage struct {
	Adapter  string
	Protocol string
	Profile  string
	Loose    bool
	Started  string
	Duration string
	OK       bool
	Totals   conformance.Counts
	XFail    bool
	Families []htmlFamily
	Warnings []string
	Details  []htmlResult
	Skips    []htmlSkip
}

type htmlFamily struct {
	conformance.Counts
	Name      string
	Algorithm string
	Cells     []htmlCell
}

type htmlCell struct {
	Class  string
	Title  string
	Anchor string // "" for cells without details
}

type htmlResult struct {
	Anchor       string
	Label        string
	Class        string
	Name         string
	Comment      string
	Flags        []htmlFlag
	Expected     string
	Got          string
	Why          string
	Warning      string
	ExpectReason string
	MustRun      bool
	Mismatches   []htmlMismatch
	Inputs       []htmlKV
	Outputs      []htmlKV
	OutputsLabel string // "expected outputs", or the deployed profile's for an acceptable test under strict
	Actual       []htmlKV
	Fault        *conformance.Fault
	Details      string
}

type htmlFlag struct{ Name, BugType, Description, Effect string }

type htmlMismatch struct {
	Field, Expected, Actual, Diff string
	Missing                       bool
}

type htmlKV struct{ Key, Value string }

type htmlSkip struct{ Name, Comment, Reason string }

func buildPage(rep *conformance.Report) *htmlPage {
	tot := rep.Totals()
	p := &htmlPage{
		Adapter:  clean(strings.TrimSpace(rep.Adapter.Name + " " + rep.Adapter.Version)),
		Protocol: clean(rep.Adapter.Protocol),
		Profile:  string(rep.Profile),
		Loose:    rep.LooseErrors,
		Started:  rep.Started.UTC().Format(time.RFC3339),
		Duration: rep.Duration.Round(time.Millisecond).String(),
		OK:       rep.OK(),
		Totals:   tot,
		XFail:    tot.ExpectedFail > 0,
	}
	if p.Adapter == "" {
		p.Adapter = "(no hello)"
	}
	for _, w := range rep.Warnings {
		p.Warnings = append(p.Warnings, clean(w))
	}
	famIdx := map[string]int{}
	for _, c := range rep.Families() {
		famIdx[c.Family] = len(p.Families)
		p.Families = append(p.Families, htmlFamily{Counts: c, Name: clean(c.Family), Algorithm: clean(c.Algorithm)})
	}
	i := -1
	for r := range rep.All() {
		i++
		c := r.Case
		cell := htmlCell{Class: cellClass(r), Title: clean(fmt.Sprintf("#%d %s: %s", c.TcID, c.Comment, label(r)))}
		switch {
		case r.Verdict == conformance.Skip:
			p.Skips = append(p.Skips, htmlSkip{Name: clean(c.Name()), Comment: clean(c.Comment), Reason: clean(r.Message)})
		case detailed(r):
			cell.Anchor = fmt.Sprintf("r%d", i)
			p.Details = append(p.Details, buildResult(rep, r, cell.Anchor))
		}
		f := &p.Families[famIdx[c.Family.Name]]
		f.Cells = append(f.Cells, cell)
	}
	return p
}

func buildResult(rep *conformance.Report, r *conformance.Result, anchor string) htmlResult {
	c := r.Case
	h := htmlResult{
		Anchor:       anchor,
		Label:        label(r),
		Class:        cellClass(r),
		Name:         clean(c.Name()),
		Comment:      clean(c.Comment),
		Why:          clean(r.Message),
		Warning:      clean(r.Warning),
		ExpectReason: clean(r.ExpectReason),
		MustRun:      r.MustRun,
	}
	if c.Check == nil && c.Result != "" {
		h.Expected = fmt.Sprintf("%s (%s test, %s profile)", clean(c.Expected(rep.Profile)), article(string(c.Result)), rep.Profile)
	}
	for _, f := range c.Flags {
		n := c.Notes[f]
		h.Flags = append(h.Flags, htmlFlag{Name: clean(f), BugType: clean(n.BugType), Description: clean(n.Description), Effect: clean(n.Effect)})
	}
	if r.Reply != nil {
		h.Got = clean(replyText(r.Reply, false))
		for _, k := range sortedKeys(r.Reply.Outputs) {
			h.Actual = append(h.Actual, htmlKV{clean(k), clean(valueText(r.Reply.Outputs[k]))})
		}
	}
	for _, m := range r.Mismatches {
		hm := htmlMismatch{Field: clean(m.Field), Expected: clean(valueText(m.Expected)), Missing: m.Actual == nil}
		if !hm.Missing {
			hm.Actual = clean(valueText(m.Actual))
			hm.Diff = hexDiff(m.Expected, m.Actual)
		}
		h.Mismatches = append(h.Mismatches, hm)
	}
	for _, k := range sortedKeys(c.Inputs) {
		h.Inputs = append(h.Inputs, htmlKV{clean(k), clean(valueText(c.Inputs[k]))})
	}
	h.OutputsLabel = "expected outputs"
	if c.Result == vectors.Acceptable && rep.Profile == vectors.Strict {
		// Under strict an acceptable test must be rejected: its outputs are
		// what the deployed profile produces, not what is expected here.
		h.OutputsLabel = "the deployed profile's outputs (strict must reject)"
	}
	for _, k := range sortedKeys(c.Outputs) {
		h.Outputs = append(h.Outputs, htmlKV{clean(k), clean(valueText(c.Outputs[k]))})
	}
	if len(r.Details) > 0 {
		h.Details = clean(strings.Join(r.Details, "\n"))
	}
	if f := r.Fault; f != nil {
		h.Fault = &conformance.Fault{Kind: f.Kind, Message: clean(f.Message), Seen: clean(f.Seen), Stderr: clean(f.Stderr), Status: clean(f.Status)}
	}
	return h
}

// pageTemplate is parsed when a report is first written, not when the
// program starts: every run of cmd/conformance would pay for it (0.2 ms of
// CPU, -list included), most without writing HTML.
var pageTemplate = sync.OnceValue(func() *template.Template { return template.Must(template.New("page").Parse(pageText)) })

const pageText = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; form-action 'none'; base-uri 'none'"/>
<title>pqhs conformance: {{.Adapter}}, {{.Profile}}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.2em; margin-top: 2em; } h3 { font-size: 1em; margin-bottom: .3em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
code, pre, .v { font-family: ui-monospace, monospace; font-size: 12px; overflow-wrap: anywhere; word-break: break-all; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: .5em; max-height: 30em; overflow: auto; }
.banner { padding: .5em 1em; font-weight: bold; display: inline-block; }
.ok { background: #d9f2d9; } .bad { background: #f8d0d0; }
.cells { line-height: 0; max-width: 60em; }
.cells a, .cells span { display: inline-block; width: 9px; height: 9px; margin: 1px; }
.pass { background: #3a3; } .fail { background: #d22; } .error { background: #818; }
.skip { background: #bbb; } .xfail { background: #e90; } .xpass { background: #27c; } .warn { background: #dc3; }
.result { border-left: 6px solid #ccc; padding-left: .8em; margin: 1.2em 0; }
.result.fail { border-color: #d22; background: none; } .result.error { border-color: #818; background: none; }
.result.xfail { border-color: #e90; background: none; } .result.xpass { border-color: #27c; background: none; }
.result.warn { border-color: #dc3; background: none; }
.tag { font-weight: bold; }
dl { display: grid; grid-template-columns: max-content auto; gap: 2px 1em; margin: .3em 0; }
dt { font-weight: bold; } dd { margin: 0; }
.legend span { display: inline-block; width: 9px; height: 9px; margin: 0 3px 0 12px; }
</style>
</head>
<body>
<h1>pqhs conformance report</h1>
<p>Adapter <b>{{.Adapter}}</b> ({{.Protocol}}), profile <b>{{.Profile}}</b>{{if .Loose}}, loose errors{{end}}; started {{.Started}}, took {{.Duration}}.</p>
<p class="banner {{if .OK}}ok{{else}}bad{{end}}">{{if .OK}}PASS{{else}}FAIL{{end}}: {{.Totals.Total}} tests, {{.Totals.Pass}} passed, {{.Totals.Fail}} failed{{if .XFail}}, {{.Totals.ExpectedFail}} expected failures{{end}}, {{.Totals.Skip}} skipped, {{.Totals.Error}} errors{{if .Totals.UnexpectedPass}}, {{.Totals.UnexpectedPass}} unexpectedly passed{{end}}{{if .Totals.Warned}}, {{.Totals.Warned}} passed with a warning{{end}}</p>
{{if .Warnings}}<h2>Warnings</h2>
<ul>{{range .Warnings}}<li>{{.}}</li>{{end}}</ul>{{end}}
<h2>Families</h2>
<p class="legend"><span class="pass"></span>pass<span class="fail"></span>fail<span class="xfail"></span>expected failure<span class="xpass"></span>unexpected pass<span class="warn"></span>pass with warning<span class="skip"></span>skip<span class="error"></span>error</p>
<table>
<tr><th>family</th><th>tests</th><th>pass</th><th>fail</th>{{if .XFail}}<th>xfail</th>{{end}}<th>skip</th><th>error</th><th>results (one cell per test)</th></tr>
{{range .Families}}<tr><td><code>{{.Name}}</code><br/><small>{{.Algorithm}}</small></td><td class="n">{{.Total}}</td><td class="n">{{.Pass}}</td><td class="n">{{.Fail}}</td>{{if $.XFail}}<td class="n">{{.ExpectedFail}}</td>{{end}}<td class="n">{{.Skip}}</td><td class="n">{{.Error}}</td>
<td class="cells">{{range .Cells}}{{if .Anchor}}<a class="{{.Class}}" href="#{{.Anchor}}" title="{{.Title}}"></a>{{else}}<span class="{{.Class}}" title="{{.Title}}"></span>{{end}}{{end}}</td></tr>
{{end}}</table>
{{if .Details}}<h2>Failures, errors and other results to read</h2>
{{range .Details}}<div class="result {{.Class}}" id="{{.Anchor}}">
<h3><span class="tag">{{.Label}}</span> <code>{{.Name}}</code> {{.Comment}}</h3>
<dl>
{{if .Expected}}<dt>expected</dt><dd>{{.Expected}}</dd>{{end}}
{{if .Got}}<dt>got</dt><dd class="v">{{.Got}}</dd>{{end}}
{{if .Why}}<dt>why</dt><dd>{{.Why}}</dd>{{end}}
{{if .Warning}}<dt>warning</dt><dd>{{.Warning}}</dd>{{end}}
{{if .ExpectReason}}<dt>expected failure</dt><dd>{{.ExpectReason}}</dd>{{end}}
{{if .MustRun}}<dt>must run</dt><dd>this test is on the must-run list</dd>{{end}}
{{range .Flags}}<dt>flag <code>{{.Name}}</code></dt><dd>{{if .BugType}}<small>{{.BugType}}</small> {{end}}{{.Description}}{{if .Effect}} <i>{{.Effect}}</i>{{end}}</dd>
{{end}}</dl>
{{if .Mismatches}}<table><tr><th>field</th><th>expected</th><th>actual</th></tr>
{{range .Mismatches}}<tr><td><code>{{.Field}}</code></td><td class="v">{{.Expected}}</td><td class="v">{{if .Missing}}<i>missing</i>{{else}}{{.Actual}}{{if .Diff}}<br/><small>{{.Diff}}</small>{{end}}{{end}}</td></tr>
{{end}}</table>{{end}}
{{if .Inputs}}<table><tr><th colspan="2">inputs</th></tr>
{{range .Inputs}}<tr><td><code>{{.Key}}</code></td><td class="v">{{.Value}}</td></tr>
{{end}}</table>{{end}}
{{if .Outputs}}<table><tr><th colspan="2">{{.OutputsLabel}}</th></tr>
{{range .Outputs}}<tr><td><code>{{.Key}}</code></td><td class="v">{{.Value}}</td></tr>
{{end}}</table>{{end}}
{{if .Actual}}<table><tr><th colspan="2">actual outputs</th></tr>
{{range .Actual}}<tr><td><code>{{.Key}}</code></td><td class="v">{{.Value}}</td></tr>
{{end}}</table>{{end}}
{{if .Details}}<p>details:</p><pre>{{.Details}}</pre>{{end}}
{{with .Fault}}<dl><dt>fault</dt><dd>{{.Kind}}: {{.Message}}{{if .Status}} ({{.Status}}){{end}}</dd></dl>
{{if .Seen}}<p>seen on its output:</p><pre>{{.Seen}}</pre>{{end}}
{{if .Stderr}}<p>its standard error (tail):</p><pre>{{.Stderr}}</pre>{{end}}{{end}}
</div>
{{end}}{{end}}
{{if .Skips}}<h2>Skipped</h2>
<table><tr><th>test</th><th>comment</th><th>why</th></tr>
{{range .Skips}}<tr><td><code>{{.Name}}</code></td><td>{{.Comment}}</td><td>{{.Reason}}</td></tr>
{{end}}</table>{{end}}
</body>
</html>
`
