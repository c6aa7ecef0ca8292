#!/usr/bin/env python3
"""Renames and hard links across the volcanos of a lava of 3: a file keeps its inode
number and data when its name moves to another volcano, a replaced target is gone, hard
links in directories owned by different volcanos share one inode and link count, and a
directory rename re-keys a 1,000-file subtree: every file readable under the new name,
none under the old, also through another volcano's mount."""

import errno
import json
import os

import magma_fixture
from lava_trees import digests, owner_of, path_key, read_tree, tree_files, write_tree
from magma_fixture import LavaTestCase, read_file, write_file

SUBTREE_FILES = 1000


class RenameAcrossVolcanosTest(LavaTestCase):
    VOLCANOS = 3

    def lava_path(self, *names):
        """The path inside the lava of self.path(*names)."""
        return "/" + os.path.relpath(self.path(*names), self.mnt)

    def inspect(self, lava_path):
        return json.loads(self.lava.magmactl("inspect", "--json", lava_path))

    def test_file_renames_across_volcanos(self):
        status = self.lava.status()
        for d in "abc":
            os.mkdir(self.path(d))
        count = 60
        inos, crossed = {}, 0
        for i in range(count):
            write_file(self.path("abc"[i % 3], "f%d" % i), b"content %d\n" % i * (i + 1))
            inos[i] = os.stat(self.path("abc"[i % 3], "f%d" % i)).st_ino
        for i in range(count):
            old = ("abc"[i % 3], "f%d" % i)
            new = ("abc"[(i + 1) % 3], "renamed%d" % i)
            crossed += owner_of(status, path_key(self.lava_path(*old))) != \
                owner_of(status, path_key(self.lava_path(*new)))
            os.rename(self.path(*old), self.path(*new))
        self.assertGreater(crossed, count // 3, "too few renames change volcano to test anything")
        for i in range(count):
            new = self.path("abc"[(i + 1) % 3], "renamed%d" % i)
            self.assertEqual(read_file(new), b"content %d\n" % i * (i + 1))
            self.assertEqual(os.stat(new).st_ino, inos[i])
            self.assertFalse(os.path.lexists(self.path("abc"[i % 3], "f%d" % i)))
        for d in "abc":
            self.assertEqual(len(os.listdir(self.path(d))), count // 3)

    def test_rename_over_a_target_on_another_volcano(self):
        status = self.lava.status()
        pairs, crossed = 0, 0
        for i in range(20):
            src, dst = self.path("src%d" % i), self.path("dst%d" % i)
            crossed += owner_of(status, path_key(self.lava_path("src%d" % i))) != \
                owner_of(status, path_key(self.lava_path("dst%d" % i)))
            write_file(src, b"new %d" % i)
            write_file(dst, b"old %d" % i)
            src_ino = os.stat(src).st_ino
            os.rename(src, dst)
            self.assertEqual(read_file(dst), b"new %d" % i)
            self.assertEqual(os.stat(dst).st_ino, src_ino)
            self.assertFalse(os.path.lexists(src))
            pairs += 1
        self.assertEqual(sorted(os.listdir(self.dir)), sorted("dst%d" % i for i in range(pairs)))
        self.assertGreater(crossed, 0, "no rename changed volcano")

    def test_hard_links_across_volcanos(self):
        status = self.lava.status()
        original = self.path("original")
        write_file(original, b"linked data")
        links = []
        for i in range(10):
            os.mkdir(self.path("dir%d" % i))
            links.append(self.path("dir%d" % i, "link"))
            os.link(original, links[-1])
        names = [original] + links
        ino = os.stat(original).st_ino
        for name in names:
            st = os.stat(name)
            self.assertEqual((st.st_ino, st.st_nlink), (ino, len(names)), name)
        found = [self.inspect(self.lava_path(os.path.relpath(n, self.dir))) for n in names]
        self.assertEqual({f["id"] for f in found}, {found[0]["id"]})
        self.assertEqual({f["inode_owner"]["nickname"] for f in found},
                         {owner_of(status, found[0]["id"])})
        self.assertGreater(len({f["record_owner"]["nickname"] for f in found}), 1,
                           "every link's record is on one volcano")

        with open(links[3], "r+b") as f:
            f.write(b"LINKED")
        self.assertEqual(read_file(links[7]), b"LINKED data")
        for name in links[:5]:
            os.unlink(name)
        self.assertEqual(os.stat(original).st_nlink, len(names) - 5)
        for name in [original] + links[5:]:
            os.unlink(name)
        for name in names:
            self.assertFalse(os.path.lexists(name))

    def test_directory_rename_of_a_1000_file_subtree(self):
        files = tree_files(SUBTREE_FILES, seed=7)
        write_tree(self.path("big"), files)
        sample = files[::97]
        inos = {rel: os.stat(self.path("big", rel)).st_ino for rel, _ in sample}
        os.mkdir(self.path("elsewhere"))
        os.rename(self.path("big"), self.path("elsewhere", "moved"))

        self.assertFalse(os.path.lexists(self.path("big")))
        self.assertEqual(sorted(os.listdir(self.dir)), ["elsewhere"])
        for rel, _ in sample:
            with self.assertRaises(OSError) as cm:
                os.stat(self.path("big", rel))
            self.assertEqual(cm.exception.errno, errno.ENOENT)
            self.assertEqual(os.stat(self.path("elsewhere", "moved", rel)).st_ino, inos[rel])
        other = self.lava.mount(2)  # no kernel cache of the old names
        try:
            root = os.path.join(other.mountpoint, self.name)
            self.assertFalse(os.path.lexists(os.path.join(root, "big")))
            for r in (self.path("elsewhere", "moved"), os.path.join(root, "elsewhere", "moved")):
                found, _ = read_tree(r)
                self.assertEqual(len(found), SUBTREE_FILES)
                self.assertEqual(found, digests(files))
        finally:
            other.unmount()
        # The lava itself names the new paths and has forgotten the old ones.
        rel = files[0][0]
        got = self.inspect(self.lava_path("elsewhere", "moved", rel))
        self.assertEqual(got["ino"], inos[rel])
        with self.assertRaises(RuntimeError):
            self.inspect(self.lava_path("big", rel))


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=300)
