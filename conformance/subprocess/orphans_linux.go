package subprocess

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// Descendants that leave the process group (setsid, setpgid) are out of
// reach of killGroup. On Linux the runner makes itself a child subreaper
// (prctl PR_SET_CHILD_SUBREAPER): a descendant whose parent dies is then
// reparented to the runner instead of to init, so that the runner can find
// it among its own children, kill it and reap it.
//
// Which instance an orphan belongs to: every adapter program starts with
// instanceEnv=<runner pid>.<n> in its environment, which its descendants
// inherit. When an instance ends, sweep kills the runner's children that
// carry its mark or belong to one of its process groups (the program's, and
// those of the marked orphans it found), and follows them down: a killed
// orphan's own children are reparented to the runner in turn. It goes on
// while a process of those groups is still alive (a member that the group
// kill has not yet taken may still reparent children), for at most
// sweepGrace, and reaps every orphan it killed and every zombie of those
// groups.
//
// The limit: an orphan that both left the group and cleared its
// environment cannot be told apart from another instance's. It is killed
// only when no other instance is running, at the latest when the last
// instance of the run ends; never while another instance lives, since it
// might be that instance's. The runner's own children that are not orphans
// (other programs it runs with os/exec) are in the runner's session, and an
// unmarked process is taken only from another session.

// sweepGrace bounds how long sweep follows an instance's orphans.
const sweepGrace = 2 * time.Second

var (
	subreaperOnce sync.Once
	instanceSeq   atomic.Uint64

	liveMu    sync.Mutex
	liveMains = map[int]bool{} // the programs of the running instances
)

// instanceMark makes the subprocess a subreaper (once) and returns the mark
// of a new instance, to put in its environment.
func instanceMark() string {
	subreaperOnce.Do(func() { unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) })
	return fmt.Sprintf("%d.%d", os.Getpid(), instanceSeq.Add(1))
}

func registerMain(pid int) {
	liveMu.Lock()
	liveMains[pid] = true
	liveMu.Unlock()
}

// procStat is what sweep reads of a process in /proc/PID/stat.
type procStat struct {
	pid, ppid, pgrp, sid int
	zombie               bool
}

// readProcFile reads a small file of /proc into buf with one read: three
// system calls where os.ReadFile makes six (a sweep reads one for every
// process of the machine).
func readProcFile(path string, buf []byte) ([]byte, bool) {
	var fd int
	var err error
	for {
		fd, err = unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return nil, false
	}
	defer unix.Close(fd)
	for {
		n, err := unix.Read(fd, buf)
		if err == unix.EINTR {
			continue
		}
		return buf[:max(n, 0)], err == nil
	}
}

func readStat(pid int) (procStat, bool) {
	var buf [1024]byte // pid (comm) and 50 numbers: well under 1 KiB
	b, ok := readProcFile("/proc/"+strconv.Itoa(pid)+"/stat", buf[:])
	if !ok {
		return procStat{}, false
	}
	// pid (comm) state ppid pgrp session ...; comm may hold spaces and ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return procStat{}, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 4 {
		return procStat{}, false
	}
	s := procStat{pid: pid, zombie: string(f[0]) == "Z" || string(f[0]) == "X"}
	s.ppid, _ = strconv.Atoi(string(f[1]))
	s.pgrp, _ = strconv.Atoi(string(f[2]))
	s.sid, _ = strconv.Atoi(string(f[3]))
	return s, true
}

func allProcs() []procStat {
	ents, _ := os.ReadDir("/proc")
	out := make([]procStat, 0, len(ents))
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if s, ok := readStat(pid); ok {
			out = append(out, s)
		}
	}
	return out
}

// markOf returns the instance mark in the environment of pid, if any.
func markOf(pid int) (string, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
	if err != nil {
		return "", false
	}
	for kv := range bytes.SplitSeq(b, []byte{0}) {
		if v, ok := bytes.CutPrefix(kv, []byte(instanceEnv+"=")); ok {
			return string(v), true
		}
	}
	return "", false
}

// nothingLeft reports that an instance whose program ended left nothing
// for sweep to do: its group has no process at all, live or zombie
// (kill(-pgid, 0) fails with ESRCH), and the runner has no child but the
// programs of running instances. sweep's first pass would then find nothing,
// but it reads the stat of every process of the machine: some thousand
// system calls on a busy machine, for every instance that ends. The group
// is looked at first: once it is empty, its members are gone, and the
// orphans they left are the runner's children already.
func nothingLeft(pgid int) bool {
	if unix.Kill(-pgid, 0) != unix.ESRCH {
		return false
	}
	kids, ok := children()
	if !ok {
		return false
	}
	liveMu.Lock()
	defer liveMu.Unlock()
	for _, k := range kids {
		if !liveMains[k] {
			return false
		}
	}
	return true
}

