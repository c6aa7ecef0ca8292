"""Real processes for the integration tests: a magmad volcano and a mount.magma FUSE mount.

Magmad starts `magmad -n NICK -d DIR -i 127.0.0.1 -p PORT [-b]` in the foreground and waits
until its flare port accepts connections; Mount runs `mount.magma --host=127.0.0.1:PORT -f DIR`
and waits until the kernel lists the mount. Both always tear down: unmount (lazily if busy, and
aborting the FUSE connection if the daemon hangs), then SIGTERM, then SIGKILL after a timeout.
MagmaTestCase gives each test class one volcano and one mount under /tmp/magma-test-*.
main() runs a test module and exits 77 (automake's SKIP) when the machine cannot mount FUSE.
"""

import errno
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
FUSE_FSTYPE = "fuse.magma"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
# Mountpoints this process mounted and has not unmounted: the watchdog frees only these.
ACTIVE_MOUNTS = set()
# Processes this module started that may still run: the watchdog kills these.
ACTIVE_PROCS = set()
# Lines that mean a sanitizer (./configure --enable-sanitizers) caught a bug.
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:")


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout, what, interval=0.05):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("timed out after %.0f s waiting for %s" % (timeout, what))
        time.sleep(interval)


def port_accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
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
    """One magmad process on a storage directory; restartable on the same directory."""

    def __init__(self, workdir, nickname="volcano1", port=None):
        self.workdir = workdir
        self.storage = os.path.join(workdir, "store")
        self.nickname = nickname
        self.port = port or free_port()
        self.proc = None
        self.starts = 0
        self.log_path = None

    def start(self, bootstrap):
        assert self.proc is None or self.proc.poll() is not None, "magmad already running"
        self.starts += 1
        self.log_path = os.path.join(self.workdir, "magmad.%d.log" % self.starts)
        argv = [MAGMAD, "-n", self.nickname, "-d", self.storage, "-i", "127.0.0.1",
                "-p", str(self.port)] + (["-b"] if bootstrap else [])
        self.proc = spawn(argv, self.log_path)
        try:
            wait_until(lambda: self._exited_early() or port_accepts(self.port),
                       START_TIMEOUT, "magmad to listen on port %d" % self.port)
        except TimeoutError:
            self.kill9()
            raise
        if self.proc.poll() is not None:
            raise RuntimeError("magmad exited with %s during start-up:\n%s"
                               % (self.proc.returncode, tail(self.log_path)))

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
    """One mount.magma process serving mountpoint."""

    def __init__(self, workdir, mountpoint, port, index=0):
        self.workdir = workdir
        self.mountpoint = mountpoint
        self.port = port
        self.index = index
        self.proc = None
        self.log_path = None

    def mount(self):
        os.makedirs(self.mountpoint, exist_ok=True)
        ACTIVE_MOUNTS.add(self.mountpoint)
        self.index += 1
        self.log_path = os.path.join(self.workdir, "mount.%d.log" % self.index)
        argv = [MOUNT_MAGMA, "--host=127.0.0.1:%d" % self.port, "-f", self.mountpoint]
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
        """Tears everything down and returns the sanitizer reports found in the logs. The
        directory (with the logs) stays for a post-mortem if keep or if there are reports."""
        try:
            self.mount.unmount()
        finally:
            self.magmad.stop()
        reports = self.sanitizer_reports()
        if mount_entry(self.mnt) is None and not keep and not reports:
            shutil.rmtree(self.workdir, ignore_errors=True)
        return reports

    def sanitizer_reports(self):
        """Lines of AddressSanitizer/UBSan/LeakSanitizer reports in every log of this lava
        (UBSan reports do not stop a program, so only the logs show them)."""
        found = []
        for name in sorted(os.listdir(self.workdir)):
            if name.endswith(".log"):
                with open(os.path.join(self.workdir, name), errors="replace") as f:
                    found += ["%s: %s" % (name, line.rstrip()) for line in f
                              if any(m in line for m in SANITIZER_MARKERS)]
        return found

    def logs(self):
        return "--- magmad log (%s):\n%s\n--- mount.magma log (%s):\n%s" % (
            self.magmad.log_path, self.magmad.log(), self.mount.log_path, self.mount.log())


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


def main(budget_seconds=300):
    """Runs the calling test module: exit 0 pass, 1 fail, 77 skip (no root or FUSE)."""
    reason = skip_reason()
    if reason:
        print("SKIP: " + reason)
        sys.exit(77)
    # Modes in the tests are exact: nothing is masked off (children inherit this too).
    os.umask(0)
    Watchdog(budget_seconds).start()
    program = unittest.main(module="__main__", verbosity=2, exit=False)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0 if program.result.wasSuccessful() else 1)
