#!/usr/bin/env python3
"""The telnet console of magmad (port 12002 by default) against a lava of 3 volcanos on
127.0.0.1-3, each console on its own address and a free port: a scripted session over a
plain socket runs every command, and each answer is checked against what the test made
through the FUSE mount and what magmactl reports (keys, owners, slices, ACL), never
against fixed text. Also: CRLF, LF and CR NUL line ends, telnet option bytes, an
over-long line, two sessions at once, a peer leaving mid-command, unknown commands, erase
refused for a directory, and shutdown stopping the whole lava (last)."""

import os
import re
import socket
import stat
import time

import magma_fixture
from lava_trees import owner_of, path_key
from magma_fixture import JoinedLava, LavaTestCase, Magmad, free_port, wait_until, write_file

PROMPT_RE = re.compile(rb"MAGMA \[([^\]]+)\]:(/[^>]*)> $")
IAC, DO, WILL, WONT, SB, SE = 255, 253, 251, 252, 250, 240


class ConsoleMagmad(Magmad):
    """A volcano whose console listens on its own address, on a free port."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.console_port = free_port(self.address)
        while self.console_port in (self.port, self.node_port):
            self.console_port = free_port(self.address)
        self.extra_args = ["--console-bind", self.address, "--console-port", str(self.console_port)]


class ConsoleLava(JoinedLava):
    volcano_class = ConsoleMagmad


class Console:
    """One telnet session over a plain socket: send a line, read until the next prompt."""

    def __init__(self, volcano, timeout=30.0):
        self.sock = socket.create_connection((volcano.address, volcano.console_port), timeout=timeout)
        self.banner = self.read_to_prompt()

    def read_to_prompt(self):
        """Everything up to and including the next prompt, as text with CR LF made LF."""
        data = b""
        while not PROMPT_RE.search(data):
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("console closed after %r" % data[-200:])
            data += chunk
        self.prompt = PROMPT_RE.search(data).group(0).decode()
        return data.replace(b"\r\n", b"\n").decode(errors="replace")

    def send_raw(self, data):
        self.sock.sendall(data)

    def run(self, line, end=b"\r\n"):
        """The output of one command line, without the prompt that follows it."""
        self.send_raw(line.encode() + end)
        out = self.read_to_prompt()
        return out[:len(out) - len(self.prompt)]

    def read_all(self):
        """Everything until the console closes the connection."""
        data = b""
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                return data.replace(b"\r\n", b"\n").decode(errors="replace")
            data += chunk

    def close(self):
        self.sock.close()


def ls_line(st, name, target=None):
    """The console's ls line for a flare with lstat result st (see server/console/listing.h)."""
    line = "%s %6u %6u %10u %s" % (stat.filemode(st.st_mode), st.st_uid, st.st_gid, st.st_size, name)
    return line + (" -> " + target if target is not None else "")


