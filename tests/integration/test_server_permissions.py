#!/usr/bin/env python3
"""POSIX permissions enforced by the volcanos themselves: magmactl, run as an unprivileged
user, talks the flare protocol with no kernel checking anything for it, yet meets the same
rules as a process on a mount, on a lava of 3 volcanos (so a flare and its directory often
live on different volcanos)."""

import os
import subprocess

import magma_fixture
from magma_fixture import MAGMACTL, TEST_SECRET, LavaTestCase, read_file, write_file

ALICE, BOB, USERS = 12345, 12346, 12300


def drop_to(uid):
    def drop():
        os.setgroups([])
        os.setgid(USERS)
        os.setuid(uid)
    return drop


class ServerPermissionsTest(LavaTestCase):
    VOLCANOS = 3

    def setUp(self):
        super().setUp()
        # As root through the mount: a private home, a root-only file, a sticky /tmp.
        home = self.path("alice")
        os.mkdir(home, 0o700)
        os.chown(home, ALICE, USERS)
        write_file(os.path.join(home, "secret"), b"alice's secret\n", 0o644)
        os.chown(os.path.join(home, "secret"), ALICE, USERS)
        os.mkdir(self.path("srv"), 0o755)
        write_file(self.path("srv", "root-only"), b"root's\n", 0o600)
        os.mkdir(self.path("tmp"))
        os.chmod(self.path("tmp"), 0o1777)
        # An open directory inside the private one: reachable only through it.
        os.mkdir(os.path.join(home, "pub"), 0o755)
        os.chown(os.path.join(home, "pub"), ALICE, USERS)
        write_file(os.path.join(home, "pub", "f"), b"behind a closed door\n", 0o644)

    def ctl(self, uid, *args, stdin=None, via=1):
        """magmactl ARGS as uid, entering the lava at volcano via."""
        return subprocess.run([MAGMACTL, "-H", self.lava.volcanos[via].endpoint(), "-k", TEST_SECRET]
                              + list(args), input=stdin,
                              stdin=None if stdin is not None else subprocess.DEVNULL,
                              capture_output=True, timeout=60, preexec_fn=drop_to(uid))

    def lava_path(self, *names):
        return "/" + "/".join((self.name,) + names)

    def assertRefused(self, uid, *args, stdin=None):
        done = self.ctl(uid, *args, stdin=stdin)
        self.assertNotEqual(done.returncode, 0, "magmactl %s as %d succeeded" % (" ".join(args), uid))
        self.assertIn("may not", done.stderr.decode())
        return done

    def test_a_private_directory_hides_its_files(self):
        secret = self.lava_path("alice", "secret")
        self.assertEqual(self.ctl(ALICE, "cat", secret).stdout, b"alice's secret\n")
        done = self.assertRefused(BOB, "cat", secret)
        self.assertNotIn(b"alice", done.stdout)
        self.assertRefused(BOB, "ls", self.lava_path("alice"))
        self.assertEqual(self.ctl(0, "cat", secret).stdout, b"alice's secret\n")  # root

    def test_every_directory_above_must_be_searchable(self):
        inner = self.lava_path("alice", "pub", "f")
        self.assertEqual(self.ctl(ALICE, "cat", inner).stdout, b"behind a closed door\n")
        self.assertRefused(BOB, "cat", inner)
        self.assertRefused(BOB, "ls", self.lava_path("alice", "pub"))
        self.assertRefused(BOB, "put", "-", self.lava_path("alice", "pub", "planted"), stdin=b"x")
        # Whether a name exists below stays hidden too.
        self.assertRefused(BOB, "cat", self.lava_path("alice", "pub", "missing"))

    def test_file_modes_guard_the_data(self):
        root_only = self.lava_path("srv", "root-only")
        done = self.assertRefused(BOB, "cat", root_only)
        self.assertEqual(done.stdout, b"")
        self.assertEqual(self.ctl(0, "cat", root_only).stdout, b"root's\n")

    def test_only_writable_directories_take_new_names(self):
        self.assertRefused(BOB, "put", "-", self.lava_path("srv", "planted"), stdin=b"x")
        self.assertFalse(os.path.exists(self.path("srv", "planted")))
        done = self.ctl(BOB, "put", "-", self.lava_path("tmp", "bobs"), stdin=b"bob's\n")
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        self.assertEqual(read_file(self.path("tmp", "bobs")), b"bob's\n")
        self.assertEqual(os.stat(self.path("tmp", "bobs")).st_uid, BOB)
        # A file of bob's in alice's way: he may not overwrite hers.
        write_file(self.path("tmp", "hers"), b"hers\n", 0o644)
        os.chown(self.path("tmp", "hers"), ALICE, USERS)
        self.assertRefused(BOB, "put", "-", self.lava_path("tmp", "hers"), stdin=b"overwritten")
        self.assertEqual(read_file(self.path("tmp", "hers")), b"hers\n")


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=240)
