#!/usr/bin/env python3
"""The shares in force on real volcanos: `magmactl acl check` explains a volcano's decision
with the rule behind it, SIGHUP and `magmactl acl reload` change the decision without a
restart, a file with an error is refused with FILE:LINE: reason while the rules in force
stay, and magmad refuses to start on such a file."""

import os
import signal
import subprocess

import magma_fixture
from magma_fixture import MAGMAD, JoinedLava, LavaTestCase, Magmad, wait_until

HOME_SHARE = """\
# the home directories
name = home
path = /home
r / 127.0.0.0/8
w /john 127.0.0.4
n /secret 127.0.0.2
"""

# The rest of the lava: the test itself (127.0.0.1) mounts and writes it.
LAVA_SHARE = """\
name = lava
path = /
w / 127.0.0.1
"""


class SharesMagmad(Magmad):
    """A volcano whose shares directory is its own, beside its storage."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.shares = os.path.join(self.workdir, "shares.d")
        os.makedirs(self.shares, exist_ok=True)
        with open(os.path.join(self.shares, "home.share"), "w") as f:
            f.write(HOME_SHARE)
        with open(os.path.join(self.shares, "lava.share"), "w") as f:
            f.write(LAVA_SHARE)
        self.extra_args = ["--shares", self.shares]


class SharesLava(JoinedLava):
    volcano_class = SharesMagmad


class SharesTest(LavaTestCase):
    VOLCANOS = 2
    lava_class = SharesLava

    def check(self, address, path, want="", via=0):
        return self.lava.magmactl("acl", "check", address, path, *([want] if want else []), via=via)

    def write_share(self, text, name="home.share"):
        for v in self.lava.volcanos:
            with open(os.path.join(v.shares, name), "w") as f:
                f.write(text)

    def tearDown(self):
        self.write_share(HOME_SHARE)
        for v in self.lava.volcanos:
            bad = os.path.join(v.shares, "bad.share")
            if os.path.exists(bad):
                os.unlink(bad)
        self.lava.magmactl("acl", "reload")

    def test_check_explains_the_decision_and_its_rule(self):
        out = self.check("127.0.0.4", "/home/john/notes", "w")
        self.assertIn("allowed", out)
        self.assertIn("home.share:5", out)
        self.assertIn("w /john 127.0.0.4", out)
        out = self.check("127.0.0.3", "/home/john", "w")
        self.assertIn("denied", out)
        self.assertIn("home.share:4: r / 127.0.0.0/8", out)
        self.assertIn("denied", self.check("127.0.0.2", "/home/secret/x", "r"))
        self.assertIn("allowed", self.check("127.0.0.2", "/home/other", "r"))
        out = self.check("10.1.2.3", "/home", "r")
        self.assertIn("denied", out)
        self.assertIn("none", out)
        # Every volcano decides by its own files (here the same rules).
        out = self.check("127.0.0.4", "/home/john", "w", via=1)
        self.assertIn("allowed", out)
        self.assertIn("v2/shares.d/home.share:5", out)

    def test_check_refuses_bad_words(self):
        with self.assertRaises(RuntimeError) as bad:
            self.check("not-an-address", "/home", "r")
        self.assertIn("bad client address", str(bad.exception))
        with self.assertRaises(RuntimeError) as bad:
            self.check("127.0.0.1", "/home", "x")
        self.assertIn("r or w", str(bad.exception))

    def test_sighup_reloads_and_a_bad_file_keeps_the_rules(self):
        self.assertIn("denied", self.check("127.0.0.3", "/home/john", "w"))
        self.write_share(HOME_SHARE + "w /john 127.0.0.3\n")
        v = self.lava.volcanos[0]
        v.proc.send_signal(signal.SIGHUP)
        wait_until(lambda: "allowed" in self.check("127.0.0.3", "/home/john", "w"), 10,
                   "SIGHUP to change the decision")
        # A file with an error: refused with its name and line, the rules in force stay.
        with open(os.path.join(v.shares, "bad.share"), "w") as f:
            f.write("name = bad\npath = /bad\nq / 127.0.0.1\n")
        v.proc.send_signal(signal.SIGHUP)
        wait_until(lambda: "bad.share:3" in v.log(), 10, "the reload's error in the log")
        self.assertIn("allowed", self.check("127.0.0.3", "/home/john", "w"))
        with self.assertRaises(RuntimeError) as refused:
            self.lava.magmactl("acl", "reload")
        self.assertIn("bad.share:3", str(refused.exception))
        self.assertIn("allowed", self.check("127.0.0.3", "/home/john", "w"))

    def test_reload_through_magmactl_reaches_every_volcano(self):
        self.write_share(HOME_SHARE + "w / 127.0.0.9\n")
        out = self.lava.magmactl("acl", "reload")
        for v in self.lava.volcanos:
            self.assertIn(v.nickname + ": reloaded", out)
        for via in range(len(self.lava.volcanos)):
            self.assertIn("allowed", self.check("127.0.0.9", "/home/x", "w", via=via))

    def test_magmad_refuses_to_start_on_a_bad_file(self):
        bad_dir = os.path.join(self.lava.workdir, "bad-shares")
        os.makedirs(bad_dir, exist_ok=True)
        with open(os.path.join(bad_dir, "x.share"), "w") as f:
            f.write("name = x\npath = /x\nw / 300.1.2.3\n")
        run = subprocess.run([MAGMAD, "-b", "-n", "refused", "-i", "127.0.0.1", "-p", "1", "--node-port", "2",
                              "-d", os.path.join(self.lava.workdir, "refused"), "--shares", bad_dir],
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertIn("x.share:3", run.stderr)
        # The refusal came before -b touched the storage: fixed, the same start works.
        os.unlink(os.path.join(bad_dir, "x.share"))
        v = Magmad(os.path.join(self.lava.workdir, "refused"), "refused")
        v.storage = os.path.join(self.lava.workdir, "refused")
        v.extra_args = ["--shares", bad_dir]
        try:
            v.start(bootstrap=True)
            self.assertNotIn("not bootstrapped", v.log())
        finally:
            v.stop()


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=200)
