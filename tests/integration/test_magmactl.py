#!/usr/bin/env python3
"""magmactl ls, cat, put, get and fsck against a lava of 3 volcanos on 127.0.0.1-3.

Files: what magmactl writes a mount reads back byte for byte and the other way round
(large files cross several chunks of the protocol's largest I/O); ls shows what the
mount lists; failures (unknown path, a volcano down, an unreachable host) exit non-zero
with one line on stderr.
fsck: clean on a lava filled through a mount; after a volcano's SQLite store is edited
while it is stopped (an inode deleted behind its entry, a record deleted, a link count
changed) it reports exactly those, --repair fixes them and a second fsck is clean; after
kill -9 of a volcano during a writer's creates, --repair leaves a clean lava."""

import json
import os
import sqlite3
import subprocess
import threading

import magma_fixture
from lava_trees import owner_of, path_key, tree_files, write_tree
from magma_fixture import MAGMACTL, TEST_SECRET, LavaTestCase, read_file, write_file

MAX_IO = 4 << 20  # libmagma/frame.h kMaxIoSize


def run_ctl(endpoint, *args, stdin=None, timeout=120):
    """`magmactl -H endpoint ARGS...` as a CompletedProcess with bytes stdout."""
    return subprocess.run([MAGMACTL, "-H", endpoint, "-k", TEST_SECRET] + list(args), input=stdin,
                          stdin=None if stdin is not None else subprocess.DEVNULL,
                          capture_output=True, timeout=timeout)


class MagmactlCase(LavaTestCase):
    VOLCANOS = 3

    def ctl(self, *args, via=0, stdin=None):
        return run_ctl(self.lava.volcanos[via].endpoint(), *args, stdin=stdin)

    def ok(self, *args, via=0, stdin=None):
        done = self.ctl(*args, via=via, stdin=stdin)
        self.assertEqual(done.returncode, 0, "magmactl %s: %s" % (" ".join(args), done.stderr.decode()))
        return done.stdout

    def fails_in_one_line(self, *args, via=0):
        done = self.ctl(*args, via=via)
        self.assertNotEqual(done.returncode, 0, "magmactl %s succeeded" % " ".join(args))
        err = done.stderr.decode()
        self.assertEqual(err.count("\n"), 1, "not one line: %r" % err)
        self.assertTrue(err.startswith("magmactl"), err)
        return err

    def lava_path(self, *names):
        return "/" + "/".join((self.name,) + names)


