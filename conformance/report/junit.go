package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/pqhs/pqhs/conformance"
)

// The JUnit XML schema as CI systems (Jenkins, GitLab, GitHub actions that
// publish test results) read it.

// JUnitSuites is the <testsuites> document.
type JUnitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []JUnitSuite `xml:"testsuite"`
}

// JUnitSuite is one family.
type JUnitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []JUnitProperty `xml:"properties>property,omitempty"`
	Cases      []JUnitCase     `xml:"testcase"`
}

// JUnitProperty is a name and a value.
type JUnitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// JUnitCase is one test.
type JUnitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *JUnitProblem `xml:"failure,omitempty"`
	Error     *JUnitProblem `xml:"error,omitempty"`
	Skipped   *JUnitProblem `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

// JUnitProblem is a failure, error or skip.
type JUnitProblem struct {
	Message string `xml:"message,attr,omitempty"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

func seconds(s float64) string { return fmt.Sprintf("%.6f", s) }

// JUnit writes JUnit XML: one <testsuite> per family, one <testcase> per
// test. Unexpected failures and unexpected passes are <failure>s, errors
// <error>s; skips and expected failures are <skipped>, so that a port's CI
// stays green on what its expected-failures file excuses.
//
// It streams: a first pass over the results counts each suite (its start
// tag carries the counts), a second writes each test as it comes, so that
// the report of a run of a million live sessions is not held in memory.
func JUnit(w io.Writer, rep *conformance.Report) error {
	doc := JUnitSuites{Name: "pqhs conformance", Time: seconds(rep.Duration.Seconds())}
	props := junitProps(rep)
	idx := map[string]int{}
	var times []float64
	last, grouped := "", true
	for r := range rep.All() {
		c := r.Case
		j, ok := idx[c.Family.Name]
		if !ok {
			j = len(doc.Suites)
			idx[c.Family.Name] = j
			doc.Suites = append(doc.Suites, JUnitSuite{
				Name: clean(c.Family.Name), Timestamp: rep.Started.UTC().Format("2006-01-02T15:04:05"),
				Properties: props,
			})
			times = append(times, 0)
		} else if c.Family.Name != last {
			grouped = false // a family in two places: one suite all the same
		}
		last = c.Family.Name
		times[j] += r.Duration.Seconds()
		countCase(&doc.Suites[j], r)
	}
	for i := range doc.Suites {
		s := &doc.Suites[i]
		s.Time = seconds(times[i])
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if !grouped {
		for r := range rep.All() {
			s := &doc.Suites[idx[r.Case.Family.Name]]
			s.Cases = append(s.Cases, junitCase(rep, r))
		}
		if err := enc.Encode(&doc); err != nil {
			return err
		}
		_, err := io.WriteString(w, "\n")
		return err
	}
	attrs := func(name string, tests, failures, errors, skipped int, time string) []xml.Attr {
		return []xml.Attr{
			{Name: xml.Name{Local: "name"}, Value: name},
			{Name: xml.Name{Local: "tests"}, Value: fmt.Sprint(tests)},
			{Name: xml.Name{Local: "failures"}, Value: fmt.Sprint(failures)},
			{Name: xml.Name{Local: "errors"}, Value: fmt.Sprint(errors)},
			{Name: xml.Name{Local: "skipped"}, Value: fmt.Sprint(skipped)},
			{Name: xml.Name{Local: "time"}, Value: time},
		}
	}
	root := xml.StartElement{Name: xml.Name{Local: "testsuites"}, Attr: attrs(doc.Name, doc.Tests, doc.Failures, doc.Errors, doc.Skipped, doc.Time)}
	if err := enc.EncodeToken(root); err != nil {
		return err
	}
	var open *xml.StartElement
	for r := range rep.All() {
		s := &doc.Suites[idx[r.Case.Family.Name]]
		if open == nil || open.Attr[0].Value != s.Name {
			if open != nil {
				if err := enc.EncodeToken(open.End()); err != nil {
					return err
				}
			}
			st := xml.StartElement{Name: xml.Name{Local: "testsuite"}, Attr: append(attrs(s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, s.Time),
				xml.Attr{Name: xml.Name{Local: "timestamp"}, Value: s.Timestamp})}
			open = &st
			if err := enc.EncodeToken(st); err != nil {
				return err
			}
			if err := enc.EncodeElement(struct {
				P []JUnitProperty `xml:"property"`
			}{s.Properties}, xml.StartElement{Name: xml.Name{Local: "properties"}}); err != nil {
				return err
			}
		}
		if err := enc.EncodeElement(junitCase(rep, r), xml.StartElement{Name: xml.Name{Local: "testcase"}}); err != nil {
			return err
		}
	}
	if open != nil {
		if err := enc.EncodeToken(open.End()); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(root.End()); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitProps(rep *conformance.Report) []JUnitProperty {
	return []JUnitProperty{
		{"adapter", clean(rep.Adapter.Name + " " + rep.Adapter.Version)},
		{"protocol", clean(rep.Adapter.Protocol)},
		{"profile", string(rep.Profile)},
		{"looseErrors", fmt.Sprint(rep.LooseErrors)},
	}
}

// countCase counts r in its suite as junitCase files it.
func countCase(s *JUnitSuite, r *conformance.Result) {
	switch kindOf(r) {
	case kindError:
		s.Errors++
	case kindFail, kindXPass, kindUnimplemented:
		s.Failures++
	case kindXFail, kindSkip:
		s.Skipped++
	}
	s.Tests++
}

// junitCase is the <testcase> of r.
func junitCase(rep *conformance.Report, r *conformance.Result) JUnitCase {
	c := r.Case
	name := fmt.Sprintf("%d", c.TcID)
	if c.Comment != "" {
		name += " " + c.Comment
	}
	tc := JUnitCase{
		Name:      clean(name),
		Classname: clean(strings.ReplaceAll(c.Family.Name, "/", ".")),
		Time:      seconds(r.Duration.Seconds()),
	}
	var details string
	if detailed(r) {
		details = strings.Join(describe(rep, r, true), "\n")
	}
	msg := clean(oneLine(r))
	switch kindOf(r) {
	case kindError:
		kind := "error"
		if r.Fault != nil {
			kind = string(r.Fault.Kind)
		}
		tc.Error = &JUnitProblem{Message: msg, Type: kind, Text: details}
	case kindFail, kindXPass, kindUnimplemented:
		tc.Failure = &JUnitProblem{Message: msg, Type: string(r.Verdict), Text: details}
	case kindXFail:
		tc.Skipped = &JUnitProblem{Message: clean("expected failure: " + r.ExpectReason + ": " + msg)}
		tc.SystemOut = details
	case kindSkip:
		tc.Skipped = &JUnitProblem{Message: msg}
	case kindWarn:
		tc.SystemOut = details
	}
	return tc
}
