#!/usr/bin/env python3
"""magmad restarted on the same storage directory: after unmount, SIGTERM and a start
without -b, every flare is back with the same content, type, mode, owner, times, xattrs,
link count and inode number."""

import hashlib
import os
import stat

import magma_fixture
from magma_fixture import MagmaTestCase, write_file


def populate(root):
    os.makedirs(os.path.join(root, "a", "b", "c"))
    os.mkdir(os.path.join(root, "empty"), 0o700)
    write_file(os.path.join(root, "a", "small"), b"hello magma", 0o640)
    write_file(os.path.join(root, "a", "b", "c", "deep"), os.urandom(3 << 20), 0o600)
    write_file(os.path.join(root, "zero"), b"")
    fd = os.open(os.path.join(root, "sparse"), os.O_WRONLY | os.O_CREAT, 0o644)
    os.pwrite(fd, b"end", 10 << 20)
    os.close(fd)
    os.symlink("a/small", os.path.join(root, "link"))
    os.symlink("/nowhere/at/all", os.path.join(root, "dangling"))
    os.link(os.path.join(root, "a", "small"), os.path.join(root, "hard"))
    os.mkfifo(os.path.join(root, "fifo"), 0o620)
    os.mknod(os.path.join(root, "null"), stat.S_IFCHR | 0o666, os.makedev(1, 3))
    os.chown(os.path.join(root, "a", "small"), 1000, 1001)
    os.chmod(os.path.join(root, "a", "b"), 0o2751)
    os.setxattr(os.path.join(root, "a", "small"), "user.colour", b"blue")
    os.setxattr(os.path.join(root, "a"), "user.bin", bytes(range(256)))
    os.utime(os.path.join(root, "zero"), ns=(1111111111222222222, 1333333333444444444))
    os.utime(os.path.join(root, "a", "b"), ns=(1500000000000000007, 1600000000000000009))
    os.rename(os.path.join(root, "a", "b", "c", "deep"), os.path.join(root, "a", "b", "moved"))


def metadata(root):
    """path -> every attribute that must survive, without reading any file content."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [""] + dirnames + filenames:
            path = os.path.join(dirpath, name) if name else dirpath
            if name == "" and dirpath != root:
                continue
            st = os.lstat(path)
            out[os.path.relpath(path, root)] = {
                "type": stat.S_IFMT(st.st_mode), "mode": stat.S_IMODE(st.st_mode),
                "uid": st.st_uid, "gid": st.st_gid, "size": st.st_size, "nlink": st.st_nlink,
                "ino": st.st_ino, "rdev": st.st_rdev, "mtime": st.st_mtime_ns,
                "ctime": st.st_ctime_ns,
                # Listing a directory may touch its atime (the walk itself lists it).
                "atime": None if stat.S_ISDIR(st.st_mode) else st.st_atime_ns,
                "target": os.readlink(path) if stat.S_ISLNK(st.st_mode) else None,
                "xattrs": {} if stat.S_ISLNK(st.st_mode) else {
                    k: os.getxattr(path, k) for k in os.listxattr(path)},
            }
    return out


def contents(root, meta):
    out = {}
    for rel, m in meta.items():
        if m["type"] == stat.S_IFREG:
            with open(os.path.join(root, rel), "rb") as f:
                out[rel] = hashlib.sha256(f.read()).hexdigest()
    return out


class RestartTest(MagmaTestCase):
    def assertSameTree(self, before, after):
        self.assertEqual(sorted(after), sorted(before))
        for rel in before:
            with self.subTest(path=rel):
                self.assertEqual(after[rel], before[rel])

    def test_everything_survives_a_restart(self):
        populate(self.dir)
        contents_before = contents(self.dir, metadata(self.dir))
        # Metadata after the reads, so atimes compare like with like.
        meta_before = metadata(self.dir)
        self.assertIn("a/b/moved", meta_before)

        self.lava.mount.unmount()
        self.assertEqual(self.lava.magmad.stop(), 0, "magmad did not exit 0 on SIGTERM:\n"
                         + self.lava.magmad.log())
        self.lava.magmad.start(bootstrap=False)
        self.lava.mount.mount()

        self.assertSameTree(meta_before, metadata(self.dir))
        self.assertEqual(contents(self.dir, meta_before), contents_before)

    def test_writable_after_restart(self):
        write_file(self.path("before"), b"1")
        ino_before = os.stat(self.path("before")).st_ino
        self.lava.mount.unmount()
        self.lava.restart_magmad()
        self.lava.mount.mount()
        write_file(self.path("after"), b"2")
        os.rename(self.path("before"), self.path("renamed"))
        self.assertEqual(os.stat(self.path("renamed")).st_ino, ino_before)
        self.assertNotEqual(os.stat(self.path("after")).st_ino, ino_before)
        self.assertEqual(sorted(os.listdir(self.dir)), ["after", "renamed"])

    def test_two_restarts_in_a_row(self):
        write_file(self.path("f"), b"still here")
        for _ in range(2):
            self.lava.mount.unmount()
            self.lava.restart_magmad()
            self.lava.mount.mount()
            with open(self.path("f"), "rb") as f:
                self.assertEqual(f.read(), b"still here")


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=240)
