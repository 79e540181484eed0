package verbethgen

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/verbeth"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/vectors"
)

// The delivery orders of verbeth/ratchet/deliver are enumerated, not
// picked. For each receiver (Bob from his first state, whose first chain
// is his first DH step; Alice from hers, whose first chain is the one she
// already holds) and each number of messages the peer sends on each of its
// chains (up to maxChainLen per chain and maxMessages in all; the peer's
// next chain exists only once the receiver has stepped to the current one
// and replied), every schedule is run through the reference: every order
// of deliveries, each message delivered at most twice, at most maxReplays
// second deliveries, any message possibly never delivered, with and
// without topic routing. Each delivery gets a label for the path it took
// (topic match; in order, skipped ahead, from a stored key of this or an
// earlier chain, the chain's last message, another chain's key with the
// same number stored first; the first DH step, one that stores the old
// chain, one into a skipped chain; a replay; an earlier chain's message
// whose key is not stored; an unknown topic). Configurations are taken in
// deliverConfigs' order and each one's schedules depth first (a schedule
// before its extensions), and a schedule is kept when its last delivery
// (or the reply that follows it) takes a path no schedule walked before it
// took: one schedule per distinct path. Each kept test's
// comment lists the labels of all its deliveries. One schedule per distinct
// sequence of labels was tried and dropped: at two messages per chain it
// already kept 7,846.
//
// enumeratedSchedules schedules are enumerated; they reach keptPaths
// distinct paths (counted per receiver and mode), and keptSchedules
// schedules are kept (Alice's initial send is the first step of all of
// hers, so its path has no schedule of its own). Generation fails when the
// counts change, so that these numbers stay true.
const (
	enumeratedSchedules = 69390
	keptPaths           = 60
	keptSchedules       = 58
)

const (
	maxChainLen = 3
	maxMessages = 5 // in all chains
	maxReplays  = 1
)

// dMsg is one message of the peer's transcript.
type dMsg struct {
	chain, idx int
	payload    []byte
	topic      [32]byte
	text       string
}

// dTranscript is what the peer sends to one receiver in one configuration,
// and the secrets the receiver draws for its DH steps.
type dTranscript struct {
	receiver, sender string
	start            *verbeth.Session
	peerEd           []byte
	lens             []int          // messages per chain, from chain first
	first            int            // the first chain's number (1 for Bob, 0 for Alice)
	secret           map[int][]byte // the receiver's DH secret for its step to chain k
	initialSend      bool           // the receiver sends first (Alice)
	msgs             []dMsg         // every message, by chain then number
}

func (t *dTranscript) chainLen(k int) int {
	if i := k - t.first; i >= 0 && i < len(t.lens) {
		return t.lens[i]
	}
	return 0
}

// deliverSecret is the receiver's DH step secret to its peer's chain k.
func deliverSecret(s *scenario, receiver string, k int) []byte {
	switch {
	case receiver == "Bob" && k == 1:
		return s.bobDH
	case receiver == "Alice" && k == 1:
		return s.aliceDH
	}
	return vecBytes(32, "deliver", strings.ToLower(receiver), "dh-step", itoaS(k))
}

// peerSecret is the peer's DH step secret to the receiver's reply that
// opens the peer's chain k.
func peerSecret(s *scenario, sender string, k int) []byte {
	return vecBytes(32, "deliver", strings.ToLower(sender), "peer-dh-step", itoaS(k))
}

func sendDeliver(st *verbeth.Session, text string, edSeed []byte) (*verbeth.Session, *verbeth.Encrypted) {
	rnd := gen.Must(verbeth.DrawEncryptRandomness(detrand.Reader(vecLabel("deliver", text, "random")), len(text)))
	n, e, err := st.Encrypt([]byte(text), edSeed, rnd)
	if err != nil {
		panic(err)
	}
	return n, e
}

func recvRouted(st *verbeth.Session, e *verbeth.Encrypted, peer, secret []byte) *verbeth.Session {
	routed, _, err := st.RouteInbound(e.Topic)
	if err != nil {
		panic(err)
	}
	n, _, err := routed.Decrypt(e.Payload, peer, secret, verbeth.Strict)
	if err != nil {
		panic(err)
	}
	return n
}

