"""Real processes for the integration tests: magmad volcanos and mount.magma FUSE mounts.

Magmad starts `magmad -n NICK -d DIR -i ADDRESS -p PORT --node-port PORT [-b | -r HOST:PORT]`
in the foreground and waits until its flare port accepts connections; Mount runs
`mount.magma --host=ADDRESS:PORT -f DIR` and waits until the kernel lists the mount. Both
always tear down: unmount (lazily if busy, and aborting the FUSE connection if the daemon
hangs), then SIGTERM, then SIGKILL after a timeout.
MagmaTestCase gives each test class one volcano and one mount under /tmp/magma-test-*;
LavaTestCase gives it a JoinedLava: volcanos on 127.0.0.1, 127.0.0.2, ... built by joins,
mounts of any of them, magmactl to look at them.
main() runs a test module and exits 77 (automake's SKIP) when the machine cannot mount FUSE.
"""

import errno
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

TOP_BUILDDIR = os.environ.get(
    "top_builddir", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
MAGMAD = os.environ.get("MAGMAD", os.path.join(TOP_BUILDDIR, "server", "magmad"))
MOUNT_MAGMA = os.environ.get("MOUNT_MAGMA", os.path.join(TOP_BUILDDIR, "fuse_client", "mount.magma"))
MAGMACTL = os.environ.get("MAGMACTL", os.path.join(TOP_BUILDDIR, "tools", "magmactl"))
FUSE_FSTYPE = "fuse.magma"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
# A join hands flares off before the joiner serves; a restarted lava first agrees on a topology.
JOIN_TIMEOUT = 60.0
# Mountpoints this process mounted and has not unmounted: the watchdog frees only these.
ACTIVE_MOUNTS = set()
# Processes this module started that may still run: the watchdog kills these.
ACTIVE_PROCS = set()
# The lava key of every volcano, mount and magmactl the fixtures start: no program runs
# without one (libmagma/lava_key.h). Given with -k/--key, which each program scrubs from
# its command line (test_tls.py checks that ps never shows it).
TEST_SECRET = "lava-test-secret"
# Where every program the tests start writes its AddressSanitizer and LeakSanitizer reports
# (./configure --enable-sanitizers), one file per process: main() makes the directory and
# points ASAN_OPTIONS at it, so that a report fails the run even from a program a test
# expects to fail or whose output it swallows.
SANITIZER_DIR = None
# Report files already returned by sanitizer_reports().
_seen_reports = set()
# UBSan writes to stderr whatever its log_path says (with g++, libubsan is a runtime of its
# own, whose log_path call libasan's takes), so its reports are looked for in the logs. It
# ends the program (-fno-sanitize-recover) with this status, which no test expects.
UBSAN_MARKER = "runtime error:"
UBSAN_EXIT_STATUS = 86


def free_port(address="127.0.0.1"):
    """A TCP port on address that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout, what, interval=0.05):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("timed out after %.0f s waiting for %s" % (timeout, what))
        time.sleep(interval)


def port_accepts(port, address="127.0.0.1"):
    try:
        with socket.create_connection((address, port), timeout=1.0):
            return True
    except OSError:
        return False


def _unescape_mountinfo(field):
    # mountinfo writes space, tab, newline and backslash as \ooo octal escapes.
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 3 < len(field) and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def mount_entry(mountpoint):
    """The /proc/self/mountinfo line for mountpoint as a dict, or None (last mount wins)."""
    found = None
    with open("/proc/self/mountinfo") as f:
        for line in f:
            left, _, right = line.partition(" - ")
            fields, rfields = left.split(), right.split()
            if _unescape_mountinfo(fields[4]) == mountpoint:
                found = {"dev": fields[2], "fstype": rfields[0],
                         "source": rfields[1] if len(rfields) > 1 else ""}
    return found


def tail(path, lines=40):
    if path is None:
        return "(not started)"
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


def run_quietly(argv, timeout):
    """Runs argv to completion; True if it exited 0 within timeout."""
    try:
        return subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=timeout).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def spawn(argv, log_path):
    """Starts argv with stdout and stderr to log_path."""
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    ACTIVE_PROCS.add(proc)
    return proc


def terminate(proc, timeout=STOP_TIMEOUT):
    """SIGTERM, then SIGKILL after timeout; returns the exit status."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    ACTIVE_PROCS.discard(proc)
    return proc.returncode


class Magmad:
    """One magmad process on a storage directory; restartable on the same directory.
    Both its ports are chosen free on its address (never the default 12000/12001, which
    tests running in parallel would share)."""

    def __init__(self, workdir, nickname="volcano1", port=None, address="127.0.0.1", secret=TEST_SECRET):
        self.workdir = workdir
        self.secret = secret
        self.storage = os.path.join(workdir, "store")
        self.nickname = nickname
        self.address = address
        self.port = port or free_port(address)
        self.node_port = free_port(address)
        while self.node_port == self.port:
            self.node_port = free_port(address)
        self.proc = None
        self.starts = 0
        self.log_path = None
        self.extra_args = []  # more options for every start (subclasses: the NFS gateway's)

    def endpoint(self):
        """HOST:PORT of its flare port, as -r, --host and magmactl -H take it."""
        return "%s:%d" % (self.address, self.port)

    def start(self, bootstrap=False, join=None, timeout=START_TIMEOUT):
        """Starts magmad: a new lava (bootstrap), a join through the volcano at join
        ("HOST:PORT"), or neither: a restart from its storage directory. Returns once its
        flare port accepts connections."""
        self.launch(bootstrap, join)
        self.wait_listening(timeout)

    def launch(self, bootstrap=False, join=None):
        """Starts magmad without waiting for it (see wait_listening)."""
        assert self.proc is None or self.proc.poll() is not None, "magmad already running"
        os.makedirs(self.workdir, exist_ok=True)
        self.starts += 1
        self.log_path = os.path.join(self.workdir, "magmad.%d.log" % self.starts)
        argv = [MAGMAD, "-n", self.nickname, "-d", self.storage, "-i", self.address,
                "-p", str(self.port), "--node-port", str(self.node_port)]
        argv += (["-b"] if bootstrap else []) + (["-r", join] if join else [])
        argv += ["-k", self.secret] if self.secret else []
        self.proc = spawn(argv + self.extra_args, self.log_path)

    def wait_listening(self, timeout=START_TIMEOUT):
        try:
            wait_until(lambda: self._exited_early() or port_accepts(self.port, self.address),
                       timeout, "magmad %s to listen on %s" % (self.nickname, self.endpoint()))
        except TimeoutError:
            self.kill9()
            raise
        if self.proc.poll() is not None:
            raise RuntimeError("magmad %s exited with %s during start-up:\n%s"
                               % (self.nickname, self.proc.returncode, tail(self.log_path)))

    def _exited_early(self):
        return self.proc.poll() is not None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM (SIGKILL after timeout); returns the exit status."""
        return terminate(self.proc, timeout) if self.proc else None

    def kill9(self):
        if self.alive():
            self.proc.kill()
        if self.proc:
            self.proc.wait()
            ACTIVE_PROCS.discard(self.proc)

    def rss_kib(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def log(self):
        return tail(self.log_path, 200)


class Mount:
    """One mount.magma process serving mountpoint, connected to the volcano at host:port."""

    def __init__(self, workdir, mountpoint, port, index=0, host="127.0.0.1", secret=TEST_SECRET):
        self.workdir = workdir
        self.secret = secret
        self.mountpoint = mountpoint
        self.host = host
        self.port = port
        self.index = index
        self.extra_args = []  # more mount.magma options (-o source=..., --share=...)
        self.proc = None
        self.log_path = None

    def mount(self):
        os.makedirs(self.mountpoint, exist_ok=True)
        ACTIVE_MOUNTS.add(self.mountpoint)
        self.index += 1
        self.log_path = os.path.join(self.workdir, "mount.%d.log" % self.index)
        argv = [MOUNT_MAGMA, "--host=%s:%d" % (self.host, self.port), "-f", self.mountpoint]
        argv[1:1] = (["--key=" + self.secret] if self.secret else []) + self.extra_args
        self.proc = spawn(argv, self.log_path)
        try:
            wait_until(lambda: self.proc.poll() is not None or self.is_mounted(),
                       START_TIMEOUT, "mount.magma to mount %s" % self.mountpoint)
        except TimeoutError:
            self.unmount()
            raise
        if not self.is_mounted():
            raise RuntimeError("mount.magma exited with %s before mounting:\n%s"
                               % (self.proc.returncode, tail(self.log_path)))

    def entry(self):
        return mount_entry(self.mountpoint)

    def is_mounted(self):
        entry = self.entry()
        return entry is not None and entry["fstype"].startswith("fuse")

    def abort_connection(self):
        """Fails every request in flight on this mount (fusectl), so no caller hangs."""
        entry = self.entry()
        if entry is None:
            return
        major, minor = (int(x) for x in entry["dev"].split(":"))
        conns = "/sys/fs/fuse/connections"
        if not os.listdir(conns):
            run_quietly(["mount", "-t", "fusectl", "fusectl", conns], STOP_TIMEOUT)
        # fusectl names a connection by the kernel's dev_t: major << 20 | minor.
        try:
            with open(os.path.join(conns, str(major << 20 | minor), "abort"), "w") as f:
                f.write("1")
        except OSError:
            pass

    def unmount(self, lazy=False, timeout=STOP_TIMEOUT):
        """Unmounts (lazily if asked or if busy), then stops mount.magma."""
        if self.is_mounted():
            cmd = ["fusermount3", "-u"] + (["-z"] if lazy else []) + [self.mountpoint]
            if not shutil.which("fusermount3"):
                cmd = ["umount"] + (["-l"] if lazy else []) + [self.mountpoint]
            if not run_quietly(cmd, timeout):
                self.abort_connection()
                run_quietly(["umount", "-l", self.mountpoint], timeout)
        ACTIVE_MOUNTS.discard(self.mountpoint)
        if self.proc is not None:
            status = terminate(self.proc, timeout)
            self.proc = None
            return status
        return None

    def log(self):
        return tail(self.log_path, 200)


class Lava:
    """A bootstrapped volcano and one mount of it in a fresh /tmp/magma-test-* directory."""

    def __init__(self, nickname="volcano1"):
        self.workdir = tempfile.mkdtemp(prefix="magma-test-", dir="/tmp")
        os.chmod(self.workdir, 0o755)  # unprivileged test users must reach the mount
        self.magmad = Magmad(self.workdir, nickname)
        self.mount = Mount(self.workdir, os.path.join(self.workdir, "mnt"), self.magmad.port)
        self.mnt = self.mount.mountpoint

    def start(self):
        try:
            self.magmad.start(bootstrap=True)
            self.mount.mount()
        except BaseException as e:
            logs = self.logs()
            self.close()
            raise RuntimeError("could not start the lava: %s\n%s" % (e, logs)) from e

    def restart_magmad(self, kill=False):
        """Stops magmad (SIGTERM or SIGKILL) and starts it again without -b on the same dir."""
        if kill:
            self.magmad.kill9()
        else:
            self.magmad.stop()
        self.magmad.start(bootstrap=False)

    def remount(self, lazy=False):
        self.mount.unmount(lazy=lazy)
        self.mount.mount()

    def close(self, keep=False):
        """Tears everything down and returns the new sanitizer reports. The directory (with
        the logs) stays for a post-mortem if keep or if there are reports."""
        try:
            self.mount.unmount()
        finally:
            self.magmad.stop()
        reports = self.sanitizer_reports()
        if mount_entry(self.mnt) is None and not keep and not reports:
            shutil.rmtree(self.workdir, ignore_errors=True)
        return reports

    def sanitizer_reports(self):
        return sanitizer_reports(self.workdir)

    def logs(self):
        return "--- magmad log (%s):\n%s\n--- mount.magma log (%s):\n%s" % (
            self.magmad.log_path, self.magmad.log(), self.mount.log_path, self.mount.log())


def sanitizer_reports(workdir=None):
    """New sanitizer reports: every file in SANITIZER_DIR not returned before (its path and
    first 60 lines), and the UBSan lines of every log below workdir."""
    found = []
    for name in sorted(os.listdir(SANITIZER_DIR) if SANITIZER_DIR else []):
        path = os.path.join(SANITIZER_DIR, name)
        if path not in _seen_reports:
            _seen_reports.add(path)
            with open(path, errors="replace") as f:
                found.append("%s:\n%s" % (path, "".join(f.readlines()[:60])))
    for dirpath, _, filenames in sorted(os.walk(workdir)) if workdir else []:
        for name in sorted(filenames):
            if name.endswith(".log"):
                path = os.path.join(dirpath, name)
                with open(path, errors="replace") as f:
                    found += ["%s: %s" % (os.path.relpath(path, workdir), line.rstrip())
                              for line in f if UBSAN_MARKER in line]
    return found


def magmactl(host, *args, timeout=60, secret=TEST_SECRET):
    """Runs `magmactl -H host -k secret ARGS...`; returns its stdout. Raises RuntimeError
    with its stderr when it fails."""
    argv = [MAGMACTL, "-H", host, "-k", secret] + list(args)
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise RuntimeError("%s timed out after %d s" % (" ".join(argv), timeout)) from e
    if done.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (" ".join(argv), done.returncode,
                                                  done.stderr.strip()))
    return done.stdout


class JoinedLava:
    """A lava of volcanos v1, v2, ... on 127.0.0.1, 127.0.0.2, ..., each with its own
    storage and logs under WORKDIR/<nickname>: v1 bootstraps it, every later one joins
    through v1. Any number of mounts of any volcano; magmactl to look at the lava."""

    volcano_class = Magmad  # subclasses start volcanos with more options

    def __init__(self, secret=TEST_SECRET):
        self.workdir = tempfile.mkdtemp(prefix="magma-lava-", dir="/tmp")
        os.chmod(self.workdir, 0o755)  # unprivileged test users must reach the mounts
        self.secret = secret  # given to every volcano: /.dht must never show it
        self.volcanos = []
        self.mounts = []

    def add_volcano(self, join_via=0):
        """Starts the next volcano: the first bootstraps, the others join through
        volcanos[join_via]. Returns once the lava agrees on a topology that includes it."""
        n = len(self.volcanos) + 1
        nickname = "v%d" % n
        v = self.volcano_class(os.path.join(self.workdir, nickname), nickname,
                               address="127.0.0.%d" % n, secret=self.secret)
        self.volcanos.append(v)
        if n == 1:
            v.start(bootstrap=True)
        else:
            v.start(join=self.volcanos[join_via].endpoint(), timeout=JOIN_TIMEOUT)
        self.wait_agreed()
        return v

    def start(self, count):
        """Starts count volcanos one after another, each joining the lava of the ones before."""
        try:
            for _ in range(count):
                self.add_volcano()
        except BaseException as e:
            logs = self.logs()
            self.close()
            raise RuntimeError("could not start a lava of %d volcanos: %s\n%s"
                               % (count, e, logs)) from e

    def mount(self, index=0):
        """A new mount of volcanos[index], mounted under WORKDIR/mnt<k>."""
        k = len(self.mounts)
        v = self.volcanos[index]
        m = Mount(os.path.join(self.workdir, "mount%d" % k), os.path.join(self.workdir, "mnt%d" % k),
                  v.port, host=v.address, secret=self.secret)
        os.makedirs(m.workdir, exist_ok=True)
        self.mounts.append(m)
        m.mount()
        return m

    def magmactl(self, *args, via=0, timeout=60):
        return magmactl(self.volcanos[via].endpoint(), *args, timeout=timeout)

    def status(self, via=0):
        """`magmactl lava --json` as a dict."""
        return json.loads(self.magmactl("lava", "--json", via=via))

    def keys_by_nickname(self, via=0):
        return {v["nickname"]: v["keys"] for v in self.status(via)["volcanos"]}

    def agreed(self, via=0):
        """True when the topology names every volcano started, each answers Load and holds
        the same epoch."""
        try:
            status = self.status(via)
        except RuntimeError:
            return False
        names = {v["nickname"] for v in status["volcanos"]}
        return (names == {v.nickname for v in self.volcanos} and
                all(v["alive"] and v["epoch"] == status["epoch"] for v in status["volcanos"]))

    def wait_agreed(self, timeout=JOIN_TIMEOUT):
        dead = [v.nickname for v in self.volcanos if not v.alive()]
        if dead:
            raise RuntimeError("volcanos died: %s" % ", ".join(dead))
        wait_until(lambda: self.agreed(), timeout,
                   "the lava to agree on a topology of %d volcanos" % len(self.volcanos), 0.2)

    def unmount_all(self):
        for m in self.mounts:
            m.unmount()

    def stop_all(self):
        """SIGTERM to every volcano, the last joined first; returns their exit statuses."""
        return [v.stop() for v in reversed(self.volcanos)]

    def restart_all(self):
        """Starts every volcano again with neither -b nor -r, all at once (a volcano may wait
        for the others before it serves), then waits until they agree."""
        for v in self.volcanos:
            v.launch()
        for v in self.volcanos:
            v.wait_listening(JOIN_TIMEOUT)
        self.wait_agreed()

    def close(self, keep=False):
        """Tears everything down and returns the new sanitizer reports. The directory (with
        the logs) stays for a post-mortem if keep or if there are reports."""
        try:
            self.unmount_all()
        finally:
            self.stop_all()
        reports = sanitizer_reports(self.workdir)
        mounted = any(mount_entry(m.mountpoint) is not None for m in self.mounts)
        if not mounted and not keep and not reports:
            shutil.rmtree(self.workdir, ignore_errors=True)
        return reports

    def logs(self, lines=60):
        out = []
        for v in self.volcanos:
            out.append("--- magmad %s log (%s):\n%s" % (v.nickname, v.log_path, tail(v.log_path, lines)))
        for m in self.mounts:
            out.append("--- mount.magma log (%s):\n%s" % (m.log_path, tail(m.log_path, lines)))
        return "\n".join(out)


class MagmaTestCase(unittest.TestCase):
    """One lava per test class; each test works in its own directory below the mount."""

    lava = None

    @classmethod
    def setUpClass(cls):
        cls.lava = Lava()
        cls.lava.start()
        cls.mnt = cls.lava.mnt

    @classmethod
    def tearDownClass(cls):
        if cls.lava is None:
            return
        died = not cls.lava.magmad.alive()
        if died:
            sys.stderr.write("magmad died during %s:\n%s\n" % (cls.__name__, cls.lava.logs()))
        reports = cls.lava.close(keep=died)
        if reports:
            raise AssertionError("sanitizer reports (logs kept in %s):\n%s"
                                 % (cls.lava.workdir, "\n".join(reports[:20])))

    def setUp(self):
        if not self.lava.magmad.alive():
            self.fail("magmad is not running:\n" + self.lava.logs())
        self.dir = os.path.join(self.mnt, self.id().rsplit(".", 1)[-1][:60])
        os.mkdir(self.dir, 0o755)

    def path(self, *names):
        return os.path.join(self.dir, *names)

    def assertErrno(self, expected, func, *args, **kwargs):
        """func(*args) raises OSError with errno in expected (one value or a tuple)."""
        expected = expected if isinstance(expected, tuple) else (expected,)
        with self.assertRaises(OSError, msg="%s%r did not fail" % (func.__name__, args)) as cm:
            func(*args, **kwargs)
        self.assertIn(cm.exception.errno, expected,
                      "%s%r failed with %s, expected %s" % (
                          func.__name__, args, errno.errorcode.get(cm.exception.errno),
                          "/".join(errno.errorcode[e] for e in expected)))


class LavaTestCase(unittest.TestCase):
    """A JoinedLava of VOLCANOS volcanos per test class, and one mount of v1 at self.mnt."""

    VOLCANOS = 3
    lava_class = JoinedLava  # subclasses use a lava of their own kind
    lava = None

    @classmethod
    def setUpClass(cls):
        cls.lava = cls.lava_class()
        cls.lava.start(cls.VOLCANOS)
        cls.mount = cls.lava.mount(0)
        cls.mnt = cls.mount.mountpoint

    @classmethod
    def tearDownClass(cls):
        if cls.lava is None:
            return
        died = [v.nickname for v in cls.lava.volcanos if v.proc and not v.alive()]
        if died:
            sys.stderr.write("magmad %s died during %s:\n%s\n"
                             % (", ".join(died), cls.__name__, cls.lava.logs()))
        reports = cls.lava.close(keep=bool(died))
        if reports:
            raise AssertionError("sanitizer reports (logs kept in %s):\n%s"
                                 % (cls.lava.workdir, "\n".join(reports[:20])))

    def setUp(self):
        dead = [v.nickname for v in self.lava.volcanos if not v.alive()]
        if dead:
            self.fail("magmad %s is not running:\n%s" % (", ".join(dead), self.lava.logs()))
        self.name = self.id().rsplit(".", 1)[-1][:60]
        self.dir = os.path.join(self.mnt, self.name)
        os.mkdir(self.dir, 0o755)

    def path(self, *names):
        return os.path.join(self.dir, *names)


def write_file(path, data, mode=0o644):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def read_file(path):
    with open(path, "rb") as f:
        return f.read()


def skip_reason():
    """Why this machine cannot run the integration tests, or None."""
    if os.geteuid() != 0:
        return "needs root (FUSE mounts, mknod, other users)"
    if not os.path.exists("/dev/fuse"):
        return "/dev/fuse is missing"
    try:
        os.close(os.open("/dev/fuse", os.O_RDWR))
    except OSError as e:
        return "cannot open /dev/fuse: %s" % e
    return None


class Watchdog:
    """Ends the whole test run if it exceeds its budget, aborting FUSE requests first so that
    a hung mount fails the test instead of hanging `make check`."""

    def __init__(self, seconds):
        self.timer = threading.Timer(seconds, self._fire, args=(seconds,))
        self.timer.daemon = True

    def start(self):
        self.timer.start()

    def _fire(self, seconds):
        sys.stderr.write("WATCHDOG: test run exceeded %d s; aborting\n" % seconds)
        for mnt in list(ACTIVE_MOUNTS):
            Mount(None, mnt, 0).abort_connection()
            run_quietly(["umount", "-l", mnt], STOP_TIMEOUT)
        for proc in list(ACTIVE_PROCS):
            proc.kill()
        sys.stderr.flush()
        os._exit(1)


def report_sanitizers_to(directory):
    """Makes every program started from now on write its ASan and LeakSanitizer reports in
    directory (SANITIZER_DIR), as report.PROGRAM.PID, and exit UBSAN_EXIT_STATUS on UBSan's."""
    global SANITIZER_DIR
    SANITIZER_DIR = directory
    os.chmod(directory, 0o1777)  # programs that tests run as other users report there too
    # Of an option given twice, the last counts.
    for var, options in (("ASAN_OPTIONS", "log_path=%s/report:log_exe_name=1" % directory),
                         ("UBSAN_OPTIONS", "exitcode=%d" % UBSAN_EXIT_STATUS)):
        given = os.environ.get(var)
        os.environ[var] = (given + ":" if given else "") + options


def main(budget_seconds=300):
    """Runs the calling test module: exit 0 pass, 1 fail, 77 skip (no root or FUSE). A
    sanitizer report that no test class claimed fails the run too."""
    reason = skip_reason()
    if reason:
        print("SKIP: " + reason)
        sys.exit(77)
    # Modes in the tests are exact: nothing is masked off (children inherit this too).
    os.umask(0)
    report_sanitizers_to(tempfile.mkdtemp(prefix="magma-sanitizers-", dir="/tmp"))
    Watchdog(budget_seconds).start()
    program = unittest.main(module="__main__", verbosity=2, exit=False)
    unclaimed = sanitizer_reports()
    if unclaimed:
        sys.stderr.write("sanitizer reports:\n%s\n" % "\n".join(unclaimed[:20]))
    if not os.listdir(SANITIZER_DIR):
        os.rmdir(SANITIZER_DIR)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0 if program.result.wasSuccessful() and not unclaimed else 1)
