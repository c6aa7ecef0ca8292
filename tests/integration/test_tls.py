"""The lava key guards the flare and node ports (issue 7, points 1 and 2).

On a lava of two volcanos: a volcano, a mount and magmactl with the wrong key are refused
with "wrong lava key"; a TLS probe with the wrong key and a plaintext probe read no answer
on either port of either volcano (the same TLS probe with the right key does); a capture of
the loopback traffic while a file crosses a FUSE mount holds none of its bytes in clear
(while a plain control connection in the same capture does); the key shows neither in
ps, nor in the logs, the storage directories or /.dht. Without a lava: key files that
others may read are refused, and so is a start without any key.
"""

import collections
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import unittest

import magma_fixture
from flare_frames import FlareConnection
from magma_fixture import (MAGMACTL, MAGMAD, MOUNT_MAGMA, TEST_SECRET, LavaTestCase, Magmad, Mount,
                           free_port, mount_entry, read_file, write_file)

WRONG_KEY = "not-this-lavas-key"
PROBE_TIMEOUT = 10.0
ETH_P_ALL = 0x0003
SO_RCVBUFFORCE = 33


def run(argv, timeout=60):
    return subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)


def read_until_closed(sock):
    """Everything sock receives until the peer closes it (or PROBE_TIMEOUT passes)."""
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return data
            data += chunk
    except (socket.timeout, ConnectionResetError):
        return data


def ping_frame():
    creds = FlareConnection.credentials()
    return FlareConnection.HEADER.pack(len(creds), 0x7e57, FlareConnection.OP_PING, 0) + creds


class Capture:
    """The TCP payloads on lo by port (both ends' ports), captured by a raw AF_PACKET socket
    on a thread of its own until close(). Loopback packets show twice (sent and received)."""

    def __init__(self):
        self.payloads = collections.defaultdict(bytearray)
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 64 << 20)
        self.sock.bind(("lo", 0))
        self.sock.settimeout(0.2)
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        # Once told to stop, it still reads what the socket holds, until a quiet moment.
        while True:
            try:
                self._add(self.sock.recv(1 << 18))
            except socket.timeout:
                if self.done.is_set():
                    return

    def _add(self, frame):
        # lo's link header is an Ethernet one (zero addresses); then IPv4 and TCP.
        if len(frame) < 34 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
            return
        ip = frame[14:]
        total = struct.unpack(">H", ip[2:4])[0]
        tcp = ip[(ip[0] & 15) * 4:total]
        if len(tcp) < 20:
            return
        sport, dport = struct.unpack(">HH", tcp[:4])
        payload = tcp[(tcp[12] >> 4) * 4:]
        if payload:
            self.payloads[sport] += payload
            self.payloads[dport] += payload

    def close(self):
        self.done.set()
        self.thread.join()
        self.sock.close()