class ConsoleTest(LavaTestCase):
    VOLCANOS = 3
    lava_class = ConsoleLava

    @classmethod
    def tearDownClass(cls):
        # The last test shuts the lava down through the console: no volcano died.
        if cls.lava is not None:
            reports = cls.lava.close()
            if reports:
                raise AssertionError("sanitizer reports (logs kept in %s):\n%s"
                                     % (cls.lava.workdir, "\n".join(reports[:20])))

    def setUp(self):
        super().setUp()
        self.lava_dir = "/" + self.name  # self.dir seen from inside the lava
        self.sessions = []

    def tearDown(self):
        for s in self.sessions:
            s.close()

    def console(self, index=0):
        s = Console(self.lava.volcanos[index])
        self.sessions.append(s)
        return s

    def test_banner_and_prompt(self):
        for v in self.lava.volcanos:
            s = Console(v)
            self.sessions.append(s)
            self.assertIn("MAGMA", s.banner)
            self.assertIn("volcano %s" % v.nickname, s.banner)
            self.assertIn("lava epoch %d, 3 volcanos" % self.lava.status()["epoch"], s.banner)
            self.assertEqual(s.prompt, "MAGMA [%s]:/> " % v.nickname)

    def test_help_lists_every_command(self):
        out = self.console().run("help")
        for command in ("help", "cache load", "cd", "pwd", "cat", "ls", "inspect", "erase", "debug on",
                        "debug off", "print cache", "print debug", "print acl", "lava", "exit", "quit",
                        "shutdown"):
            self.assertRegex(out, r"(?m)^  %s\b" % re.escape(command))

    def test_ls_shows_mode_owner_group_size_and_links(self):
        write_file(self.path("file"), b"0123456789", 0o640)
        os.chown(self.path("file"), 1234, 567)
        os.mkdir(self.path("sub"), 0o2750)
        os.symlink("file", self.path("link"))
        os.mkfifo(self.path("fifo"), 0o600)
        expected = {name: ls_line(os.lstat(self.path(name)), name,
                                  os.readlink(self.path(name)) if name == "link" else None)
                    for name in os.listdir(self.dir)}
        for i in range(3):  # every volcano lists the same directory the same way
            out = self.console(i).run("ls " + self.lava_dir)
            lines = out.splitlines()
            self.assertEqual(lines[-1], " -- total entries: %d" % len(expected))
            self.assertEqual(sorted(lines[:-1]), sorted(expected.values()))
        # A single flare lists as itself.
        self.assertEqual(self.console().run("ls %s/link" % self.lava_dir).splitlines(),
                         [expected["link"], " -- total entries: 1"])

    def test_cd_pwd_cat(self):
        data = b"first line\nsecond line\n"
        os.makedirs(self.path("a", "b"))
        write_file(self.path("a", "b", "notes"), data)
        write_file(self.path("a", "unended"), b"no newline at the end")
        s = self.console(1)
        self.assertEqual(s.run("pwd"), "/\n")
        self.assertEqual(s.run("cd %s/a" % self.lava_dir), "")
        self.assertEqual(s.prompt, "MAGMA [v2]:%s/a> " % self.lava_dir)
        self.assertEqual(s.run("pwd"), self.lava_dir + "/a\n")
        self.assertEqual(s.run("cat b/notes"), data.decode())
        self.assertEqual(s.run("cat unended"), "no newline at the end\n")
        self.assertIn("error: IsDir", s.run("cat b"))
        self.assertIn("error: NotDir", s.run("cd unended"))
        self.assertIn("error: NotFound", s.run("cat nothing"))
        self.assertEqual(s.run("cd .."), "")
        self.assertEqual(s.run("pwd"), self.lava_dir + "\n")
        self.assertEqual(s.run("cd"), "")
        self.assertEqual(s.run("pwd"), "/\n")

    def inspect_block(self, out, which):
        """The fields of the 'flare' or 'parent' block of inspect's output, as a dict."""
        block = out.split("parent ")[0 if which == "flare" else 1]
        fields = dict(re.findall(r"(?m)^  (\w+):\s+(.*)$", block))
        fields["path"] = block.split("\n", 1)[0].split(" ", 1)[-1]
        return fields

    def test_inspect_names_key_owner_and_mirrors(self):
        write_file(self.path("inspected"), b"x" * 3000)
        status = self.lava.status()
        ring = [v["nickname"] for v in sorted(status["volcanos"], key=lambda v: v["slice"]["start"])]
        out = self.console(2).run("inspect %s/inspected" % self.lava_dir)
        for which, path, local in (("flare", self.lava_dir + "/inspected", self.path("inspected")),
                                   ("parent", self.lava_dir, self.dir)):
            with self.subTest(which=which):
                fields = self.inspect_block(out, which)
                st = os.lstat(local)
                self.assertEqual(fields["path"], path)
                self.assertEqual(fields["type"], "directory" if stat.S_ISDIR(st.st_mode) else "file")
                self.assertEqual(int(fields["uid"]), st.st_uid)
                self.assertEqual(int(fields["gid"]), st.st_gid)
                if which == "flare":
                    self.assertEqual(int(fields["size"]), st.st_size)
                key = path_key(path)
                self.assertEqual(fields["key"], key)
                owner = owner_of(status, key)
                self.assertTrue(fields["owner"].startswith(owner + " ("), fields["owner"])
                mirror = ring[(ring.index(owner) + 1) % len(ring)]
                self.assertTrue(fields["mirrors"].startswith(mirror + " ("), fields["mirrors"])

    def test_erase_files_but_not_directories(self):
        os.mkdir(self.path("keep"))
        write_file(self.path("keep", "victim"), b"bye")
        os.symlink("victim", self.path("keep", "link"))
        s = self.console()
        self.assertIn("error: IsDir", s.run("erase " + self.lava_dir + "/keep"))
        self.assertTrue(os.path.isdir(self.path("keep")))
        self.assertEqual(s.run("erase %s/keep/victim" % self.lava_dir), "erased %s/keep/victim\n" % self.lava_dir)
        self.assertEqual(s.run("erase %s/keep/link" % self.lava_dir), "erased %s/keep/link\n" % self.lava_dir)
        # The mount's kernel may cache names for a moment.
        wait_until(lambda: os.listdir(self.path("keep")) == [], 5, "the erased names to go")
        self.assertIn("error: NotFound", s.run("erase %s/keep/victim" % self.lava_dir))

    def test_lava_lists_every_volcano(self):
        write_file(self.path("payload"), os.urandom(64 << 10))
        with open(self.path("payload"), "rb") as f:
            f.read()
        status = self.lava.status()
        out = self.console().run("lava")
        self.assertTrue(out.startswith("lava epoch %d, 3 volcanos\n" % status["epoch"]), out)
        rows = {line.split()[0]: line.split() for line in out.splitlines()[2:]}
        self.assertEqual(sorted(rows), sorted(v["nickname"] for v in status["volcanos"]))
        for v in status["volcanos"]:
            row = rows[v["nickname"]]
            with self.subTest(volcano=v["nickname"]):
                self.assertEqual(row[1], v["fqdn"])
                self.assertEqual(row[2], "%s:%d" % (v["address"], v["flare_port"]))
                self.assertEqual(row[3], "yes")
                self.assertEqual(row[4], "%s..%s" % (v["slice"]["start"][:8], v["slice"]["stop"][:8]))
                self.assertEqual(int(row[5]), v["keys"])
        # Bandwidth: the 64 KiB written (and read back) went through some volcano's storage.
        written = [r[9] for r in rows.values()]  # "read / written": "N", "U", "/", "N", "U"
        self.assertTrue(any(w != "0" for w in written), out)

    def test_print_acl_matches_the_shares(self):
        reload = self.lava.magmactl("acl", "reload")
        sections = re.split(r"(?m)^(v\d+): reloaded\n", reload)
        described = {sections[i]: sections[i + 1] for i in range(1, len(sections), 2)}
        for i, v in enumerate(self.lava.volcanos):
            expected = "".join(line[2:] + "\n" for line in described[v.nickname].splitlines())
            self.assertEqual(self.console(i).run("print acl"), expected)

    def test_print_cache_counts_open_flares(self):
        write_file(self.path("held"), b"held open")

        def open_flares():
            return sum(int(re.search(r"open flares:\s+(\d+)", self.console(i).run("print cache")).group(1))
                       for i in range(3))

        # FUSE releases a closed file after close(2) returns: wait until the write's
        # release (and any earlier test's) has reached its volcano and nothing is open.
        wait_until(lambda: open_flares() == 0, 10, "the earlier releases to reach the volcanos")
        fd = os.open(self.path("held"), os.O_RDONLY)
        try:
            self.assertEqual(open_flares(), 1)
        finally:
            os.close(fd)
        wait_until(lambda: open_flares() == 0, 10, "the release to reach the volcano")
        out = self.console().run("print cache")
        for field in ("grace holds", "data files open", "lava connections", "sqlite memory"):
            self.assertRegex(out, r"(?m)^%s:\s+\S" % field)

    def test_cache_load_counts_what_load_counts(self):
        for i, v in enumerate(self.lava.volcanos):
            out = self.console(i).run("cache load")
            keys = int(re.search(r"(\d+) records", out).group(1))
            self.assertEqual(keys, {x["nickname"]: x["keys"] for x in self.lava.status()["volcanos"]}[v.nickname])

    def test_debug_channels(self):
        # The mount sends each request to the owner of its key: any volcano may log it.
        logs = [v.log_path for v in self.lava.volcanos]

        def f_records_after(sizes, name):
            write_file(self.path(name), b"traced")
            time.sleep(0.3)
            count = 0
            for log, size in zip(logs, sizes):
                with open(log, errors="replace") as f:
                    f.seek(size)
                    count += len(re.findall(r"\[f\] ", f.read()))
            return count

        consoles = [self.console(i) for i in range(3)]
        for s in consoles:
            self.assertIn("debug channels on: f", s.run("debug on f"))
            self.assertRegex(s.run("print debug"), r"(?m)^  f  on ")
        self.assertGreater(f_records_after([os.path.getsize(log) for log in logs], "on"), 0)
        for s in consoles:
            self.assertIn("debug channels on: none", s.run("debug off f"))
            self.assertRegex(s.run("print debug"), r"(?m)^  f  off ")
        self.assertEqual(f_records_after([os.path.getsize(log) for log in logs], "off"), 0)
        self.assertIn("error: Invalid: unknown debug channel 'Q'", consoles[0].run("debug on Q"))

    def test_line_ends_and_telnet_bytes(self):
        s = self.console()
        self.assertEqual(s.run("pwd", end=b"\n"), "/\n")
        self.assertEqual(s.run("pwd", end=b"\r\n"), "/\n")
        self.assertEqual(s.run("pwd", end=b"\r\0"), "/\n")
        # What a telnet client sends first: option negotiation and a subnegotiation.
        s.send_raw(bytes([IAC, DO, 1, IAC, WILL, 3, IAC, SB, 24, 0]) + b"xterm" + bytes([IAC, SE]))
        self.assertEqual(s.run("pwd"), "/\n")
        s.send_raw(b"p" + bytes([IAC, WONT, 34]) + b"wd\r\n")
        self.assertEqual(s.read_to_prompt()[:-len(s.prompt)], "/\n")

    def test_over_long_line_is_refused_and_the_session_goes_on(self):
        s = self.console()
        out = s.run("ls " + "x" * 10000)
        self.assertIn("error: Invalid: line longer than 4096 bytes", out)
        self.assertEqual(s.run("pwd"), "/\n")

    def test_unknown_command(self):
        s = self.console()
        self.assertIn("unknown command 'frobnicate'", s.run("frobnicate all the things"))
        self.assertIn("error: usage: cat PATH", s.run("cat"))

    def test_two_sessions_at_once(self):
        os.mkdir(self.path("here"))
        a, b = self.console(), self.console()
        a.run("cd " + self.lava_dir + "/here")
        # A command sent on a but not yet read does not hold b up.
        a.send_raw(b"lava\r\n")
        self.assertEqual(b.run("pwd"), "/\n")
        self.assertIn("lava epoch", a.read_to_prompt())
        self.assertEqual(a.run("pwd"), self.lava_dir + "/here\n")
        self.assertEqual(b.run("pwd"), "/\n")

    def test_peer_leaving_mid_command_leaves_the_volcano_serving(self):
        for _ in range(5):
            s = Console(self.lava.volcanos[0])
            s.send_raw(b"lava\r\ncache load\r\n")
            s.close()
        s = self.console()
        self.assertIn("lava epoch", s.run("lava"))
        self.assertTrue(all(v.alive() for v in self.lava.volcanos))

    def test_exit_and_quit_close_the_session(self):
        for word in ("exit", "quit"):
            s = self.console()
            s.send_raw(word.encode() + b"\r\n")
            self.assertEqual(s.read_all(), "bye\n")

    def test_zz_shutdown_stops_the_lava(self):
        # Last (tests run in name order): the lava is gone afterwards.
        s = self.console(1)
        s.send_raw(b"shutdown\r\n")
        self.assertEqual(s.read_all(), "lava shutting down (3 volcanos)\n")
        wait_until(lambda: not any(v.alive() for v in self.lava.volcanos), 30, "every volcano to stop")
        self.assertEqual([v.proc.returncode for v in self.lava.volcanos], [0, 0, 0])


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=600)