// newTranscript makes the peer's messages for a receiver and chain lengths.
// Bob receives Alice's chains 1, 2, 3: she starts from her first state,
// steps on Bob's reply to her chain 1 (he replies once he has stepped to
// it), and so on. Alice receives Bob's chains 0, 1, 2: chain 0 is sent from
// Bob's first state before he has received anything, chain 1 after he
// stepped to Alice's first message (the receiver's first send), chain 2
// after Alice's reply to it.
func newTranscript(s *scenario, receiver string, lens []int) *dTranscript {
	t := &dTranscript{receiver: receiver, lens: lens, secret: map[int][]byte{}}
	var peer *verbeth.Session // the peer's state
	var model *verbeth.Session
	var peerSeed []byte
	var receiverEd, peerEd []byte
	if receiver == "Bob" {
		t.sender, t.first, t.start = "Alice", 1, s.bobS0
		peer, model, peerSeed = s.aliceS0, s.bobS0, s.alice.edSeed
		peerEd, receiverEd = s.alice.edPub, s.bob.edPub
	} else {
		t.sender, t.first, t.start, t.initialSend = "Bob", 0, s.aliceS0, true
		peer, model, peerSeed = s.bobS0, s.aliceS0, s.bob.edSeed
		peerEd, receiverEd = s.bob.edPub, s.alice.edPub
	}
	t.peerEd = peerEd
	for k := t.first; k < t.first+len(lens); k++ {
		t.secret[k] = deliverSecret(s, receiver, k)
	}
	var chain []*verbeth.Encrypted
	for i, n := range lens {
		k := t.first + i
		if n == 0 && k > 0 {
			break
		}
		switch {
		case receiver == "Bob" && k == 1, receiver == "Alice" && k == 0:
			// Alice's chain 1 and Bob's chain 0 need nothing from the
			// receiver.
		case receiver == "Alice" && k == 1:
			// Alice's first message, which the schedule sends first, lets
			// Bob step to her chain.
			var first *verbeth.Encrypted
			model, first = sendDeliver(model, "Alice's first", s.alice.edSeed)
			peer = recvRouted(peer, first, receiverEd, peerSecret(s, t.sender, k))
		default:
			// The receiver stepped to the peer's chain k-1 and replied.
			model = recvRouted(model, chain[0], peerEd, t.secret[k-1])
			var reply *verbeth.Encrypted
			model, reply = sendDeliver(model, fmt.Sprintf("%s's reply %d", receiver, k-1), receiverSeed(s, receiver))
			peer = recvRouted(peer, reply, receiverEd, peerSecret(s, t.sender, k))
		}
		chain = chain[:0]
		for j := range n {
			text := fmt.Sprintf("%s %d.%d of %s", t.sender, k, j, lensText(lens))
			var e *verbeth.Encrypted
			peer, e = sendDeliver(peer, text, peerSeed)
			chain = append(chain, e)
			t.msgs = append(t.msgs, dMsg{chain: k, idx: j, payload: e.Payload, topic: e.Topic, text: text})
		}
	}
	return t
}

func receiverSeed(s *scenario, receiver string) []byte {
	if receiver == "Bob" {
		return s.bob.edSeed
	}
	return s.alice.edSeed
}

// dStep is one step of a schedule: a delivery of msgs[msg], or a send
// (msg < 0).
type dStep struct{ msg int }

// dTrans is a memoised step: the state it leads to, its label and result.
type dTrans struct {
	next    int
	label   int
	stepped bool // a DH step succeeded
}

// enumerator walks the schedules of one transcript and routing mode.
type enumerator struct {
	t      *dTranscript
	routed bool
	states []*verbeth.Session
	ids    map[string]int
	memo   map[[2]int]dTrans
	// labels of delivery paths, and those a schedule took so far
	labels   []string
	labelIDs map[string]int
	covered  map[int]bool
	kept     []deliverSchedule
	path     []int // the labels of the schedule being walked
	count    int   // schedules enumerated
}

func (e *enumerator) intern(s *verbeth.Session) int {
	k := string(gen.Must(s.MarshalJSON()))
	if id, ok := e.ids[k]; ok {
		return id
	}
	e.states = append(e.states, s)
	e.ids[k] = len(e.states) - 1
	return len(e.states) - 1
}

func (e *enumerator) labelID(l string) int {
	if id, ok := e.labelIDs[l]; ok {
		return id
	}
	e.labels = append(e.labels, l)
	e.labelIDs[l] = len(e.labels) - 1
	return len(e.labels) - 1
}