class FilesTest(MagmactlCase):
    def test_put_is_read_back_through_the_mount(self):
        data = os.urandom(2 * MAX_IO + 12345)
        local = os.path.join(self.lava.workdir, "put-big")
        write_file(local, data, 0o640)
        self.ok("put", local, self.lava_path("big"))
        self.assertEqual(read_file(self.path("big")), data)
        self.assertEqual(os.stat(self.path("big")).st_mode & 0o777, 0o640)
        # Again with less: the file is truncated first.
        write_file(local, b"short", 0o640)
        self.ok("put", local, self.lava_path("big"))
        self.assertEqual(read_file(self.path("big")), b"short")
        # From standard input.
        self.ok("put", "-", self.lava_path("piped"), stdin=b"from stdin\n")
        self.assertEqual(read_file(self.path("piped")), b"from stdin\n")

    def test_get_and_cat_read_what_the_mount_wrote(self):
        files = {"empty": b"", "small": b"hello lava\n", "large": os.urandom(MAX_IO + 1)}
        for name, data in files.items():
            write_file(self.path(name), data)
        for name, data in files.items():
            with self.subTest(name=name):
                local = os.path.join(self.lava.workdir, "got-" + name)
                for via in range(self.VOLCANOS):  # any volcano will do as the entry
                    self.ok("get", self.lava_path(name), local, via=via)
                    self.assertEqual(read_file(local), data)
                self.assertEqual(self.ok("cat", self.lava_path(name)), data)
        self.assertEqual(self.ok("get", self.lava_path("small"), "-"), files["small"])

    def test_ls_shows_what_the_mount_lists(self):
        os.mkdir(self.path("sub"), 0o750)
        for i in range(40):
            write_file(self.path("f%02d" % i), b"x" * i)
        os.symlink("f01", self.path("link"))
        listed = json.loads(self.ok("ls", "--json", self.lava_path()))
        self.assertEqual(sorted(e["name"] for e in listed), sorted(os.listdir(self.dir)))
        for e in listed:
            with self.subTest(name=e["name"]):
                st = os.lstat(self.path(e["name"]))
                self.assertEqual(e["size"], st.st_size)
                self.assertEqual(e["mode"], st.st_mode & 0o7777)
                self.assertEqual(e["nlink"], st.st_nlink)
                self.assertEqual(e["ino"], st.st_ino)
        self.assertEqual(next(e for e in listed if e["name"] == "link")["target"], "f01")
        self.assertEqual(next(e for e in listed if e["name"] == "sub")["type"], "directory")
        table = self.ok("ls", self.lava_path()).decode().splitlines()
        self.assertTrue(table[0].startswith("MODE"), table[0])
        self.assertEqual(len(table), 1 + 42)
        self.assertTrue(any(line.endswith(" link -> f01") for line in table), table)
        one = json.loads(self.ok("ls", "--json", self.lava_path("f05")))
        self.assertEqual([(e["name"], e["size"]) for e in one], [(self.lava_path("f05"), 5)])

    def test_unknown_paths_and_wrong_types_fail_in_one_line(self):
        os.mkdir(self.path("dir"))
        for args in (("ls", self.lava_path("nope")), ("cat", self.lava_path("nope")),
                     ("get", self.lava_path("nope"), os.path.join(self.lava.workdir, "nope")),
                     ("cat", self.lava_path("dir")), ("ls", "relative/path")):
            with self.subTest(args=args):
                err = self.fails_in_one_line(*args)
                if "nope" in args[1]:
                    self.assertIn("NotFound", err)
        self.assertFalse(os.path.exists(os.path.join(self.lava.workdir, "nope")))
        missing_local = os.path.join(self.lava.workdir, "no-such-local-file")
        self.fails_in_one_line("put", missing_local, self.lava_path("x"))

    def test_an_unreachable_host_fails_in_one_line(self):
        port = magma_fixture.free_port("127.0.0.9")
        done = run_ctl("127.0.0.9:%d" % port, "ls", "/")
        self.assertNotEqual(done.returncode, 0)
        self.assertEqual(done.stderr.decode().count("\n"), 1, done.stderr)
        self.assertIn("cannot reach the lava", done.stderr.decode())

    def test_every_new_command_has_help(self):
        for command in ("ls", "cat", "put", "get", "fsck", "rebalance"):
            with self.subTest(command=command):
                out = self.ok(command, "--help").decode()
                self.assertTrue(out.startswith("usage: magmactl"), out)
                self.assertIn(command, out.splitlines()[0])


