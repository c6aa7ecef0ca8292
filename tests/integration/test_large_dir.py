#!/usr/bin/env python3
"""A directory of 10,000 entries through a real mount: every entry listed exactly once by
os.listdir and by os.scandir (readdir paged, with attributes), then all removed."""

import os
import stat

import magma_fixture
from magma_fixture import MagmaTestCase

COUNT = 10000


def entry_name(i):
    # Names of many lengths, some long and some non-ASCII, so pages break unevenly.
    if i % 97 == 0:
        return "long-%05d-" % i + "x" * 230
    if i % 89 == 0:
        return "\u00e9t\u00e9-%05d" % i
    return "e%d" % i


class LargeDirTest(MagmaTestCase):
    def test_ten_thousand_entries(self):
        names = {entry_name(i) for i in range(COUNT)}
        self.assertEqual(len(names), COUNT)
        dirs, links = set(), set()
        for i, name in enumerate(sorted(names)):
            path = self.path(name)
            if i % 50 == 0:
                os.mkdir(path)
                dirs.add(name)
            elif i % 50 == 1:
                os.symlink("target-%d" % i, path)
                links.add(name)
            else:
                os.mknod(path, stat.S_IFREG | 0o644)

        listed = os.listdir(self.dir)
        self.assertEqual(len(listed), COUNT, "duplicates or missing names in listdir")
        self.assertEqual(set(listed), names)

        scanned = {}
        for entry in os.scandir(self.dir):
            self.assertNotIn(entry.name, scanned, "listed twice: " + entry.name)
            scanned[entry.name] = (entry.is_dir(follow_symlinks=False), entry.is_symlink(),
                                   entry.inode())
        self.assertEqual(set(scanned), names)
        self.assertEqual({n for n, v in scanned.items() if v[0]}, dirs)
        self.assertEqual({n for n, v in scanned.items() if v[1]}, links)
        inodes = {v[2] for v in scanned.values()}
        self.assertEqual(len(inodes), COUNT, "inode numbers repeat")
        for name in sorted(names)[::200]:
            self.assertEqual(scanned[name][2], os.lstat(self.path(name)).st_ino, name)

        for name in names:
            (os.rmdir if name in dirs else os.unlink)(self.path(name))
        self.assertEqual(os.listdir(self.dir), [])
        os.rmdir(self.dir)
        self.assertFalse(os.path.exists(self.dir))

    def test_listing_while_removing_sees_no_entry_twice(self):
        names = ["r%04d" % i for i in range(2000)]
        for name in names:
            os.mknod(self.path(name), stat.S_IFREG | 0o600)
        seen = set()
        with os.scandir(self.dir) as it:
            for n, entry in enumerate(it):
                self.assertNotIn(entry.name, seen)
                seen.add(entry.name)
                if n % 2 == 0:
                    os.unlink(entry.path)
        # Only entries already listed were removed, so every entry must have been listed.
        self.assertEqual(seen, set(names))
        self.assertEqual(len(os.listdir(self.dir)), len(names) // 2)


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=400)
