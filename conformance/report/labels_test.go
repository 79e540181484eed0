package report_test

import (
	"io"
	"strings"
	"testing"

	"github.com/pqhs/pqhs/conformance"
	"github.com/pqhs/pqhs/conformance/report"
	"github.com/pqhs/pqhs/vectors"
)

// Under strict an acceptable test must be rejected; the outputs its vector
// carries are what the deployed profile produces. Every report says so
// (issue 14 §5): JSON's outputsProfile is "deployed" for that test alone,
// the HTML page and the verbose text label them as the deployed profile's,
// and a valid test's outputs keep the plain label.
func TestAcceptableOutputsLabelledDeployed(t *testing.T) {
	rep := sample(t)
	if rep.Profile != vectors.Strict {
		t.Fatalf("the sample runs under %s", rep.Profile)
	}
	var acceptable, valid *conformance.Result
	for i := range rep.Results {
		r := &rep.Results[i]
		switch {
		case r.Case.Result == vectors.Acceptable && len(r.Case.Outputs) > 0 && acceptable == nil:
			acceptable = r
		case r.Case.Result == vectors.Valid && len(r.Case.Outputs) > 0 && r.Verdict == conformance.Fail && valid == nil:
			valid = r
		}
	}
	if acceptable == nil || valid == nil {
		t.Fatal("the sample has no acceptable test with outputs, or no failed valid one")
	}

	j := report.ToJSON(rep)
	for _, jr := range j.Results {
		switch jr.TcID {
		case acceptable.Case.TcID:
			if jr.OutputsProfile != vectors.Deployed || jr.Outputs == nil {
				t.Errorf("JSON: the acceptable test's outputs are labelled %q (outputs %v), want deployed", jr.OutputsProfile, jr.Outputs)
			}
		case valid.Case.TcID:
			if jr.OutputsProfile != "" {
				t.Errorf("JSON: a valid test's outputs are labelled %q", jr.OutputsProfile)
			}
		}
	}

	page := string(render(t, rep, report.HTML))
	if strings.Count(page, "the deployed profile&#39;s outputs (strict must reject)")+strings.Count(page, "the deployed profile's outputs (strict must reject)") != 1 {
		t.Error("HTML: the acceptable test's outputs are not labelled once as the deployed profile's")
	}
	if !strings.Contains(page, "expected outputs") {
		t.Error("HTML: the valid test's outputs lost their label")
	}

	text := string(render(t, rep, func(w io.Writer, r *conformance.Report) error {
		return report.Text(w, r, report.TextOptions{Verbose: true})
	}))
	blocks := strings.Split(text, "\n\n")
	var accText, validText string
	for _, b := range blocks {
		if strings.Contains(b, acceptable.Case.Name()+" ") || strings.Contains(b, acceptable.Case.Name()+"\n") {
			accText = b
		}
		if strings.Contains(b, valid.Case.Name()+" ") || strings.Contains(b, valid.Case.Name()+"\n") {
			validText = b
		}
	}
	if !strings.Contains(accText, "    deployed: ") || strings.Contains(accText, "    output:   ") {
		t.Errorf("text: the acceptable test's outputs are not labelled deployed:\n%s", accText)
	}
	if !strings.Contains(validText, "    output:   ") || strings.Contains(validText, "    deployed: ") {
		t.Errorf("text: the valid test's outputs are not labelled output:\n%s", validText)
	}
}