class FsckTest(MagmactlCase):
    """The tests share one lava and run in name order: each leaves it clean."""

    def fsck(self, *args):
        done = self.ctl("fsck", *args)
        return done.returncode, done.stdout.decode(), done.stderr.decode()

    def assertClean(self):
        code, out, err = self.fsck()
        self.assertEqual(code, 0, out + err)
        self.assertEqual(out, "")
        self.assertIn("consistent", err)

    def inspect(self, *names):
        return json.loads(self.ok("inspect", "--json", self.lava_path(*names)))

    def volcano(self, nickname):
        return next(v for v in self.lava.volcanos if v.nickname == nickname)

    def non_coordinator(self):
        """A volcano that owns neither /.dht (whose owner coordinates restarts) nor "/"."""
        busy = {json.loads(self.ok("inspect", "--json", p))["record_owner"]["nickname"] for p in ("/.dht", "/")}
        return next(v for v in self.lava.volcanos if v.nickname not in busy)

    def files_on(self, volcano, count, prefix):
        """count new files of this test's directory whose record and inode volcano holds."""
        found = []
        for i in range(500):
            name = "%s%d" % (prefix, i)
            if owner_of(self.lava.status(), path_key(self.lava_path(name))) != volcano.nickname:
                continue
            write_file(self.path(name), b"x")
            info = self.inspect(name)
            if info["inode_owner"]["nickname"] == volcano.nickname:
                found.append((name, info["id"]))
            if len(found) == count:
                return found
        self.fail("no %d files on %s" % (count, volcano.nickname))

    def test_1_a_lava_filled_through_a_mount_is_clean(self):
        write_tree(self.dir, tree_files(300, fanout=(4, 4)))
        write_file(self.path("a"), b"a")
        os.link(self.path("a"), self.path("a-too"))
        os.rename(self.path("a"), self.path("b"))
        self.assertClean()
        # Plain lines when stderr is not a terminal.
        code, _, err = self.fsck()
        self.assertNotIn("\r", err)
        self.assertIn("scanning v1", err)

    def test_2_a_store_edited_while_stopped_is_found_and_repaired(self):
        victim = self.non_coordinator()
        names = dict(zip(("inode", "record", "links"), self.files_on(victim, 3, "f")))
        victim.stop()
        db = sqlite3.connect(os.path.join(victim.storage, "flares.db"))
        with db:
            db.execute("DELETE FROM inodes WHERE id = ?", (bytes.fromhex(names["inode"][1]),))
            db.execute("DELETE FROM records WHERE path = ?", (self.lava_path(names["record"][0]),))
            db.execute("UPDATE inodes SET nlink = 3 WHERE id = ?", (bytes.fromhex(names["links"][1]),))
        db.close()
        victim.start()
        self.lava.wait_agreed()

        code, out, err = self.fsck()
        self.assertEqual(code, 4, out + err)  # problems left, as fsck(8) says
        found = sorted(line.split(" on ")[0] for line in out.splitlines())
        self.assertEqual(found, sorted([
            "dangling entry: " + self.lava_path(names["inode"][0]),
            "stray record: " + self.lava_path(names["inode"][0]),
            "stray data:",  # the data file of the deleted inode
            "missing record: " + self.lava_path(names["record"][0]),
            "link count: " + self.lava_path(names["links"][0]),
        ]), out)
        self.assertTrue(all(" on %s " % victim.nickname in line for line in out.splitlines()), out)
        # Only below a path: the same problems, none from elsewhere.
        code, out_below, _ = self.fsck(self.lava_path())
        self.assertEqual(code, 4)
        self.assertEqual(sorted(out_below.splitlines()), sorted(l for l in out.splitlines() if self.name in l))
        code, out, err = self.fsck("--repair")
        self.assertEqual(code, 0, out + err)
        self.assertIn("the lava is consistent", err)
        self.assertClean()
        self.assertNotIn(names["inode"][0], os.listdir(self.dir))
        self.assertEqual(self.ok("cat", self.lava_path(names["record"][0])), b"x")
        self.assertEqual(self.inspect(names["links"][0])["nlink"], 1)

    def test_3_kill9_during_creates_then_repair_leaves_a_clean_lava(self):
        """Whatever the kill left (it may leave nothing), --repair ends with a clean lava."""
        victim = self.non_coordinator()
        stop = threading.Event()

        def writer():
            i = 0
            while not stop.is_set():
                try:
                    write_file(self.path("w%d" % i), b"w")
                except OSError:
                    pass
                i += 1

        t = threading.Thread(target=writer)
        t.start()
        try:
            magma_fixture.wait_until(lambda: len(os.listdir(self.dir)) > 50, 30, "the writer")
            victim.kill9()
        finally:
            stop.set()
            t.join(60)
        victim.start()
        self.lava.wait_agreed()
        code, out, err = self.fsck("--repair")
        self.assertEqual(code, 0, out + err)
        self.assertClean()

    def test_4_a_volcano_down_fails_in_one_line(self):
        victim = self.non_coordinator()
        [(name, _)] = self.files_on(victim, 1, "g")
        via = next(i for i, v in enumerate(self.lava.volcanos) if v is not victim)
        victim.stop()
        try:
            err = self.fails_in_one_line("fsck", via=via)
            self.assertIn(victim.nickname, err)
            err = self.fails_in_one_line("rebalance", via=via)
            self.assertIn(victim.nickname + " is down", err)
            # A file whose record and inode the stopped volcano holds cannot be read.
            self.fails_in_one_line("cat", self.lava_path(name), via=via)
            self.fails_in_one_line("ls", self.lava_path(name), via=via)
        finally:
            victim.start()
            self.lava.wait_agreed()
        self.assertClean()


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=600)
