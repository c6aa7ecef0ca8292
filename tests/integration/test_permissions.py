#!/usr/bin/env python3
"""POSIX permissions through a real mount, seen by unprivileged users: each check runs in a
forked child that drops to a plain numeric uid/gid (no user accounts needed)."""

import errno
import os
import pickle
import select
import signal
import stat

import magma_fixture
from magma_fixture import MagmaTestCase, read_file, write_file

USER, GROUP = 12345, 12345
OTHER, OTHER_GROUP = 12346, 12346
EXTRA_GROUP = 23456
CHILD_TIMEOUT = 60


def run_as(uid, gid, func, *args, groups=()):
    """Runs func(*args) as uid/gid with only the given supplementary groups, in a child.
    Returns what func returned (it must pickle) or raises the OSError func raised."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            os.setgroups(list(groups))
            os.setgid(gid)
            os.setuid(uid)
            try:
                result = ("ok", func(*args))
            except OSError as e:
                result = ("oserror", e.errno, str(e))
            except BaseException as e:  # reported to the parent, which fails the test
                result = ("exception", repr(e))
            os.write(w, pickle.dumps(result))
        finally:
            os._exit(0)
    os.close(w)
    try:
        chunks = []
        while True:
            ready, _, _ = select.select([r], [], [], CHILD_TIMEOUT)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                raise TimeoutError("%s%r as uid %d hung" % (func.__name__, args, uid))
            chunk = os.read(r, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(r)
        os.waitpid(pid, 0)
    result = pickle.loads(b"".join(chunks))
    if result[0] == "oserror":
        raise OSError(result[1], result[2])
    if result[0] == "exception":
        raise AssertionError("child raised " + result[1])
    return result[1]


def create(path, data=b"", mode=0o644):
    write_file(path, data, mode)
    return os.stat(path)


def remove(path):
    os.unlink(path)


def listdir(path):
    return sorted(os.listdir(path))


def access(path, mode):
    return os.access(path, mode)


def set_times(path, ns):
    os.utime(path, ns=ns)


class PermissionTest(MagmaTestCase):
    def as_user(self, func, *args, uid=USER, gid=GROUP, groups=()):
        return run_as(uid, gid, func, *args, groups=groups)

    def assertUserErrno(self, expected, func, *args, uid=USER, gid=GROUP, groups=()):
        self.assertErrno(expected, run_as, uid, gid, func, *args, groups=groups)

    def shared_dir(self, name, mode, gid=0):
        path = self.path(name)
        os.mkdir(path)
        os.chown(path, 0, gid)
        os.chmod(path, mode)
        return path

    def test_unprivileged_user_can_use_the_mount(self):
        self.assertTrue(stat.S_ISDIR(self.as_user(os.stat, self.dir).st_mode))

    def test_read_of_a_0600_root_file(self):
        write_file(self.path("secret"), b"root only", 0o600)
        self.assertUserErrno(errno.EACCES, read_file, self.path("secret"))
        self.assertUserErrno(errno.EACCES, os.open, self.path("secret"), os.O_WRONLY)
        self.assertEqual(self.as_user(os.stat, self.path("secret")).st_size, 9)
        self.assertFalse(self.as_user(access, self.path("secret"), os.R_OK))

    def test_write_into_a_0755_root_dir(self):
        write_file(self.path("rootfile"), b"x", 0o666)
        self.assertUserErrno(errno.EACCES, create, self.path("new"))
        self.assertUserErrno(errno.EACCES, os.mkdir, self.path("newdir"))
        self.assertUserErrno(errno.EACCES, os.symlink, "x", self.path("newlink"))
        self.assertUserErrno(errno.EACCES, os.mkfifo, self.path("newfifo"))
        self.assertUserErrno(errno.EACCES, remove, self.path("rootfile"))
        self.assertUserErrno(errno.EACCES, os.rename, self.path("rootfile"), self.path("moved"))
        self.assertEqual(sorted(os.listdir(self.dir)), ["rootfile"])
        # Writing into the (0666) file itself is allowed.
        self.as_user(create, self.path("rootfile"), b"user data")
        self.assertEqual(read_file(self.path("rootfile")), b"user data")

    def test_truncate_and_write_without_permission(self):
        write_file(self.path("f"), b"keep", 0o644)
        self.assertUserErrno(errno.EACCES, os.truncate, self.path("f"), 0)
        self.assertUserErrno(errno.EACCES, create, self.path("f"), b"overwrite")
        self.assertEqual(read_file(self.path("f")), b"keep")

    def test_chmod_chown_utime_of_someone_elses_file(self):
        write_file(self.path("f"), b"", 0o644)
        self.assertUserErrno(errno.EPERM, os.chmod, self.path("f"), 0o777)
        self.assertUserErrno(errno.EPERM, os.chown, self.path("f"), USER, GROUP)
        self.assertUserErrno(errno.EPERM, os.chown, self.path("f"), -1, GROUP)
        self.assertUserErrno(errno.EPERM, set_times, self.path("f"), (1, 1))
        self.assertUserErrno(errno.EACCES, os.utime, self.path("f"))
        self.assertUserErrno(errno.EACCES, os.setxattr, self.path("f"), "user.x", b"1")
        st = os.stat(self.path("f"))
        self.assertEqual((stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid), (0o644, 0, 0))

    def test_utime_now_with_write_permission(self):
        write_file(self.path("f"), b"", 0o666)
        os.utime(self.path("f"), ns=(10**18, 10**18))
        self.as_user(os.utime, self.path("f"))  # "now" needs write permission only
        self.assertNotEqual(os.stat(self.path("f")).st_mtime_ns, 10**18)
        self.assertUserErrno(errno.EPERM, set_times, self.path("f"), (5, 5))

    def test_everything_works_in_a_0777_dir(self):
        d = self.shared_dir("open", 0o777)
        st = self.as_user(create, os.path.join(d, "mine"), b"user data", 0o640)
        self.assertEqual((st.st_uid, st.st_gid), (USER, GROUP))
        self.assertEqual(self.as_user(read_file, os.path.join(d, "mine")), b"user data")
        self.as_user(os.mkdir, os.path.join(d, "sub"))
        self.assertEqual(os.stat(os.path.join(d, "sub")).st_uid, USER)
        self.as_user(os.rename, os.path.join(d, "mine"), os.path.join(d, "sub", "moved"))
        self.as_user(os.chmod, os.path.join(d, "sub", "moved"), 0o600)
        self.as_user(os.symlink, "moved", os.path.join(d, "sub", "link"))
        self.as_user(os.setxattr, os.path.join(d, "sub", "moved"), "user.k", b"v")
        self.assertEqual(self.as_user(os.getxattr, os.path.join(d, "sub", "moved"), "user.k"),
                         b"v")
        self.as_user(set_times, os.path.join(d, "sub", "moved"), (7, 8))
        self.assertEqual(os.stat(os.path.join(d, "sub", "moved")).st_mtime_ns, 8)
        self.assertEqual(self.as_user(listdir, os.path.join(d, "sub")), ["link", "moved"])
        self.as_user(remove, os.path.join(d, "sub", "link"))
        self.as_user(remove, os.path.join(d, "sub", "moved"))
        self.as_user(os.rmdir, os.path.join(d, "sub"))
        self.assertEqual(os.listdir(d), [])

    def test_chown_of_own_file(self):
        d = self.shared_dir("open", 0o777)
        f = os.path.join(d, "mine")
        self.as_user(create, f)
        self.as_user(os.chown, f, -1, EXTRA_GROUP, groups=(EXTRA_GROUP,))
        self.assertEqual(os.stat(f).st_gid, EXTRA_GROUP)
        self.assertUserErrno(errno.EPERM, os.chown, f, -1, 999)
        self.assertUserErrno(errno.EPERM, os.chown, f, OTHER, -1)

    def test_sticky_directory(self):
        d = self.shared_dir("tmp", 0o1777)
        theirs = os.path.join(d, "theirs")
        self.as_user(create, theirs, b"theirs")
        self.assertUserErrno(errno.EPERM, remove, theirs, uid=OTHER, gid=OTHER_GROUP)
        self.assertUserErrno(errno.EPERM, os.rename, theirs, os.path.join(d, "stolen"),
                             uid=OTHER, gid=OTHER_GROUP)
        self.assertEqual(read_file(theirs), b"theirs")
        mine = os.path.join(d, "mine")
        self.as_user(create, mine, uid=OTHER, gid=OTHER_GROUP)
        self.as_user(remove, mine, uid=OTHER, gid=OTHER_GROUP)
        self.as_user(remove, theirs)
        self.as_user(create, theirs)
        os.unlink(theirs)  # root may
        self.assertEqual(os.listdir(d), [])

    def test_without_sticky_bit_others_may_delete(self):
        d = self.shared_dir("open", 0o777)
        self.as_user(create, os.path.join(d, "f"))
        self.as_user(remove, os.path.join(d, "f"), uid=OTHER, gid=OTHER_GROUP)
        self.assertEqual(os.listdir(d), [])

    def test_directory_read_and_search_bits(self):
        for name, mode in (("none", 0o700), ("search", 0o711), ("read", 0o744)):
            d = self.shared_dir(name, mode)
            write_file(os.path.join(d, "f"), b"x", 0o644)
        self.assertUserErrno(errno.EACCES, listdir, self.path("none"))
        self.assertUserErrno(errno.EACCES, os.stat, self.path("none", "f"))
        self.assertUserErrno(errno.EACCES, listdir, self.path("search"))
        self.assertEqual(self.as_user(read_file, self.path("search", "f")), b"x")
        self.assertEqual(self.as_user(listdir, self.path("read")), ["f"])
        self.assertUserErrno(errno.EACCES, os.stat, self.path("read", "f"))

    def test_group_permissions(self):
        write_file(self.path("g"), b"group data", 0o640)
        os.chown(self.path("g"), 0, GROUP)
        self.assertEqual(self.as_user(read_file, self.path("g")), b"group data")
        self.assertUserErrno(errno.EACCES, create, self.path("g"), b"no")
        self.assertUserErrno(errno.EACCES, read_file, self.path("g"), uid=OTHER, gid=OTHER_GROUP)

    def test_supplementary_group(self):
        write_file(self.path("s"), b"via group", 0o060)
        os.chown(self.path("s"), 0, EXTRA_GROUP)
        self.assertEqual(self.as_user(read_file, self.path("s"), groups=(EXTRA_GROUP,)),
                         b"via group")
        self.assertUserErrno(errno.EACCES, read_file, self.path("s"))

    def test_owner_bits_win_over_group_and_other(self):
        d = self.shared_dir("open", 0o777)
        f = os.path.join(d, "f")
        self.as_user(create, f, b"x", 0o077)
        self.assertUserErrno(errno.EACCES, read_file, f)
        self.assertEqual(run_as(OTHER, OTHER_GROUP, read_file, f), b"x")

    def test_setgid_directory_passes_its_group_on(self):
        d = self.shared_dir("sgid", 0o2777, gid=777)
        st = self.as_user(create, os.path.join(d, "f"))
        self.assertEqual(st.st_gid, 777)
        self.as_user(os.mkdir, os.path.join(d, "sub"))
        st = os.stat(os.path.join(d, "sub"))
        self.assertEqual(st.st_gid, 777)
        self.assertTrue(st.st_mode & stat.S_ISGID)

    def test_access_reports_what_open_does(self):
        write_file(self.path("r"), b"", 0o644)
        write_file(self.path("secret"), b"", 0o600)
        self.assertTrue(self.as_user(access, self.path("r"), os.R_OK))
        self.assertFalse(self.as_user(access, self.path("r"), os.W_OK))
        self.assertFalse(self.as_user(access, self.path("secret"), os.R_OK))
        self.assertFalse(self.as_user(access, self.dir, os.W_OK))
        self.assertTrue(self.as_user(access, self.dir, os.R_OK | os.X_OK))


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=240)