// apply runs step m (a message index, or -1 for a send) on state id.
func (e *enumerator) apply(id, m int) dTrans {
	if tr, ok := e.memo[[2]int{id, m}]; ok {
		return tr
	}
	tr := e.run(e.states[id], m)
	e.memo[[2]int{id, m}] = tr
	return tr
}

func (e *enumerator) run(before *verbeth.Session, m int) dTrans {
	if m < 0 {
		n, _, err := before.Encrypt(nil, make([]byte, 32), verbeth.EncryptRandomness{PaddingFill: make([]byte, 59), Nonce: make([]byte, 24)})
		if err != nil {
			panic(err)
		}
		return dTrans{next: e.intern(n), label: e.labelID("send")}
	}
	msg := e.t.msgs[m]
	st, label := before, ""
	if e.routed {
		routed, match, err := before.RouteInbound(msg.topic)
		if err != nil {
			if category.Of(err) != category.State {
				panic(err)
			}
			return dTrans{next: e.intern(before), label: e.labelID("unknown-topic")}
		}
		st, label = routed, string(match)+":"
	}
	p := gen.Must(verbeth.ParseRatchetPayload(msg.payload))
	h := p.Header
	n, d, err := st.Decrypt(msg.payload, e.t.peerEd, e.t.secret[msg.chain], verbeth.Strict)
	if err != nil {
		switch category.Of(err) {
		case category.Replay:
			label += "replay"
		case category.AEADAuth:
			label += "stale" // an earlier chain's message whose key is not stored: a failed DH step
		default:
			panic(err)
		}
		return dTrans{next: e.intern(before), label: e.labelID(label)}
	}
	if string(d.Plaintext) != msg.text {
		panic("vectorgen: wrong plaintext")
	}
	switch {
	case d.FromSkip:
		if h.DH == st.DHTheirPublicKey {
			label += "stored"
		} else {
			label += "stored-old"
		}
		if msg.idx == e.t.chainLen(msg.chain)-1 {
			label += "+last" // the chain's last message: its key was stored up to pn
		}
		for _, k := range st.SkippedKeys {
			if k.DHPubKey == h.DH && k.MsgNumber == h.N {
				break
			}
			if k.MsgNumber == h.N {
				label += "+collide" // another chain's key with this number comes first
				break
			}
		}
	case d.DHStep:
		label += "step"
		switch {
		case st.ReceivingChainKey == nil:
			label += "+first"
		case h.PN > st.ReceivingMsgNumber:
			label += "+old" // stores the old chain's keys
		}
		if h.N > 0 {
			label += "+skip"
		}
	case h.N == st.ReceivingMsgNumber:
		label += "in-order"
	default:
		label += "skip"
	}
	return dTrans{next: e.intern(n), label: e.labelID(label), stepped: d.DHStep}
}

// walk visits every schedule that extends sched.
func (e *enumerator) walk(id int, sched []dStep, count []uint8, replays, open int) {
	e.count++
	for m, msg := range e.t.msgs {
		if msg.chain > open || count[m] == 2 || (count[m] == 1 && replays == maxReplays) {
			continue
		}
		tr := e.apply(id, m)
		depth := len(e.path)
		next, nsched := tr.next, append(sched, dStep{m})
		fresh := e.cover(tr.label)
		e.path = append(e.path, tr.label)
		nopen := open
		if tr.stepped && msg.chain == open && e.t.chainLen(open+1) > 0 {
			// The receiver replies: the peer's next chain opens.
			s := e.apply(next, -1)
			fresh = e.cover(s.label) || fresh
			next, nsched = s.next, append(nsched, dStep{-1})
			e.path = append(e.path, s.label)
			nopen++
		}
		if fresh {
			e.keep(nsched)
		}
		r := replays
		if count[m] == 1 {
			r++
		}
		count[m]++
		e.walk(next, nsched, count, r, nopen)
		count[m]--
		e.path = e.path[:depth]
	}
}

// cover records that a delivery took path label and reports whether no
// schedule took it before.
func (e *enumerator) cover(label int) bool {
	if e.covered[label] {
		return false
	}
	e.covered[label] = true
	return true
}

func (e *enumerator) keep(sched []dStep) {
	e.kept = append(e.kept, deliverSchedule{t: e.t, routed: e.routed, steps: slices.Clone(sched), labels: e.labelNames(e.path)})
}

func (e *enumerator) labelNames(ids []int) []string {
	var out []string
	for _, l := range ids {
		out = append(out, e.labels[l])
	}
	return out
}

