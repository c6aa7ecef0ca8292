#!/usr/bin/env python3
"""A lava of 3 stopped whole by `magmactl shutdown` and started again from disk (neither
-b nor -r): the volcanos agree on the topology they had, and every flare is back: the
same SHA-256 of every file, the same types, modes, owners, times, xattrs, link counts and
inode numbers, through the mount of any volcano; and the lava takes writes again. Until
the coordinator (the owner of /.dht's key) is back, the others answer no flare request."""

import json
import os
import subprocess
import time

import magma_fixture
from lava_trees import tree_files, write_tree
from magma_fixture import LavaTestCase, read_file, write_file
from test_restart import contents, metadata, populate


class LavaRestartTest(LavaTestCase):
    VOLCANOS = 3

    def shut_down(self):
        self.mount.unmount()
        self.assertIn("stopped", self.lava.magmactl("shutdown", via=1))
        for v in self.lava.volcanos:
            v.proc.wait(30)
            self.assertEqual(v.proc.returncode, 0, "%s did not exit 0:\n%s" % (v.nickname, v.log()))

    def test_shutdown_and_restart_from_disk(self):
        populate(self.path("special"))
        write_tree(self.path("tree"), tree_files(500, seed=8))
        contents_before = contents(self.dir, metadata(self.dir))
        meta_before = metadata(self.dir)  # after the reads, so atimes compare like with like
        status_before = self.lava.status()

        self.shut_down()
        self.lava.restart_all()

        status_after = self.lava.status(via=2)
        self.assertEqual([(v["nickname"], v["slice"]) for v in status_after["volcanos"]],
                         [(v["nickname"], v["slice"]) for v in status_before["volcanos"]])
        self.assertGreaterEqual(status_after["epoch"], status_before["epoch"])
        self.mount.mount()
        other = self.lava.mount(2)
        try:
            for root in (self.dir, os.path.join(other.mountpoint, self.name)):
                self.assertEqual(contents(root, meta_before), contents_before)
                meta_after = metadata(root)
                self.assertEqual(sorted(meta_after), sorted(meta_before))
                for rel in meta_before:
                    with self.subTest(root=root, path=rel):
                        self.assertEqual(meta_after[rel], meta_before[rel])
            write_file(self.path("after-restart"), b"written after the restart")
            self.assertEqual(read_file(os.path.join(other.mountpoint, self.name, "after-restart")),
                             b"written after the restart")
        finally:
            other.unmount()

    def test_the_lava_serves_once_its_coordinator_is_back(self):
        write_file(self.path("before"), b"written before")
        dht = json.loads(self.lava.magmactl("inspect", "--json", "/.dht"))
        coordinator = dht["record_owner"]["nickname"]
        self.shut_down()
        others = [v for v in self.lava.volcanos if v.nickname != coordinator]
        for v in others:
            v.start()
        # Asked of a volcano that is up, a lookup waits for the lava to agree.
        lookup = subprocess.Popen([magma_fixture.MAGMACTL, "-H", others[0].endpoint(), "-k", self.lava.secret,
                                   "--timeout", "60",
                                   "inspect", "--json", "/%s/before" % self.name], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        self.assertIsNone(lookup.poll(), "answered before the coordinator was back")
        next(v for v in self.lava.volcanos if v.nickname == coordinator).start()
        out, err = lookup.communicate(timeout=60)
        self.assertEqual(lookup.returncode, 0, err)
        self.assertEqual(json.loads(out)["size"], len(b"written before"))
        self.lava.wait_agreed()
        self.mount.mount()
        self.assertEqual(read_file(self.path("before")), b"written before")


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=240)
