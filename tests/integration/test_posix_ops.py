#!/usr/bin/env python3
"""Every POSIX operation through a real mount.magma on a real magmad, as root, with the
errno each failure must give."""

import ctypes
import errno
import mmap
import os
import socket
import stat
import threading
import time

import magma_fixture
from magma_fixture import MagmaTestCase, read_file, write_file

LIBC = ctypes.CDLL(None, use_errno=True)
AT_FDCWD = -100
RENAME_NOREPLACE = 1
RENAME_EXCHANGE = 2
UTIME_NOW = (1 << 30) - 1
UTIME_OMIT = (1 << 30) - 2


class Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


def renameat2(old, new, flags):
    if LIBC.renameat2(AT_FDCWD, os.fsencode(old), AT_FDCWD, os.fsencode(new), flags) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), old)


def utimensat(path, atime, mtime):
    """atime and mtime are (sec, nsec) pairs; nsec may be UTIME_NOW or UTIME_OMIT."""
    times = (Timespec * 2)(Timespec(*atime), Timespec(*mtime))
    if LIBC.utimensat(AT_FDCWD, os.fsencode(path), times, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), path)


class MountTest(MagmaTestCase):
    def test_mount_type(self):
        self.assertEqual(self.lava.mount.entry()["fstype"], magma_fixture.FUSE_FSTYPE)

    def test_root_is_a_directory(self):
        st = os.stat(self.mnt)
        self.assertTrue(stat.S_ISDIR(st.st_mode))
        self.assertEqual((st.st_uid, st.st_gid), (0, 0))
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o755)
        self.assertEqual(os.stat(self.mnt + "/.").st_ino, st.st_ino)


class GetattrLookupReaddirTest(MagmaTestCase):
    def test_getattr_of_new_file(self):
        before = time.time_ns()
        write_file(self.path("f"), b"hello", 0o640)
        st = os.stat(self.path("f"))
        self.assertTrue(stat.S_ISREG(st.st_mode))
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o640)
        self.assertEqual(st.st_size, 5)
        self.assertEqual((st.st_uid, st.st_gid), (0, 0))
        self.assertEqual(st.st_nlink, 1)
        for t in (st.st_mtime_ns, st.st_ctime_ns, st.st_atime_ns):
            self.assertLessEqual(before - 2 * 10**9, t)
            self.assertLessEqual(t, time.time_ns() + 2 * 10**9)
        self.assertNotIn(st.st_ino, (0, 1))

    def test_lookup_errors(self):
        self.assertErrno(errno.ENOENT, os.stat, self.path("missing"))
        self.assertErrno(errno.ENOENT, os.stat, self.path("missing", "deeper"))
        write_file(self.path("file"), b"")
        self.assertErrno(errno.ENOTDIR, os.stat, self.path("file", "x"))
        self.assertErrno(errno.ENOTDIR, os.listdir, self.path("file"))

    def test_a_name_appears_after_a_miss(self):
        self.assertErrno(errno.ENOENT, os.stat, self.path("late"))
        write_file(self.path("late"), b"x")
        self.assertEqual(os.stat(self.path("late")).st_size, 1)

    def test_readdir_lists_every_type_with_attributes(self):
        os.mkdir(self.path("d"))
        write_file(self.path("f"), b"data")
        os.symlink("f", self.path("l"))
        os.mkfifo(self.path("p"))
        names = {"d", "f", "l", "p"}
        self.assertEqual(set(os.listdir(self.dir)), names)
        kinds = {}
        for entry in os.scandir(self.dir):
            lst = os.lstat(entry.path)
            self.assertEqual(entry.inode(), lst.st_ino, entry.name)
            kinds[entry.name] = (entry.is_dir(follow_symlinks=False),
                                 entry.is_file(follow_symlinks=False),
                                 entry.is_symlink())
            self.assertEqual(stat.S_IFMT(entry.stat(follow_symlinks=False).st_mode),
                             stat.S_IFMT(lst.st_mode))
        self.assertEqual(kinds, {"d": (True, False, False), "f": (False, True, False),
                                 "l": (False, False, True), "p": (False, False, False)})

    def test_readdir_of_empty_directory(self):
        self.assertEqual(os.listdir(self.dir), [])

    def test_readdir_sees_removals(self):
        for n in range(5):
            write_file(self.path("f%d" % n), b"")
        os.unlink(self.path("f2"))
        self.assertEqual(sorted(os.listdir(self.dir)), ["f0", "f1", "f3", "f4"])


    def test_odd_names(self):
        names = ["with space", "new\nline", "back\\slash", "-dash", "%s*?[]", "\u00e9t\u00e9",
                 "\U0001f30b", "\u00e9" * 127, ".hidden", "..dots", "tab\tname"]
        for i, name in enumerate(names):
            self.assertLessEqual(len(os.fsencode(name)), 255)
            write_file(self.path(name), b"%d" % i)
        self.assertEqual(sorted(os.listdir(self.dir)), sorted(names))
        for i, name in enumerate(names):
            self.assertEqual(read_file(self.path(name)), b"%d" % i, repr(name))

    def test_directory_times_follow_its_entries(self):
        old = 10**18
        for step, change in (("create", lambda: write_file(self.path("f"), b"")),
                             ("mkdir", lambda: os.mkdir(self.path("d"))),
                             ("rename", lambda: os.rename(self.path("f"), self.path("g"))),
                             ("unlink", lambda: os.unlink(self.path("g"))),
                             ("rmdir", lambda: os.rmdir(self.path("d")))):
            os.utime(self.dir, ns=(old, old))
            change()
            st = os.stat(self.dir)
            self.assertLess(abs(st.st_mtime_ns - time.time_ns()), 60 * 10**9, step)
            self.assertLess(abs(st.st_ctime_ns - time.time_ns()), 60 * 10**9, step)