class TlsTest(LavaTestCase):
    VOLCANOS = 2

    def probe(self, address, port, key):
        """(bytes, stderr): what a Ping sent through TLS under key brings back before the
        volcano closes the connection, and what s_client said."""
        conn = FlareConnection(port, timeout=PROBE_TIMEOUT, key=key, address=address)
        try:
            conn.sock.sendall(ping_frame())
            data = read_until_closed(conn.sock)
        except BrokenPipeError:
            data = b""
        return data, conn.close()

    def test_a_volcano_with_the_wrong_key_cannot_join(self):
        intruder = Magmad(os.path.join(self.lava.workdir, "intruder"), "intruder", address="127.0.0.9",
                          secret=WRONG_KEY)
        intruder.launch(join=self.lava.volcanos[0].endpoint())
        try:
            intruder.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            intruder.kill9()
            self.fail("the joiner with the wrong key neither joined nor gave up:\n" + intruder.log())
        magma_fixture.ACTIVE_PROCS.discard(intruder.proc)
        self.assertEqual(intruder.proc.returncode, 1, intruder.log())
        self.assertIn("wrong lava key", intruder.log())
        self.assertIn("wrong lava key", self.lava.volcanos[0].log())
        self.assertEqual(sorted(v["nickname"] for v in self.lava.status()["volcanos"]),
                         sorted(v.nickname for v in self.lava.volcanos))

    def test_a_mount_with_the_wrong_key_is_refused(self):
        v = self.lava.volcanos[1]
        mount = Mount(os.path.join(self.lava.workdir, "wrong-mount"), os.path.join(self.lava.workdir, "wrong-mnt"),
                      v.port, host=v.address, secret=WRONG_KEY)
        os.makedirs(mount.workdir, exist_ok=True)
        with self.assertRaises(RuntimeError):
            mount.mount()
        self.assertEqual(mount.unmount(), 32)  # mount(8)'s "mount failure"
        self.assertIn("wrong lava key", mount.log())
        self.assertIsNone(mount_entry(mount.mountpoint))

    def test_magmactl_with_the_wrong_key_is_refused(self):
        for args in (["lava"], ["inspect", "/"]):
            done = run([MAGMACTL, "-H", self.lava.volcanos[0].endpoint(), "-k", WRONG_KEY] + args)
            self.assertEqual(done.returncode, 1, done.stderr)
            self.assertIn("wrong lava key", done.stderr)
            self.assertEqual(done.stdout, "")

    def test_magmactl_takes_the_key_from_a_private_key_file(self):
        path = os.path.join(self.lava.workdir, "key-file")
        write_file(path, (TEST_SECRET + "\n").encode(), 0o600)
        done = run([MAGMACTL, "-H", self.lava.volcanos[0].endpoint(), "--key-file", path, "lava"])
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("v2", done.stdout)

    def test_a_tls_probe_with_the_wrong_key_reads_nothing(self):
        for v in self.lava.volcanos:
            for port in (v.port, v.node_port):
                data, said = self.probe(v.address, port, WRONG_KEY)
                self.assertEqual(data, b"", "port %d answered a probe with the wrong key" % port)
                self.assertIn(b"alert", said)
            # The same probe with the lava's key is answered: the probe can see an answer.
            data, _ = self.probe(v.address, v.port, TEST_SECRET)
            self.assertIn(v.nickname.encode(), data)

    def test_a_plaintext_frame_is_not_answered(self):
        for v in self.lava.volcanos:
            for port in (v.port, v.node_port):
                with socket.create_connection((v.address, port), timeout=PROBE_TIMEOUT) as sock:
                    sock.sendall(ping_frame())
                    data = read_until_closed(sock)
                # At most a TLS alert record (content type 21) comes back, never a frame.
                self.assertTrue(data == b"" or (data[0] == 21 and len(data) <= 7), data)
                self.assertNotIn(v.nickname.encode(), data)

    def test_no_plaintext_crosses_the_flare_or_node_ports(self):
        if os.geteuid() != 0:
            self.skipTest("capturing on lo needs root")
        pattern = b"".join(b"MAGMA-PLAINTEXT-CANARY %08d\n" % i for i in range(40000))  # 1.2 MB
        control = socket.create_server(("127.0.0.1", 0))
        control_port = control.getsockname()[1]
        capture = Capture()
        try:
            source = os.path.join(self.lava.workdir, "canary")
            write_file(source, pattern)
            shutil.copyfile(source, self.path("canary"))
            # Small copies too, with data keys all over the ring: the join below hands some
            # of them off to the newcomer over the node ports.
            for i in range(24):
                write_file(self.path("part%02d" % i), pattern[i * 50000:(i + 1) * 50000])
            self.lava.add_volcano()
            # Read back through a mount of the other volcano: the bytes cross the wire again.
            other = self.lava.mount(1)
            copied = read_file(os.path.join(other.mountpoint, self.name, "canary"))
            # The control: the same bytes in clear on a plain connection, in the same capture.
            with socket.create_connection(("127.0.0.1", control_port)) as plain:
                accepted, _ = control.accept()
                plain.sendall(pattern[:4096])
                accepted.recv(4096)
                accepted.close()
        finally:
            capture.close()
            control.close()
        self.assertEqual(copied, pattern)
        ports = {p for v in self.lava.volcanos for p in (v.port, v.node_port)}  # the joiner's too
        self.assertIn(b"MAGMA-PLAINTEXT-CANARY", capture.payloads[control_port])
        flare = sum(len(capture.payloads[v.port]) for v in self.lava.volcanos)
        node = sum(len(capture.payloads[v.node_port]) for v in self.lava.volcanos)
        self.assertGreater(flare, 2 * len(pattern), "the file did not cross the flare ports")
        # The join hands off about half of the parts (each 50 kB, seen twice on lo).
        self.assertGreater(node, 200000, "no file data crossed the node ports")
        for port in ports:
            self.assertNotIn(b"MAGMA-PLAINTEXT-CANARY", capture.payloads[port], "plaintext on port %d" % port)

    def test_the_key_never_shows_in_ps(self):
        # Only this lava's processes: tests running beside this one start their own
        # programs with -k, which a program can hide only once it runs.
        listing = run(["ps", "-eo", "pid,args"]).stdout.splitlines()
        pids = [v.proc.pid for v in self.lava.volcanos] + [self.mount.proc.pid]
        for pid in pids:
            lines = [line for line in listing if line.split(None, 1)[0] == str(pid)]
            self.assertEqual(len(lines), 1, "pid %d in ps" % pid)
            self.assertIn("xxxx", lines[0])  # the -k value, overwritten
            self.assertNotIn(TEST_SECRET, lines[0])
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                self.assertNotIn(TEST_SECRET.encode(), f.read())

    def test_zz_the_key_is_in_no_log_storage_or_dht(self):
        # Named to run last in its class: the logs then hold every other test's traffic.
        secret = TEST_SECRET.encode()
        dht = os.path.join(self.mnt, ".dht")
        descriptions = os.listdir(dht)
        self.assertEqual(len(descriptions), len(self.lava.volcanos))
        for name in descriptions:
            self.assertNotIn(secret, read_file(os.path.join(dht, name)))
        found = []
        roots = [self.lava.workdir] + [v.storage for v in self.lava.volcanos]
        for root in roots:
            for dirpath, _, names in os.walk(root):
                for name in names:
                    path = os.path.join(dirpath, name)
                    if name.endswith(".log") or path.startswith(tuple(v.storage for v in self.lava.volcanos)):
                        with open(path, "rb") as f:
                            if secret in f.read():
                                found.append(path)
        self.assertEqual(found, [])


