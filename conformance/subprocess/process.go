package subprocess

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// How long the runner waits, after killing an adapter or closing its input,
// for the process to go and for its last bytes to arrive.
const (
	exitGrace  = 2 * time.Second
	drainGrace = time.Second
)

// instanceEnv names the environment variable that marks an adapter program
// and its descendants with the instance they belong to (orphans_linux.go).
const instanceEnv = "PQHS_ADAPTER_INSTANCE"

// process is one running adapter.
type process struct {
	cmd    *exec.Cmd
	pgid   int    // the process group of the program and its descendants
	mark   string // the instance's mark in the environment (orphans_linux.go)
	window int    // requests it lets be in flight (pipeline/1); 1 without
	stdin  *os.File
	stdout *os.File
	in     rawPipe // stdin's writes
	out    rawPipe // stdout's reads
	stderr *os.File

	lines chan lineMsg // from readLines; closed at the end of the output
	quit  chan struct{}
	// route, once set, is offered each complete line before lines: a
	// pipelined conversation answers its requests from the reader's
	// goroutine and buffer (pipe.route); a line it declines goes on lines.
	route atomic.Pointer[func(line []byte) bool]
	// idle, once set, is called before the reader waits for more output
	// with no complete line buffered (pipe.flushHeld).
	idle atomic.Pointer[func()]

	exited  chan struct{} // closed when Wait returns
	waitErr error

	errMu      sync.Mutex
	errTail    []byte
	errDone    chan struct{}
	stopOnce   sync.Once
	stdinClose sync.Once
}

// lineMsg is one line of the adapter's output, or how the output ended:
// io.ErrUnexpectedEOF with a half-written line, ErrLineTooLong, a read error.
type lineMsg struct {
	line []byte
	err  error
}

func startProcess(cfg *Config) (*process, error) {
	if len(cfg.Command) == 0 {
		return nil, errors.New("no command")
	}
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		outR.Close()
		outW.Close()
		return nil, err
	}
	widenPipe(inW)
	widenPipe(outW)
	cmd := exec.Command(cfg.Command[0], cfg.Command[1:]...)
	cmd.Dir = cfg.Dir
	cmd.Env = cfg.Env
	mark := instanceMark()
	if mark != "" {
		if cmd.Env == nil {
			cmd.Env = os.Environ()
		}
		cmd.Env = append(slices.Clip(cmd.Env), instanceEnv+"="+mark)
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, errW
	setProcAttr(cmd)
	err = cmd.Start()
	// The child has its own copies now.
	inR.Close()
	outW.Close()
	errW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		errR.Close()
		return nil, err
	}
	registerMain(cmd.Process.Pid)
	p := &process{
		cmd: cmd, pgid: cmd.Process.Pid, mark: mark, stdin: inW, stdout: outR, stderr: errR,
		in: newRawPipe(inW), out: newRawPipe(outR),
		lines:   make(chan lineMsg),
		quit:    make(chan struct{}),
		exited:  make(chan struct{}),
		errDone: make(chan struct{}),
	}
	go p.readLines()
	go p.readStderr()
	go func() {
		p.waitErr = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

func (p *process) readLines() {
	defer close(p.lines)
	// The hello is small; a program that floods before it is cut off early.
	lr := newLineReader(p.out, HelloLimit)
	for first := true; ; first = false {
		if !first {
			lr.max = MaxLine
		}
		if idle := p.idle.Load(); idle != nil && !lr.lineBuffered() {
			(*idle)()
		}
		line, err := lr.next()
		if errors.Is(err, io.EOF) {
			return
		}
		if route := p.route.Load(); err == nil && route != nil && (*route)(line) {
			lr.shrink()
			continue
		}
		msg := lineMsg{line: bytes.Clone(line), err: err}
		lr.shrink()
		select {
		case p.lines <- msg:
		case <-p.quit:
			return
		}
		if err != nil {
			return
		}
	}
}

func (p *process) readStderr() {
	defer close(p.errDone)
	buf := make([]byte, 32<<10)
	for {
		n, err := p.stderr.Read(buf)
		if n > 0 {
			p.errMu.Lock()
			p.errTail = append(p.errTail, buf[:n]...)
			if len(p.errTail) > 2*StderrTail {
				p.errTail = append(p.errTail[:0], p.errTail[len(p.errTail)-StderrTail:]...)
			}
			p.errMu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// stderrTail returns the last StderrTail bytes of standard error, printable,
// once the stream has ended or after a short wait.
func (p *process) stderrTail(wait bool) string {
	if wait {
		select {
		case <-p.errDone:
		case <-time.After(drainGrace):
		}
	}
	p.errMu.Lock()
	defer p.errMu.Unlock()
	tail := p.errTail
	cut := 0
	if len(tail) > StderrTail {
		cut = len(tail) - StderrTail
		tail = tail[cut:]
	}
	s := Printable(tail, StderrTail, true)
	if cut > 0 {
		s = "…" + s
	}
	return s
}

// status describes how the process ended, or "" while it runs.
func (p *process) status() string {
	select {
	case <-p.exited:
	default:
		return ""
	}
	if p.cmd.ProcessState != nil {
		return p.cmd.ProcessState.String()
	}
	if p.waitErr != nil {
		return p.waitErr.Error()
	}
	return ""
}

// waitExit waits a little for the process to exit by itself.
func (p *process) waitExit() bool {
	select {
	case <-p.exited:
		return true
	case <-time.After(exitGrace):
		return false
	}
}

func (p *process) closeStdin() { p.stdinClose.Do(func() { p.stdin.Close() }) }

// kill stops the process and everything it started, and returns what it
// had written that nobody read yet (complete lines and a partial one).
func (p *process) kill() []byte {
	killTree(p.cmd.Process)
	p.closeStdin()
	var seen []byte
	deadline := time.After(drainGrace)
collect:
	for len(seen) < SeenLimit {
		select {
		case m, ok := <-p.lines:
			if !ok {
				break collect
			}
			seen = append(seen, m.line...)
			if m.err == nil {
				seen = append(seen, '\n')
			}
		case <-deadline:
			break collect
		}
	}
	p.release()
	return seen
}

// release frees the goroutines and files once the process is gone or given
// up on.
func (p *process) release() {
	p.stopOnce.Do(func() {
		p.closeStdin()
		close(p.quit)
		select {
		case <-p.exited:
		case <-time.After(exitGrace):
			killTree(p.cmd.Process)
			<-p.exited
		}
		// The program is gone; what it started goes too, even when the
		// program ended normally (a child that kept the pipes and slept would
		// outlive the run otherwise).
		killGroup(p.pgid)
		// And what left the group, and was reparented to the runner.
		sweep(p.cmd.Process.Pid, p.mark, p.pgid)
		// Closing our ends unblocks the readers even if a stray descendant
		// still holds the pipes open.
		p.stdout.Close()
		select {
		case <-p.errDone:
		case <-time.After(drainGrace):
		}
		p.stderr.Close()
	})
}