class MknodTest(MagmaTestCase):
    def test_fifo(self):
        os.mkfifo(self.path("fifo"), 0o640)
        st = os.lstat(self.path("fifo"))
        self.assertTrue(stat.S_ISFIFO(st.st_mode))
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o640)

    def test_char_and_block_devices(self):
        os.mknod(self.path("null"), stat.S_IFCHR | 0o666, os.makedev(1, 3))
        os.mknod(self.path("blk"), stat.S_IFBLK | 0o600, os.makedev(8, 17))
        st = os.lstat(self.path("null"))
        self.assertTrue(stat.S_ISCHR(st.st_mode))
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o666)
        self.assertEqual((os.major(st.st_rdev), os.minor(st.st_rdev)), (1, 3))
        st = os.lstat(self.path("blk"))
        self.assertTrue(stat.S_ISBLK(st.st_mode))
        self.assertEqual((os.major(st.st_rdev), os.minor(st.st_rdev)), (8, 17))

    def test_regular_file_by_mknod(self):
        os.mknod(self.path("reg"), stat.S_IFREG | 0o604)
        st = os.lstat(self.path("reg"))
        self.assertTrue(stat.S_ISREG(st.st_mode))
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o604)
        self.assertEqual(st.st_size, 0)

    def test_unix_socket(self):
        path = self.path("sock")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.bind(path)
        st = os.lstat(path)
        self.assertTrue(stat.S_ISSOCK(st.st_mode))

    def test_mknod_existing_name(self):
        os.mkfifo(self.path("p"))
        self.assertErrno(errno.EEXIST, os.mkfifo, self.path("p"))
        self.assertErrno(errno.EEXIST, os.mknod, self.path("p"), stat.S_IFCHR | 0o600,
                         os.makedev(1, 3))


class MkdirRmdirTest(MagmaTestCase):
    def test_mkdir(self):
        os.mkdir(self.path("d"), 0o751)
        st = os.stat(self.path("d"))
        self.assertTrue(stat.S_ISDIR(st.st_mode))
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o751)
        os.makedirs(self.path("a", "b", "c"))
        write_file(self.path("a", "b", "c", "f"), b"deep")
        self.assertEqual(read_file(self.path("a", "b", "c", "f")), b"deep")

    def test_mkdir_errors(self):
        os.mkdir(self.path("d"))
        write_file(self.path("f"), b"")
        self.assertErrno(errno.EEXIST, os.mkdir, self.path("d"))
        self.assertErrno(errno.EEXIST, os.mkdir, self.path("f"))
        self.assertErrno(errno.ENOENT, os.mkdir, self.path("missing", "d"))
        self.assertErrno(errno.ENOTDIR, os.mkdir, self.path("f", "d"))

    def test_rmdir(self):
        os.mkdir(self.path("d"))
        os.rmdir(self.path("d"))
        self.assertErrno(errno.ENOENT, os.stat, self.path("d"))
        self.assertEqual(os.listdir(self.dir), [])

    def test_rmdir_errors(self):
        os.mkdir(self.path("full"))
        write_file(self.path("full", "f"), b"")
        write_file(self.path("file"), b"")
        self.assertErrno(errno.ENOTEMPTY, os.rmdir, self.path("full"))
        self.assertErrno(errno.ENOTDIR, os.rmdir, self.path("file"))
        self.assertErrno(errno.ENOENT, os.rmdir, self.path("missing"))
        os.unlink(self.path("full", "f"))
        os.rmdir(self.path("full"))


