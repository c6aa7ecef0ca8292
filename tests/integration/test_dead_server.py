#!/usr/bin/env python3
"""A dead server gives errors, not a hang: after kill -9 of magmad, calls into the mount
fail with EIO or ENOTCONN within a bounded time."""

import errno
import os
import threading

import magma_fixture
from magma_fixture import MagmaTestCase, write_file

JOIN_TIMEOUT = 60
EXPECTED = (errno.EIO, errno.ENOTCONN)


def outcome(func, *args):
    """Runs func(*args) in a thread: ("ok", value), ("error", errno) or ("hung", None)."""
    result = ["hung", None]

    def run():
        try:
            result[:] = ["ok", func(*args)]
        except OSError as e:
            result[:] = ["error", e.errno]

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(JOIN_TIMEOUT)
    return tuple(result)


def read_all(path):
    with open(path, "rb") as f:
        return f.read()


def create(path):
    write_file(path, b"new")


class DeadServerTest(MagmaTestCase):
    def assertFailsFast(self, func, *args):
        kind, value = outcome(func, *args)
        self.assertNotEqual(kind, "hung", "%s%r hung for %d s" % (func.__name__, args,
                                                                    JOIN_TIMEOUT))
        self.assertEqual(kind, "error", "%s%r succeeded on a dead server" % (func.__name__, args))
        self.assertIn(value, EXPECTED, "%s%r failed with %s" % (
            func.__name__, args, errno.errorcode.get(value, value)))

    def test_calls_fail_after_kill9(self):
        write_file(self.path("f"), b"data")
        self.lava.magmad.kill9()
        # Names the kernel has never looked up cannot come from its caches.
        self.assertFailsFast(os.stat, self.path("never-seen"))
        self.assertFailsFast(create, self.path("new-file"))
        self.assertFailsFast(os.mkdir, self.path("new-dir"))
        self.assertFailsFast(read_all, self.path("f"))
        self.assertFailsFast(os.listdir, self.path())
        # Still failing, not hanging, on the second try.
        self.assertFailsFast(os.stat, self.path("never-seen-2"))

    def test_mount_recovers_when_magmad_returns(self):
        write_file(self.path("f"), b"data")
        self.lava.magmad.kill9()
        self.assertFailsFast(os.stat, self.path("missing"))
        self.lava.magmad.start(bootstrap=False)
        kind, value = outcome(read_all, self.path("f"))
        self.assertEqual((kind, value), ("ok", b"data"),
                         "the mount did not reconnect to the restarted magmad")

    @classmethod
    def tearDownClass(cls):
        # Each test kills magmad: bring it back so the teardown can unmount cleanly.
        if cls.lava is not None and not cls.lava.magmad.alive():
            cls.lava.magmad.start(bootstrap=False)
        super().tearDownClass()

    def setUp(self):
        if not self.lava.magmad.alive():
            self.lava.magmad.start(bootstrap=False)
        super().setUp()


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=300)