// children lists the runner's children, from the children file of each of
// its threads (a child belongs to the thread that started it, an orphan to
// the one the kernel chose). ok is false when a file cannot be read (a
// kernel without CONFIG_PROC_CHILDREN), a list may be cut short, or the
// threads changed meanwhile: a thread that ends hands its children to
// another, which may already have been read.
func children() (kids []int, ok bool) {
	tasks := func() (string, bool) {
		f, err := os.Open("/proc/self/task")
		if err != nil {
			return "", false
		}
		defer f.Close()
		names, err := f.Readdirnames(-1)
		slices.Sort(names)
		return strings.Join(names, " "), err == nil
	}
	before, ok := tasks()
	if !ok {
		return nil, false
	}
	buf := make([]byte, 16<<10)
	for t := range strings.FieldsSeq(before) {
		b, ok := readProcFile("/proc/self/task/"+t+"/children", buf)
		if !ok || len(b) == len(buf) {
			return nil, false
		}
		for f := range bytes.FieldsSeq(b) {
			pid, err := strconv.Atoi(string(f))
			if err != nil {
				return nil, false
			}
			kids = append(kids, pid)
		}
	}
	after, ok := tasks()
	return kids, ok && after == before
}

// sweep kills and reaps the orphans of the instance whose program was main
// (now exited and reaped), whose mark is mark and process group pgid.
func sweep(main int, mark string, pgid int) {
	liveMu.Lock()
	delete(liveMains, main)
	liveMu.Unlock()
	self, selfPgrp := os.Getpid(), unix.Getpgrp()
	selfSid, _ := unix.Getsid(0)
	groups := map[int]bool{pgid: true}
	killed := map[int]bool{}
	if nothingLeft(pgid) {
		return
	}
	deadline := time.Now().Add(sweepGrace)
	for {
		liveMu.Lock()
		others := len(liveMains)
		mains := make(map[int]bool, len(liveMains))
		for p := range liveMains {
			mains[p] = true
		}
		liveMu.Unlock()
		busy := false
		procs := allProcs()
		// First the marks, which add groups; then the groups.
		for _, p := range procs {
			if p.ppid != self || p.zombie || mains[p.pid] || killed[p.pid] {
				continue
			}
			m, marked := markOf(p.pid)
			mine := m == mark || (!marked && p.sid != selfSid && others == 0)
			if mine && p.pgrp != selfPgrp && !groups[p.pgrp] {
				// A group of its own (setsid): all of it goes.
				groups[p.pgrp] = true
				unix.Kill(-p.pgrp, unix.SIGKILL)
			}
		}
		for _, p := range procs {
			switch {
			case mains[p.pid]:
			case p.ppid == self && groups[p.pgrp] && !p.zombie && !killed[p.pid]:
				unix.Kill(p.pid, unix.SIGKILL)
				killed[p.pid] = true
				busy = true
			case p.ppid == self && p.zombie && (groups[p.pgrp] || killed[p.pid]):
				var ws unix.WaitStatus
				if n, _ := unix.Wait4(p.pid, &ws, unix.WNOHANG, nil); n == p.pid {
					delete(killed, p.pid)
				}
				busy = true
			case groups[p.pgrp] && !p.zombie:
				busy = true // may still leave children to the runner
			}
		}
		for pid := range killed {
			// Killed, and no longer listed: reaped by now.
			if _, ok := readStat(pid); !ok {
				delete(killed, pid)
			} else {
				busy = true
			}
		}
		if !busy || time.Now().After(deadline) {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// widenPipe asks for a 1 MiB pipe (the unprivileged limit by default, 16
// times the default 64 KiB). A generated case of 64 KiB travels as 128 KiB
// of hex: through a default pipe it takes several writes and wake-ups on
// both sides, the writer blocked until the adapter has read. A refusal
// (a lower pipe-max-size) leaves the pipe as it was; so does the per-user
// budget (pipe-user-pages-soft), which 64 widened pipes reach for a user
// without CAP_SYS_RESOURCE: past it, new pipes of that user get a small
// size until some are closed, which costs speed, never a result. (Through
// SyscallConn: f.Fd would put the pipe in blocking mode, and write
// deadlines would stop working.)
func widenPipe(f *os.File) {
	if c, err := f.SyscallConn(); err == nil {
		c.Control(func(fd uintptr) { unix.FcntlInt(fd, unix.F_SETPIPE_SZ, 1<<20) })
	}
}