class CreateOpenReadWriteTest(MagmaTestCase):
    def test_create_exclusive(self):
        fd = os.open(self.path("f"), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        self.assertEqual(stat.S_IMODE(os.stat(self.path("f")).st_mode), 0o600)
        self.assertErrno(errno.EEXIST, os.open, self.path("f"), os.O_CREAT | os.O_EXCL | os.O_RDWR)

    def test_open_errors(self):
        os.mkdir(self.path("d"))
        write_file(self.path("f"), b"")
        self.assertErrno(errno.ENOENT, os.open, self.path("missing"), os.O_RDONLY)
        self.assertErrno(errno.EISDIR, os.open, self.path("d"), os.O_WRONLY)
        self.assertErrno(errno.EISDIR, os.open, self.path("d"), os.O_RDWR)
        self.assertErrno(errno.ENOTDIR, os.open, self.path("f"), os.O_RDONLY | os.O_DIRECTORY)
        self.assertErrno(errno.ENOENT, os.open, self.path("missing", "f"),
                         os.O_CREAT | os.O_WRONLY)

    def test_write_then_read(self):
        data = os.urandom(3 * 1024 * 1024 + 17)
        write_file(self.path("f"), data)
        self.assertEqual(os.stat(self.path("f")).st_size, len(data))
        self.assertEqual(read_file(self.path("f")), data)

    def test_pwrite_pread_and_holes(self):
        fd = os.open(self.path("f"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            self.assertEqual(os.pwrite(fd, b"tail", 100000), 4)
            self.assertEqual(os.pwrite(fd, b"head", 0), 4)
            self.assertEqual(os.fstat(fd).st_size, 100004)
            self.assertEqual(os.pread(fd, 8, 0), b"head\0\0\0\0")
            self.assertEqual(os.pread(fd, 10, 99998), b"\0\0tail")
            self.assertEqual(os.pread(fd, 10, 200000), b"")
        finally:
            os.close(fd)

    def test_o_append_and_o_trunc(self):
        write_file(self.path("f"), b"abc")
        fd = os.open(self.path("f"), os.O_WRONLY | os.O_APPEND)
        os.write(fd, b"def")
        os.close(fd)
        self.assertEqual(read_file(self.path("f")), b"abcdef")
        os.close(os.open(self.path("f"), os.O_WRONLY | os.O_TRUNC))
        self.assertEqual(os.stat(self.path("f")).st_size, 0)
        self.assertEqual(read_file(self.path("f")), b"")

    def test_overwrite_in_the_middle(self):
        write_file(self.path("f"), b"0123456789")
        fd = os.open(self.path("f"), os.O_WRONLY)
        os.pwrite(fd, b"XY", 4)
        os.close(fd)
        self.assertEqual(read_file(self.path("f")), b"0123XY6789")

    def test_two_handles_see_each_other(self):
        a = os.open(self.path("f"), os.O_RDWR | os.O_CREAT, 0o644)
        b = os.open(self.path("f"), os.O_RDWR)
        try:
            os.pwrite(a, b"from a", 0)
            self.assertEqual(os.pread(b, 6, 0), b"from a")
        finally:
            os.close(a)
            os.close(b)

    def test_write_updates_mtime(self):
        write_file(self.path("f"), b"x")
        os.utime(self.path("f"), ns=(10**18, 10**18))
        fd = os.open(self.path("f"), os.O_WRONLY)
        os.write(fd, b"y")
        os.close(fd)
        st = os.stat(self.path("f"))
        self.assertLess(abs(st.st_mtime_ns - time.time_ns()), 60 * 10**9)
        self.assertLess(abs(st.st_ctime_ns - time.time_ns()), 60 * 10**9)

    def test_open_unlinked_file_stays_readable(self):
        data = os.urandom(200000)
        write_file(self.path("f"), data)
        fd = os.open(self.path("f"), os.O_RDWR)
        try:
            os.unlink(self.path("f"))
            self.assertErrno(errno.ENOENT, os.stat, self.path("f"))
            self.assertEqual(os.listdir(self.dir), [])
            self.assertEqual(os.pread(fd, len(data) + 1, 0), data)
            os.pwrite(fd, b"more", len(data))
            self.assertEqual(os.pread(fd, 4, len(data)), b"more")
            self.assertEqual(os.fstat(fd).st_nlink, 0)
        finally:
            os.close(fd)
        self.assertErrno(errno.ENOENT, os.stat, self.path("f"))

    def test_name_reused_while_old_file_is_open(self):
        write_file(self.path("f"), b"old")
        fd = os.open(self.path("f"), os.O_RDONLY)
        try:
            os.unlink(self.path("f"))
            write_file(self.path("f"), b"new!")
            self.assertEqual(os.pread(fd, 10, 0), b"old")
            self.assertEqual(read_file(self.path("f")), b"new!")
        finally:
            os.close(fd)


    def test_shared_mmap(self):
        write_file(self.path("f"), b"\0" * 8192)
        with open(self.path("f"), "r+b") as f:
            with mmap.mmap(f.fileno(), 8192) as m:
                self.assertEqual(m[:4], b"\0\0\0\0")
                m[100:105] = b"mmap!"
                m.flush()
        self.lava.remount()  # read from magmad, not from the page cache
        self.assertEqual(read_file(self.path("f"))[100:105], b"mmap!")

    def test_parallel_writers_to_one_file(self):
        chunk, threads = 1 << 20, 8
        blobs = [os.urandom(chunk) for _ in range(threads)]
        fd = os.open(self.path("f"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            workers = [threading.Thread(target=os.pwrite, args=(fd, blobs[i], i * chunk))
                       for i in range(threads)]
            for w in workers:
                w.start()
            for w in workers:
                w.join(60)
            os.fsync(fd)
        finally:
            os.close(fd)
        self.lava.remount()
        self.assertEqual(read_file(self.path("f")), b"".join(blobs))

    def test_parallel_creates_in_one_directory(self):
        def make(start):
            for i in range(start, start + 100):
                write_file(self.path("c%04d" % i), b"%d" % i)

        workers = [threading.Thread(target=make, args=(t * 100,)) for t in range(6)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(120)
        self.assertEqual(sorted(os.listdir(self.dir)), ["c%04d" % i for i in range(600)])
        self.assertEqual(read_file(self.path("c0457")), b"457")

    def test_setattr_through_a_file_descriptor(self):
        fd = os.open(self.path("f"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            os.write(fd, b"0123456789")
            os.fchmod(fd, 0o600)
            os.fchown(fd, 4321, 8765)
            os.utime(fd, ns=(5 * 10**9 + 1, 6 * 10**9 + 2))
            os.ftruncate(fd, 3)
            st = os.fstat(fd)
        finally:
            os.close(fd)
        self.assertEqual(os.stat(self.path("f")), st)
        self.assertEqual((stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid, st.st_size),
                         (0o600, 4321, 8765, 3))
        self.assertEqual(st.st_atime_ns, 5 * 10**9 + 1)


class TruncateTest(MagmaTestCase):
    def test_truncate_shrinks_and_grows(self):
        write_file(self.path("f"), b"0123456789")
        os.truncate(self.path("f"), 4)
        self.assertEqual(read_file(self.path("f")), b"0123")
        os.truncate(self.path("f"), 8)
        self.assertEqual(read_file(self.path("f")), b"0123\0\0\0\0")
        os.truncate(self.path("f"), 0)
        self.assertEqual(os.stat(self.path("f")).st_size, 0)

    def test_ftruncate(self):
        fd = os.open(self.path("f"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            os.write(fd, b"abcdef")
            os.ftruncate(fd, 2)
            self.assertEqual(os.fstat(fd).st_size, 2)
            self.assertEqual(os.pread(fd, 10, 0), b"ab")
            os.ftruncate(fd, 3 * 2**30)  # sparse: must not write 3 GiB
            self.assertEqual(os.fstat(fd).st_size, 3 * 2**30)
            self.assertEqual(os.pread(fd, 4, 3 * 2**30 - 2), b"\0\0")
        finally:
            os.close(fd)
        self.assertEqual(os.stat(self.path("f")).st_size, 3 * 2**30)

    def test_truncate_errors(self):
        os.mkdir(self.path("d"))
        self.assertErrno(errno.EISDIR, os.truncate, self.path("d"), 0)
        self.assertErrno(errno.ENOENT, os.truncate, self.path("missing"), 0)
        write_file(self.path("f"), b"x")
        self.assertErrno(errno.EINVAL, os.truncate, self.path("f"), -1)


class UnlinkTest(MagmaTestCase):
    def test_unlink(self):
        write_file(self.path("f"), b"x")
        os.unlink(self.path("f"))
        self.assertErrno(errno.ENOENT, os.stat, self.path("f"))
        self.assertErrno(errno.ENOENT, os.unlink, self.path("f"))

    def test_unlink_directory_is_eisdir(self):
        os.mkdir(self.path("d"))
        self.assertErrno(errno.EISDIR, os.unlink, self.path("d"))

    def test_unlink_special_files(self):
        os.mkfifo(self.path("p"))
        os.symlink("nowhere", self.path("l"))
        os.unlink(self.path("p"))
        os.unlink(self.path("l"))
        self.assertEqual(os.listdir(self.dir), [])


class SymlinkTest(MagmaTestCase):
    def test_symlink_and_readlink(self):
        write_file(self.path("target"), b"through the link")
        os.symlink("target", self.path("rel"))
        os.symlink(self.path("target"), self.path("abs"))
        for name, target in (("rel", "target"), ("abs", self.path("target"))):
            self.assertEqual(os.readlink(self.path(name)), target)
            st = os.lstat(self.path(name))
            self.assertTrue(stat.S_ISLNK(st.st_mode))
            self.assertEqual(st.st_size, len(os.fsencode(target)))
            self.assertEqual(read_file(self.path(name)), b"through the link")
            self.assertEqual(os.stat(self.path(name)).st_ino, os.stat(self.path("target")).st_ino)

    def test_long_and_odd_targets(self):
        targets = ["x" * 4000, "../../../../etc/passwd", "a b\tc", "\u00e9t\u00e9/\u00fc"]
        for i, target in enumerate(targets):
            os.symlink(target, self.path("l%d" % i))
            self.assertEqual(os.readlink(self.path("l%d" % i)), target)

    def test_dangling_symlink(self):
        os.symlink("missing", self.path("l"))
        self.assertErrno(errno.ENOENT, os.stat, self.path("l"))
        self.assertTrue(stat.S_ISLNK(os.lstat(self.path("l")).st_mode))

    def test_symlink_errors(self):
        write_file(self.path("f"), b"")
        self.assertErrno(errno.EEXIST, os.symlink, "x", self.path("f"))
        self.assertErrno(errno.EINVAL, os.readlink, self.path("f"))
        self.assertErrno(errno.ENOENT, os.readlink, self.path("missing"))

    def test_symlink_to_directory(self):
        os.mkdir(self.path("d"))
        write_file(self.path("d", "inner"), b"in")
        os.symlink("d", self.path("ld"))
        self.assertEqual(read_file(self.path("ld", "inner")), b"in")
        self.assertEqual(os.listdir(self.path("ld")), ["inner"])


class RenameTest(MagmaTestCase):
    def test_rename_file_keeps_inode_and_data(self):
        write_file(self.path("a"), b"payload")
        ino = os.stat(self.path("a")).st_ino
        os.rename(self.path("a"), self.path("b"))
        self.assertErrno(errno.ENOENT, os.stat, self.path("a"))
        self.assertEqual(os.stat(self.path("b")).st_ino, ino)
        self.assertEqual(read_file(self.path("b")), b"payload")

    def test_rename_replaces_existing_file(self):
        write_file(self.path("new"), b"new content")
        write_file(self.path("old"), b"old")
        ino = os.stat(self.path("new")).st_ino
        os.rename(self.path("new"), self.path("old"))
        self.assertEqual(read_file(self.path("old")), b"new content")
        self.assertEqual(os.stat(self.path("old")).st_ino, ino)
        self.assertEqual(os.listdir(self.dir), ["old"])

    def test_rename_replacement_is_atomic(self):
        write_file(self.path("target"), b"0")
        stop = threading.Event()
        misses = []

        def reader():
            while not stop.is_set():
                try:
                    with open(self.path("target"), "rb") as f:
                        f.read()
                except OSError as e:
                    misses.append(e)

        t = threading.Thread(target=reader)
        t.start()
        try:
            for i in range(1, 150):
                write_file(self.path("tmp"), b"%d" % i)
                os.rename(self.path("tmp"), self.path("target"))
        finally:
            stop.set()
            t.join(60)
        self.assertEqual(misses, [], "target failed to open during rename")
        self.assertEqual(read_file(self.path("target")), b"149")

    def test_rename_directory_with_contents(self):
        os.makedirs(self.path("src", "sub"))
        write_file(self.path("src", "sub", "f"), b"deep")
        os.symlink("sub/f", self.path("src", "link"))
        ino_dir = os.stat(self.path("src")).st_ino
        ino_file = os.stat(self.path("src", "sub", "f")).st_ino
        os.rename(self.path("src"), self.path("dst"))
        self.assertErrno(errno.ENOENT, os.stat, self.path("src"))
        self.assertEqual(os.stat(self.path("dst")).st_ino, ino_dir)
        self.assertEqual(os.stat(self.path("dst", "sub", "f")).st_ino, ino_file)
        self.assertEqual(read_file(self.path("dst", "sub", "f")), b"deep")
        self.assertEqual(read_file(self.path("dst", "link")), b"deep")
        self.assertEqual(sorted(os.listdir(self.path("dst"))), ["link", "sub"])
        write_file(self.path("dst", "sub", "g"), b"after")
        self.assertEqual(os.listdir(self.path("dst", "sub")).count("g"), 1)

    def test_replaced_file_stays_readable_through_its_fd(self):
        write_file(self.path("target"), b"replaced")
        write_file(self.path("new"), b"replacement")
        fd = os.open(self.path("target"), os.O_RDONLY)
        try:
            os.rename(self.path("new"), self.path("target"))
            self.assertEqual(os.pread(fd, 100, 0), b"replaced")
            self.assertEqual(os.fstat(fd).st_nlink, 0)
        finally:
            os.close(fd)
        self.assertEqual(read_file(self.path("target")), b"replacement")

    def test_old_paths_vanish_after_a_directory_rename(self):
        os.makedirs(self.path("a", "b"))
        write_file(self.path("a", "b", "f"), b"x")
        os.rename(self.path("a"), self.path("z"))
        self.assertErrno(errno.ENOENT, os.stat, self.path("a", "b", "f"))
        self.assertErrno(errno.ENOENT, os.stat, self.path("a", "b"))
        os.mkdir(self.path("a"))
        self.assertEqual(os.listdir(self.path("a")), [])
        self.assertEqual(read_file(self.path("z", "b", "f")), b"x")

    def test_rename_directory_over_empty_directory(self):
        os.mkdir(self.path("a"))
        write_file(self.path("a", "f"), b"x")
        os.mkdir(self.path("b"))
        os.rename(self.path("a"), self.path("b"))
        self.assertEqual(os.listdir(self.path("b")), ["f"])
        self.assertEqual(os.listdir(self.dir), ["b"])

    def test_rename_across_directories(self):
        os.mkdir(self.path("x"))
        os.mkdir(self.path("y"))
        write_file(self.path("x", "f"), b"moved")
        os.rename(self.path("x", "f"), self.path("y", "g"))
        self.assertEqual(os.listdir(self.path("x")), [])
        self.assertEqual(read_file(self.path("y", "g")), b"moved")

    def test_rename_errors(self):
        os.makedirs(self.path("d", "sub"))
        os.mkdir(self.path("full"))
        write_file(self.path("full", "f"), b"")
        write_file(self.path("f"), b"")
        self.assertErrno(errno.ENOENT, os.rename, self.path("missing"), self.path("x"))
        self.assertErrno(errno.EINVAL, os.rename, self.path("d"), self.path("d", "sub", "x"))
        self.assertErrno(errno.EINVAL, os.rename, self.path("d"), self.path("d", "x"))
        self.assertErrno((errno.ENOTEMPTY, errno.EEXIST), os.rename, self.path("d"),
                         self.path("full"))
        self.assertErrno(errno.EISDIR, os.rename, self.path("f"), self.path("d"))
        self.assertErrno(errno.ENOTDIR, os.rename, self.path("d"), self.path("f"))
        self.assertErrno(errno.ENOENT, os.rename, self.path("f"), self.path("missing", "f"))
        self.assertTrue(os.path.isdir(self.path("d", "sub")))

    def test_rename_to_itself(self):
        write_file(self.path("f"), b"same")
        os.rename(self.path("f"), self.path("f"))
        self.assertEqual(read_file(self.path("f")), b"same")

    def test_rename_noreplace(self):
        write_file(self.path("a"), b"a")
        write_file(self.path("b"), b"b")
        self.assertErrno(errno.EEXIST, renameat2, self.path("a"), self.path("b"),
                         RENAME_NOREPLACE)
        self.assertEqual(read_file(self.path("b")), b"b")
        renameat2(self.path("a"), self.path("c"), RENAME_NOREPLACE)
        self.assertEqual(read_file(self.path("c")), b"a")
        self.assertEqual(sorted(os.listdir(self.dir)), ["b", "c"])

    def test_rename_exchange_files(self):
        write_file(self.path("a"), b"content a")
        write_file(self.path("b"), b"content b")
        ino_a, ino_b = os.stat(self.path("a")).st_ino, os.stat(self.path("b")).st_ino
        renameat2(self.path("a"), self.path("b"), RENAME_EXCHANGE)
        self.assertEqual(read_file(self.path("a")), b"content b")
        self.assertEqual(read_file(self.path("b")), b"content a")
        self.assertEqual(os.stat(self.path("a")).st_ino, ino_b)
        self.assertEqual(os.stat(self.path("b")).st_ino, ino_a)

    def test_rename_exchange_file_and_directory(self):
        write_file(self.path("f"), b"file")
        os.mkdir(self.path("d"))
        write_file(self.path("d", "inner"), b"inner")
        os.mkdir(self.path("other"))
        renameat2(self.path("f"), self.path("other", "d"), RENAME_NOREPLACE)
        renameat2(self.path("d"), self.path("other", "d"), RENAME_EXCHANGE)
        self.assertEqual(read_file(self.path("d")), b"file")
        self.assertEqual(read_file(self.path("other", "d", "inner")), b"inner")

    def test_rename_exchange_needs_both(self):
        write_file(self.path("a"), b"a")
        self.assertErrno(errno.ENOENT, renameat2, self.path("a"), self.path("missing"),
                         RENAME_EXCHANGE)
        self.assertEqual(read_file(self.path("a")), b"a")


class LinkTest(MagmaTestCase):
    def test_hard_link_shares_data_and_inode(self):
        write_file(self.path("a"), b"shared")
        os.link(self.path("a"), self.path("b"))
        sa, sb = os.stat(self.path("a")), os.stat(self.path("b"))
        self.assertEqual(sa.st_ino, sb.st_ino)
        self.assertEqual((sa.st_nlink, sb.st_nlink), (2, 2))
        fd = os.open(self.path("a"), os.O_WRONLY)
        os.pwrite(fd, b"SH", 0)
        os.close(fd)
        self.assertEqual(read_file(self.path("b")), b"SHared")
        os.chmod(self.path("b"), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(self.path("a")).st_mode), 0o600)
        os.unlink(self.path("a"))
        self.assertEqual(os.stat(self.path("b")).st_nlink, 1)
        self.assertEqual(read_file(self.path("b")), b"SHared")

    def test_link_count_across_directories_and_renames(self):
        os.mkdir(self.path("d"))
        write_file(self.path("f"), b"x")
        os.link(self.path("f"), self.path("d", "f2"))
        os.link(self.path("f"), self.path("f3"))
        self.assertEqual(os.stat(self.path("f")).st_nlink, 3)
        os.rename(self.path("f3"), self.path("d", "f4"))
        self.assertEqual(os.stat(self.path("d", "f4")).st_nlink, 3)
        os.unlink(self.path("d", "f2"))
        os.unlink(self.path("f"))
        self.assertEqual(os.stat(self.path("d", "f4")).st_nlink, 1)
        self.assertEqual(read_file(self.path("d", "f4")), b"x")

    def test_link_survives_renaming_the_directory_of_the_original(self):
        os.mkdir(self.path("d"))
        write_file(self.path("d", "orig"), b"linked")
        os.link(self.path("d", "orig"), self.path("alias"))
        os.rename(self.path("d"), self.path("e"))
        fd = os.open(self.path("alias"), os.O_WRONLY | os.O_APPEND)
        os.write(fd, b"+")
        os.close(fd)
        self.assertEqual(read_file(self.path("e", "orig")), b"linked+")
        self.assertEqual(os.stat(self.path("e", "orig")).st_nlink, 2)
        self.assertEqual(os.stat(self.path("e", "orig")).st_ino, os.stat(self.path("alias")).st_ino)

    def test_link_errors(self):
        os.mkdir(self.path("d"))
        write_file(self.path("f"), b"")
        write_file(self.path("g"), b"")
        self.assertErrno(errno.EPERM, os.link, self.path("d"), self.path("d2"))
        self.assertErrno(errno.EEXIST, os.link, self.path("f"), self.path("g"))
        self.assertErrno(errno.ENOENT, os.link, self.path("missing"), self.path("h"))
        self.assertEqual(os.stat(self.path("f")).st_nlink, 1)


class AttributeTest(MagmaTestCase):
    def test_chmod(self):
        write_file(self.path("f"), b"")
        os.mkdir(self.path("d"))
        for mode in (0o000, 0o4755, 0o2711, 0o1777, 0o644):
            os.chmod(self.path("f"), mode)
            self.assertEqual(stat.S_IMODE(os.stat(self.path("f")).st_mode), mode)
        os.chmod(self.path("d"), 0o1750)
        st = os.stat(self.path("d"))
        self.assertTrue(stat.S_ISDIR(st.st_mode))
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o1750)

    def test_chmod_updates_ctime_only(self):
        write_file(self.path("f"), b"")
        os.utime(self.path("f"), ns=(10**18, 10**18))
        os.chmod(self.path("f"), 0o600)
        st = os.stat(self.path("f"))
        self.assertEqual(st.st_mtime_ns, 10**18)
        self.assertLess(abs(st.st_ctime_ns - time.time_ns()), 60 * 10**9)

    def test_chown(self):
        write_file(self.path("f"), b"")
        os.chown(self.path("f"), 1234, 5678)
        st = os.stat(self.path("f"))
        self.assertEqual((st.st_uid, st.st_gid), (1234, 5678))
        os.chown(self.path("f"), -1, 42)
        st = os.stat(self.path("f"))
        self.assertEqual((st.st_uid, st.st_gid), (1234, 42))

    def test_lchown_changes_the_link_not_the_target(self):
        write_file(self.path("f"), b"")
        os.symlink("f", self.path("l"))
        os.lchown(self.path("l"), 77, 88)
        self.assertEqual((os.lstat(self.path("l")).st_uid, os.lstat(self.path("l")).st_gid),
                         (77, 88))
        self.assertEqual((os.stat(self.path("f")).st_uid, os.stat(self.path("f")).st_gid),
                         (0, 0))

    def test_utime_nanoseconds(self):
        write_file(self.path("f"), b"")
        atime, mtime = 1234567890123456789, 1500000000000000001
        os.utime(self.path("f"), ns=(atime, mtime))
        st = os.stat(self.path("f"))
        self.assertEqual((st.st_atime_ns, st.st_mtime_ns), (atime, mtime))

    def test_utime_before_1970(self):
        write_file(self.path("f"), b"")
        os.utime(self.path("f"), ns=(-1_250_000_000, -86400 * 10**9))
        st = os.stat(self.path("f"))
        self.assertEqual((st.st_atime_ns, st.st_mtime_ns), (-1_250_000_000, -86400 * 10**9))

    def test_utime_now(self):
        write_file(self.path("f"), b"")
        os.utime(self.path("f"), ns=(10**18, 10**18))
        os.utime(self.path("f"))
        st = os.stat(self.path("f"))
        for t in (st.st_atime_ns, st.st_mtime_ns):
            self.assertLess(abs(t - time.time_ns()), 60 * 10**9)

    def test_utimensat_omit_and_now(self):
        write_file(self.path("f"), b"")
        os.utime(self.path("f"), ns=(10**18, 2 * 10**18))
        utimensat(self.path("f"), (0, UTIME_OMIT), (7, 8))
        st = os.stat(self.path("f"))
        self.assertEqual((st.st_atime_ns, st.st_mtime_ns), (10**18, 7 * 10**9 + 8))
        utimensat(self.path("f"), (5, 6), (0, UTIME_OMIT))
        st = os.stat(self.path("f"))
        self.assertEqual((st.st_atime_ns, st.st_mtime_ns), (5 * 10**9 + 6, 7 * 10**9 + 8))
        utimensat(self.path("f"), (0, UTIME_OMIT), (0, UTIME_NOW))
        st = os.stat(self.path("f"))
        self.assertEqual(st.st_atime_ns, 5 * 10**9 + 6)
        self.assertLess(abs(st.st_mtime_ns - time.time_ns()), 60 * 10**9)
        utimensat(self.path("f"), (0, UTIME_NOW), (0, UTIME_OMIT))
        st2 = os.stat(self.path("f"))
        self.assertLess(abs(st2.st_atime_ns - time.time_ns()), 60 * 10**9)
        self.assertEqual(st2.st_mtime_ns, st.st_mtime_ns)

    def test_utime_of_directory_and_symlink_target(self):
        os.mkdir(self.path("d"))
        os.utime(self.path("d"), ns=(3 * 10**9, 4 * 10**9))
        self.assertEqual(os.stat(self.path("d")).st_mtime_ns, 4 * 10**9)


class StatfsFsyncAccessTest(MagmaTestCase):
    def test_statvfs(self):
        sv = os.statvfs(self.mnt)
        self.assertGreater(sv.f_bsize, 0)
        self.assertGreater(sv.f_blocks, 0)
        self.assertLessEqual(sv.f_bavail, sv.f_bfree)
        self.assertLessEqual(sv.f_bfree, sv.f_blocks)
        self.assertEqual(sv.f_namemax, 255)
        self.assertEqual(os.statvfs(self.dir).f_blocks, sv.f_blocks)

    def test_fsync_and_fdatasync(self):
        fd = os.open(self.path("f"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            os.write(fd, b"durable")
            os.fsync(fd)
            os.write(fd, b" more")
            os.fdatasync(fd)
        finally:
            os.close(fd)
        self.assertEqual(read_file(self.path("f")), b"durable more")
        dfd = os.open(self.dir, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)

    def test_access_as_root(self):
        write_file(self.path("f"), b"", 0o644)
        write_file(self.path("x"), b"", 0o744)
        write_file(self.path("none"), b"", 0o000)
        self.assertTrue(os.access(self.path("f"), os.R_OK | os.W_OK))
        self.assertFalse(os.access(self.path("f"), os.X_OK))  # root needs one x bit
        self.assertTrue(os.access(self.path("x"), os.X_OK))
        self.assertTrue(os.access(self.path("none"), os.R_OK | os.W_OK))
        self.assertTrue(os.access(self.dir, os.R_OK | os.W_OK | os.X_OK))
        self.assertFalse(os.access(self.path("missing"), os.F_OK))
        self.assertTrue(os.access(self.path("f"), os.F_OK))


class XattrTest(MagmaTestCase):
    def test_set_get_list_remove(self):
        write_file(self.path("f"), b"")
        p = self.path("f")
        os.setxattr(p, "user.colour", b"blue")
        os.setxattr(p, "user.empty", b"")
        binary = bytes(range(256)) * 16
        os.setxattr(p, "user.bin", binary)
        self.assertEqual(os.getxattr(p, "user.colour"), b"blue")
        self.assertEqual(os.getxattr(p, "user.empty"), b"")
        self.assertEqual(os.getxattr(p, "user.bin"), binary)
        self.assertEqual(sorted(os.listxattr(p)), ["user.bin", "user.colour", "user.empty"])
        os.setxattr(p, "user.colour", b"red")
        self.assertEqual(os.getxattr(p, "user.colour"), b"red")
        os.removexattr(p, "user.colour")
        self.assertErrno(errno.ENODATA, os.getxattr, p, "user.colour")
        self.assertEqual(sorted(os.listxattr(p)), ["user.bin", "user.empty"])

    def test_create_and_replace_flags(self):
        write_file(self.path("f"), b"")
        p = self.path("f")
        os.setxattr(p, "user.a", b"1", os.XATTR_CREATE)
        self.assertErrno(errno.EEXIST, os.setxattr, p, "user.a", b"2", os.XATTR_CREATE)
        self.assertEqual(os.getxattr(p, "user.a"), b"1")
        os.setxattr(p, "user.a", b"3", os.XATTR_REPLACE)
        self.assertEqual(os.getxattr(p, "user.a"), b"3")
        self.assertErrno(errno.ENODATA, os.setxattr, p, "user.b", b"4", os.XATTR_REPLACE)
        self.assertEqual(os.listxattr(p), ["user.a"])

    def test_missing_attributes(self):
        write_file(self.path("f"), b"")
        self.assertEqual(os.listxattr(self.path("f")), [])
        self.assertErrno(errno.ENODATA, os.getxattr, self.path("f"), "user.none")
        self.assertErrno(errno.ENODATA, os.removexattr, self.path("f"), "user.none")
        self.assertErrno(errno.ENOENT, os.getxattr, self.path("missing"), "user.x")

    def test_large_value_and_directory(self):
        os.mkdir(self.path("d"))
        big = os.urandom(65536)
        os.setxattr(self.path("d"), "user.big", big)
        self.assertEqual(os.getxattr(self.path("d"), "user.big"), big)
        self.assertErrno(errno.E2BIG, os.setxattr, self.path("d"), "user.huge", big + b"x")

    def test_xattrs_follow_hard_links_and_renames(self):
        write_file(self.path("f"), b"")
        os.setxattr(self.path("f"), "user.k", b"v")
        os.link(self.path("f"), self.path("g"))
        os.rename(self.path("f"), self.path("h"))
        self.assertEqual(os.getxattr(self.path("g"), "user.k"), b"v")
        self.assertEqual(os.getxattr(self.path("h"), "user.k"), b"v")


class ErrorTest(MagmaTestCase):
    def test_name_too_long(self):
        name = "n" * 256
        self.assertErrno(errno.ENAMETOOLONG, os.open, self.path(name), os.O_CREAT | os.O_WRONLY)
        self.assertErrno(errno.ENAMETOOLONG, os.mkdir, self.path(name))
        self.assertErrno(errno.ENAMETOOLONG, os.stat, self.path(name))
        self.assertErrno(errno.ENAMETOOLONG, os.symlink, "x", self.path(name))
        write_file(self.path("f"), b"")
        self.assertErrno(errno.ENAMETOOLONG, os.rename, self.path("f"), self.path(name))
        self.assertErrno(errno.ENAMETOOLONG, os.link, self.path("f"), self.path(name))
        ok = "m" * 255
        write_file(self.path(ok), b"255 is fine")
        self.assertEqual(read_file(self.path(ok)), b"255 is fine")
        self.assertIn(ok, os.listdir(self.dir))

    def test_path_of_5000_bytes(self):
        long_path = self.dir + ("/" + "p" * 99) * 50
        self.assertErrno(errno.ENAMETOOLONG, os.stat, long_path)
        self.assertErrno(errno.ENAMETOOLONG, os.mkdir, long_path)

    def test_path_too_long_inside_magma(self):
        # Through directory fds the kernel never sees the whole path: only magma does.
        name = "q" * 250
        fds = [os.open(self.dir, os.O_RDONLY | os.O_DIRECTORY)]
        depth_of_dir = len(self.dir) - len(self.mnt)
        try:
            failed_at = None
            for depth in range(1, 20):
                try:
                    os.mkdir(name, dir_fd=fds[-1])
                except OSError as e:
                    self.assertEqual(e.errno, errno.ENAMETOOLONG, "mkdir at depth %d" % depth)
                    failed_at = depth
                    break
                fds.append(os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fds[-1]))
            self.assertIsNotNone(failed_at, "a magma path over 4095 bytes was accepted")
            self.assertGreater(depth_of_dir + failed_at * 251, 4095)
            self.assertLessEqual(depth_of_dir + (failed_at - 1) * 251, 4095)
        finally:
            for fd in fds:
                os.close(fd)

    def test_errno_table(self):
        os.mkdir(self.path("d"))
        write_file(self.path("d", "x"), b"")
        write_file(self.path("f"), b"")
        cases = [
            (errno.ENOENT, os.unlink, self.path("none")),
            (errno.ENOENT, os.chmod, self.path("none"), 0o600),
            (errno.EEXIST, os.mkdir, self.path("d")),
            (errno.ENOTDIR, os.listdir, self.path("f")),
            (errno.ENOTDIR, os.unlink, self.path("f", "x")),
            (errno.EISDIR, os.unlink, self.path("d")),
            (errno.ENOTEMPTY, os.rmdir, self.path("d")),
            (errno.EINVAL, os.rename, self.path("d"), self.path("d", "y")),
        ]
        for expected, func, *args in cases:
            with self.subTest(func=func.__name__, args=args):
                self.assertErrno(expected, func, *args)


class InodeTest(MagmaTestCase):
    def test_inodes_unique(self):
        inos = set()
        for i in range(100):
            write_file(self.path("f%d" % i), b"")
            inos.add(os.stat(self.path("f%d" % i)).st_ino)
        os.mkdir(self.path("d"))
        os.symlink("x", self.path("l"))
        inos.add(os.stat(self.path("d")).st_ino)
        inos.add(os.lstat(self.path("l")).st_ino)
        inos.add(os.stat(self.dir).st_ino)
        self.assertEqual(len(inos), 103)

    def test_inode_stable_across_renames(self):
        os.mkdir(self.path("d"))
        write_file(self.path("d", "f"), b"")
        before = (os.stat(self.path("d")).st_ino, os.stat(self.path("d", "f")).st_ino)
        os.rename(self.path("d"), self.path("e"))
        os.rename(self.path("e", "f"), self.path("e", "g"))
        after = (os.stat(self.path("e")).st_ino, os.stat(self.path("e", "g")).st_ino)
        self.assertEqual(before, after)

    def test_inode_not_reused_for_a_new_file_of_the_same_name(self):
        write_file(self.path("f"), b"")
        first = os.stat(self.path("f")).st_ino
        os.unlink(self.path("f"))
        write_file(self.path("f"), b"")
        self.assertNotEqual(os.stat(self.path("f")).st_ino, first)


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=300)