class KeySourceTest(unittest.TestCase):
    """How the programs take the key, without a lava: nothing gets as far as connecting."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="magma-tls-", dir="/tmp")
        self.key_file = os.path.join(self.dir, "secret")
        write_file(self.key_file, (TEST_SECRET + "\n").encode(), 0o644)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def magmad(self, *key_args):
        store = os.path.join(self.dir, "store")
        done = run([MAGMAD, "-b", "-n", "keyless", "-i", "127.0.0.1", "-p", str(free_port()), "--node-port",
                    str(free_port()), "-d", store] + list(key_args), timeout=30)
        self.assertFalse(os.path.exists(store), "magmad touched its storage without a usable key")
        return done

    def assertRefusedFile(self, done):
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("mode 0644", done.stderr)
        self.assertIn("chmod 600 " + self.key_file, done.stderr)
        self.assertNotIn(TEST_SECRET, done.stderr)

    def test_a_key_file_others_may_read_is_refused(self):
        self.assertRefusedFile(self.magmad("--key-file", self.key_file))
        mnt = os.path.join(self.dir, "mnt")
        os.mkdir(mnt)
        self.assertRefusedFile(run([MOUNT_MAGMA, "127.0.0.1:%d:/" % free_port(), mnt, "-o", "key_file=" + self.key_file]))
        self.assertRefusedFile(run([MAGMACTL, "--key-file", self.key_file, "lava"]))

    def test_no_key_at_all_is_refused(self):
        if os.path.exists("/etc/magma/secret"):
            self.skipTest("/etc/magma/secret exists: the programs would use it")
        for done in (self.magmad(), run([MAGMACTL, "-H", "127.0.0.1:%d" % free_port(), "lava"])):
            self.assertNotEqual(done.returncode, 0)
            self.assertIn("no lava key", done.stderr)


if __name__ == "__main__":
    sys.exit(magma_fixture.main())
