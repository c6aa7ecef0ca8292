#!/usr/bin/env python3
"""A lava of 3 stopped whole by `magmactl shutdown` and started again from disk (neither
-b nor -r): the volcanos agree on the topology they had, and every flare is back: the
same SHA-256 of every file, the same types, modes, owners, times, xattrs, link counts and
inode numbers, through the mount of any volcano; and the lava takes writes again."""

import os

import magma_fixture
from lava_trees import tree_files, write_tree
from magma_fixture import LavaTestCase, read_file, write_file
from test_restart import contents, metadata, populate


class LavaRestartTest(LavaTestCase):
    VOLCANOS = 3

    def test_shutdown_and_restart_from_disk(self):
        populate(self.path("special"))
        write_tree(self.path("tree"), tree_files(500, seed=8))
        contents_before = contents(self.dir, metadata(self.dir))
        meta_before = metadata(self.dir)  # after the reads, so atimes compare like with like
        status_before = self.lava.status()

        self.mount.unmount()
        out = self.lava.magmactl("shutdown", via=1)
        self.assertIn("stopped", out)
        for v in self.lava.volcanos:
            v.proc.wait(30)
            self.assertEqual(v.proc.returncode, 0, "%s did not exit 0:\n%s" % (v.nickname, v.log()))
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


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=240)