// deliverSchedule is one kept schedule.
type deliverSchedule struct {
	t      *dTranscript
	routed bool
	steps  []dStep
	labels []string
}

type deliverEnumeration struct {
	schedules  []deliverSchedule
	enumerated int
	labels     int // distinct delivery paths, over the receivers and modes
}

var (
	deliverOnce sync.Once
	deliverEnum *deliverEnumeration
)

// deliverConfigs are the chain lengths enumerated: every combination up to
// maxChainLen messages per chain, a chain existing only after the one
// before it.
// Alice's peer may send nothing on chain 0, the usual case: Bob sends only
// after Alice's first message.
func deliverConfigs(receiver string) [][]int {
	var out [][]int
	a0 := 1
	if receiver == "Alice" {
		a0 = 0
	}
	for a := a0; a <= maxChainLen; a++ {
		out = append(out, []int{a})
		for b := 1; b <= maxChainLen; b++ {
			out = append(out, []int{a, b})
			for c := 1; c <= maxChainLen; c++ {
				out = append(out, []int{a, b, c})
			}
		}
	}
	return slices.DeleteFunc(out, func(l []int) bool {
		n := 0
		for _, x := range l {
			n += x
		}
		return n == 0 || n > maxMessages
	})
}

func enumerateDeliveries() *deliverEnumeration {
	deliverOnce.Do(func() {
		s := shared()
		r := &deliverEnumeration{}
		for _, receiver := range []string{"Bob", "Alice"} {
			for _, routed := range []bool{true, false} {
				// One set of covered paths per receiver and mode, over all
				// configurations: a path reached in an earlier configuration
				// is kept from it.
				e := &enumerator{routed: routed, labelIDs: map[string]int{}, covered: map[int]bool{}}
				for _, lens := range deliverConfigs(receiver) {
					t := newTranscript(s, receiver, lens)
					e.t, e.states, e.ids, e.memo = t, nil, map[string]int{}, map[[2]int]dTrans{}
					start := e.intern(t.start)
					sched, open := []dStep(nil), t.first
					e.path = e.path[:0]
					if t.initialSend {
						tr := e.apply(start, -1)
						start, sched = tr.next, []dStep{{-1}}
						e.path = append(e.path, tr.label)
						e.cover(tr.label)
						open = 1
					}
					e.walk(start, sched, make([]uint8, len(t.msgs)), 0, open)
				}
				r.enumerated += e.count
				r.labels += len(e.labels)
				r.schedules = append(r.schedules, e.kept...)
			}
		}
		deliverEnum = r
	})
	return deliverEnum
}

// Case returns the schedule as a vector test.
func (d deliverSchedule) Case() gen.Case {
	used := map[int]int{}
	var order []int
	for _, st := range d.steps {
		if st.msg >= 0 {
			if _, ok := used[st.msg]; !ok {
				used[st.msg] = 0
				order = append(order, st.msg)
			}
		}
	}
	slices.Sort(order) // the messages in sending order
	type jmsg struct {
		Payload string `json:"payload"`
		Topic   string `json:"topic,omitempty"`
	}
	type jstep struct {
		Op               string `json:"op"`
		Message          *int   `json:"message,omitempty"`
		NewRatchetSecret string `json:"newRatchetSecret,omitempty"`
	}
	var msgs []jmsg
	for i, m := range order {
		used[m] = i
		x := jmsg{Payload: hex.EncodeToString(d.t.msgs[m].payload)}
		if d.routed {
			x.Topic = hex.EncodeToString(d.t.msgs[m].topic[:])
		}
		msgs = append(msgs, x)
	}
	var steps []jstep
	var words []string
	for _, st := range d.steps {
		if st.msg < 0 {
			steps = append(steps, jstep{Op: "send"})
			words = append(words, "reply")
			continue
		}
		i := used[st.msg]
		m := d.t.msgs[st.msg]
		steps = append(steps, jstep{Op: "deliver", Message: &i, NewRatchetSecret: hex.EncodeToString(d.t.secret[m.chain])})
		words = append(words, fmt.Sprintf("%d.%d", m.chain, m.idx))
	}
	how := "by topic"
	if !d.routed {
		how = "without topics"
	}
	comment := fmt.Sprintf("%s receives %s's chains of %s %s: %s (%s)", d.t.receiver, d.t.sender, lensText(d.t.lens), how,
		strings.Join(words, " "), strings.Join(d.labels, ", "))
	flags := []string{"DeliveryOrder"}
	var rules []string
	for _, l := range d.labels {
		switch {
		case strings.HasSuffix(l, "replay"):
			rules = append(rules, "VB-RATCHET-REPLAY")
		case strings.HasSuffix(l, "stale"):
			rules = append(rules, "VB-SECRETBOX-AUTH")
		case l == "unknown-topic":
			rules = append(rules, "VB-TOPIC-ROUTING")
		}
	}
	if d.routed {
		flags = append(flags, "TopicRouting")
		rules = append(rules, "VB-TOPIC-ROUTING")
	}
	c := gen.Valid(comment, vectors.Make("state", stateJSON(d.t.start), "peerEd25519", d.t.peerEd,
		"messages", json.RawMessage(gen.Must(json.Marshal(msgs))), "steps", json.RawMessage(gen.Must(json.Marshal(steps)))), flags...)
	slices.Sort(rules)
	c.Rules = slices.Compact(rules)
	return c
}

func lensText(lens []int) string {
	var p []string
	for _, n := range lens {
		p = append(p, fmt.Sprint(n))
	}
	return strings.Join(p, "+")
}

func genRatchetDeliver() []gen.Group {
	r := enumerateDeliveries()
	groups := map[string]*gen.Group{}
	var order []string
	for _, d := range r.schedules {
		key := d.t.receiver + fmt.Sprint(d.routed)
		g, ok := groups[key]
		if !ok {
			how := "with the topic each message went out on"
			if !d.routed {
				how = "without topics (no routing)"
			}
			g = &gen.Group{Type: "RatchetDeliver", Comment: fmt.Sprintf("%s receives %s's messages %s", d.t.receiver, d.t.sender, how)}
			groups[key] = g
			order = append(order, key)
		}
		g.Cases = append(g.Cases, d.Case())
	}
	var out []gen.Group
	for _, k := range order {
		out = append(out, *groups[k])
	}
	return out
}

// deliverHeader says how the schedules were chosen.
func deliverHeader() []string {
	r := enumerateDeliveries()
	if r.enumerated != enumeratedSchedules || r.labels != keptPaths || len(r.schedules) != keptSchedules {
		panic(fmt.Sprintf("vectorgen: %d schedules enumerated, %d paths, %d kept: update the counts of deliver.go", r.enumerated, r.labels, len(r.schedules)))
	}
	return []string{
		fmt.Sprintf("The schedules were enumerated, not picked (cmd/vectorgen/internal/verbethgen/deliver.go): Bob receiving Alice's chains 1, 2, 3 from his first state, Alice receiving Bob's chains 0, 1, 2 from hers, each chain of up to %d messages and at most %d in all, every order of deliveries with each message delivered at most twice (at most %d second delivery per schedule) or never, with and without topics; the receiver replies right after its DH step to the peer's newest chain, which lets the peer open its next chain.", maxChainLen, maxMessages, maxReplays),
		fmt.Sprintf("Each delivery is labelled with the path it takes in the reference (the topic it matched; in order, skipped ahead, a stored key of this or an earlier chain, the chain's last message, another chain's key with the same number stored first, the first DH step, one that stores the old chain, one into a skipped chain; a replay; an earlier chain's message whose key is not stored; an unknown topic); each test's comment lists its deliveries' labels. %d schedules were run, reaching %d distinct paths (labels, counted per receiver and per mode); the first schedule (in enumeration order: configurations in turn, each depth first, a schedule before its extensions) whose last delivery (or the reply after it) takes a path no schedule before it took is kept, one per path: the %d here. After two DH steps a chain's topic is no longer routed (spec/verbeth.md §7.10), so with routing on its late messages are an unknown topic even where a key is stored.", r.enumerated, r.labels, len(r.schedules)),
		"The messages were encrypted by the reference with randomness drawn as the SDK draws it from the stream of label verbeth/vectors/deliver/<plaintext>/random; the DH secrets are drawn under verbeth/vectors/deliver/<receiver>/dh-step/<chain> and .../<sender>/peer-dh-step/<chain> (Bob's first and Alice's first are the scenario's, verbeth/unit/bob/dh-step and verbeth/unit/alice/dh-step). Every expected value is the reference's verbeth/ratchet/decrypt, itself cross-checked (crosscheck/verbeth.mjs), applied step by step: no new primitive output.",
	}
}
