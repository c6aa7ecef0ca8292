#!/usr/bin/env python3
"""One ACL, every door: clients bound to different loopback addresses get the same
decisions through a FUSE mount (mount.magma -o source=ADDRESS) and through the NFS
gateway (MNT, LOOKUP, CREATE, WRITE, READ from that address): 127.0.0.2 is denied (it
can neither mount nor MNT), 127.0.0.3 may only read, 127.0.0.4 may write below /rw only. The forwarding volcano's
client address reaches the owner (2 volcanos, the gateway on v1 serving flares v2
owns). A reload changes the decision for new requests without a restart; a share's
root squash decides who NFS root acts as; `mount.magma --share` mounts a share's root."""

import errno
import os
import struct
import subprocess
from contextlib import closing

import magma_fixture
from magma_fixture import Mount, wait_until
from nfs_fixture import MOUNT_PROGRAM, MOUNT_VERSION, NFS_PROGRAM, NFS_VERSION, NfsLava, NfsMagmad
from magma_fixture import LavaTestCase
from onc_rpc import RpcClient, auth_unix, opaque, string, uint

NFSPROC_GETATTR, NFSPROC_LOOKUP, NFSPROC_READ, NFSPROC_WRITE, NFSPROC_CREATE = 1, 4, 6, 8, 9
MOUNTPROC_MNT = 1
NFS_OK, NFSERR_ACCES, NFSERR_ROFS = 0, 13, 30
MNT_EACCES = errno.EACCES

DENIED, READER, WRITER = "127.0.0.2", "127.0.0.3", "127.0.0.4"

LAVA_SHARE = """\
name = lava
path = /
w / 127.0.0.1
r / 127.0.0.3 127.0.0.4
w /rw 127.0.0.4
"""

# A share whose root is not squashed, nested in the lava's (which is: the default).
TRUSTED_SHARE = """\
name = trusted
path = /trusted
root-squash = no
w / 127.0.0.1
"""


class SharesNfsMagmad(NfsMagmad):
    """A gateway volcano with its own shares directory."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.shares = os.path.join(self.workdir, "shares.d")
        os.makedirs(self.shares, exist_ok=True)
        self.extra_args += ["--shares", self.shares]


class SharesNfsLava(NfsLava):
    volcano_class = SharesNfsMagmad


def read_file(path):
    with open(path) as f:
        return f.read()


def sattr(mode):
    return uint(mode) + uint(*[0xFFFFFFFF] * 7)


class NfsDoor:
    """Raw NFSv2 and MOUNT v1 calls to volcano v's gateway over TCP from source, as root."""

    def __init__(self, v, source):
        self.v = v
        self.source = source
        self.creds = auth_unix(0, 0)

    def call(self, program, proc, args):
        port = self.v.mount_port if program == MOUNT_PROGRAM else self.v.nfs_port
        version = MOUNT_VERSION if program == MOUNT_PROGRAM else NFS_VERSION
        with closing(RpcClient(port, False, self.v.address, source=self.source)) as c:
            reply = c.call(program, version, proc, args, self.creds)
        assert reply is not None and reply.accept_stat == 0, "RPC %d.%d failed" % (program, proc)
        return reply

    def mnt(self, path):
        """(status, handle)"""
        reply = self.call(MOUNT_PROGRAM, MOUNTPROC_MNT, string(path))
        return reply.uint_at(0), reply.body[4:36]

    def lookup(self, fh, name):
        reply = self.call(NFS_PROGRAM, NFSPROC_LOOKUP, fh + string(name))
        return reply.uint_at(0), reply.body[4:36]

    def create(self, fh, name):
        reply = self.call(NFS_PROGRAM, NFSPROC_CREATE, fh + string(name) + sattr(0o644))
        return reply.uint_at(0), reply.body[4:36]

    def owner(self, fh):
        """(status, uid) of GETATTR."""
        reply = self.call(NFS_PROGRAM, NFSPROC_GETATTR, fh)
        return reply.uint_at(0), (reply.uint_at(4) if reply.uint_at(0) == NFS_OK else None)

    def write(self, fh, data):
        reply = self.call(NFS_PROGRAM, NFSPROC_WRITE, fh + uint(0, 0, 0) + opaque(data))
        return reply.uint_at(0)

    def read(self, fh):
        """(status, data)"""
        reply = self.call(NFS_PROGRAM, NFSPROC_READ, fh + uint(0, 8192, 0))
        status = reply.uint_at(0)
        if status != NFS_OK:
            return status, None
        (length,) = struct.unpack_from(">I", reply.body, 4 + 68)
        return status, reply.body[4 + 68 + 4:4 + 68 + 4 + length]


class AclDoorsTest(LavaTestCase):
    VOLCANOS = 2
    lava_class = SharesNfsLava

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_shares(LAVA_SHARE, TRUSTED_SHARE)
        for d in ("rw", "ro", "trusted"):
            os.makedirs(os.path.join(cls.mnt, d), exist_ok=True)
            os.chmod(os.path.join(cls.mnt, d), 0o777)
        with open(os.path.join(cls.mnt, "ro", "f"), "w") as f:
            f.write("read me")
        cls.clients = {source: cls.mount_from(source).mountpoint for source in (READER, WRITER)}

    @classmethod
    def mount_from(cls, source, *more):
        """A FUSE mount of v1 whose connections come from source."""
        m = Mount(os.path.join(cls.lava.workdir, "acl-" + source), os.path.join(cls.lava.workdir, "mnt-" + source),
                  cls.lava.volcanos[0].port, host=cls.lava.volcanos[0].address, secret=cls.lava.secret)
        m.extra_args = ["-o", "source=" + source] + list(more)
        os.makedirs(m.workdir, exist_ok=True)
        cls.lava.mounts.append(m)
        m.mount()
        return m

    @classmethod
    def set_shares(cls, *texts):
        """The share files of every volcano, then a reload through magmactl."""
        for v in cls.lava.volcanos:
            for name in os.listdir(v.shares):
                os.unlink(os.path.join(v.shares, name))
            for i, text in enumerate(texts):
                with open(os.path.join(v.shares, "s%d.share" % i), "w") as f:
                    f.write(text)
        cls.lava.magmactl("acl", "reload")  # raises when a volcano refuses the files

    def fuse(self, source, *names):
        return os.path.join(self.clients[source], *names)

    def fuse_outcome(self, fn):
        try:
            fn()
            return 0
        except OSError as e:
            return e.errno

    def test_fuse_and_nfs_decide_alike(self):
        v1 = self.lava.volcanos[0]
        name = self.id().rsplit(".", 1)[-1]
        expect = {  # (read /ro/f, create in /ro, create in /rw)
            READER: (0, errno.EROFS, errno.EROFS),
            WRITER: (0, errno.EROFS, 0),
        }
        nfs_code = {0: NFS_OK, errno.EACCES: NFSERR_ACCES, errno.EROFS: NFSERR_ROFS}
        for source, (read, create_ro, create_rw) in expect.items():
            with self.subTest(door="FUSE", source=source):
                self.assertEqual(self.fuse_outcome(lambda: read_file(self.fuse(source, "ro", "f"))), read)
                self.assertEqual(self.fuse_outcome(lambda: open(self.fuse(source, "ro", name + "-fuse"), "w").close()),
                                 create_ro)
                self.assertEqual(self.fuse_outcome(lambda: open(self.fuse(source, "rw", name + "-fuse-" + source), "w")
                                                   .close()), create_rw)
            with self.subTest(door="NFS", source=source):
                nfs = NfsDoor(v1, source)
                status, root = nfs.mnt("/")
                self.assertEqual(status, 0, "MNT /")
                status, ro = nfs.lookup(root, "ro")
                status, rw = nfs.lookup(root, "rw")
                self.assertEqual(status, NFS_OK)
                status, f = nfs.lookup(ro, "f")
                self.assertEqual(status, NFS_OK)
                self.assertEqual(nfs.read(f), (nfs_code[read], b"read me"))
                self.assertEqual(nfs.create(ro, name + "-nfs")[0], nfs_code[create_ro])
                status, made = nfs.create(rw, name + "-nfs-" + source)
                self.assertEqual(status, nfs_code[create_rw])
                if status == NFS_OK:
                    self.assertEqual(nfs.write(made, b"via nfs"), NFS_OK)
        with self.subTest(door="FUSE", source=DENIED):
            with self.assertRaises(RuntimeError) as refused:
                self.mount_from(DENIED)
            self.assertIn("127.0.0.2 may not read /", str(refused.exception))
        with self.subTest(door="NFS", source=DENIED):
            self.assertEqual(NfsDoor(v1, DENIED).mnt("/")[0], MNT_EACCES)
            self.assertEqual(NfsDoor(v1, DENIED).mnt("/ro")[0], MNT_EACCES)
        # What the writer made through either door is there; nothing else is.
        listing = sorted(os.listdir(os.path.join(self.mnt, "rw")))
        self.assertIn(name + "-fuse-" + WRITER, listing)
        self.assertIn(name + "-nfs-" + WRITER, listing)
        self.assertNotIn(name + "-fuse-" + READER, listing)
        self.assertNotIn(name + "-nfs", os.listdir(os.path.join(self.mnt, "ro")))

    def test_the_owner_judges_a_forwarded_request_by_its_client(self):
        """Through v1's gateway, files v2 owns: the decision is the client's, not v1's."""
        v1, v2 = self.lava.volcanos
        reader = NfsDoor(v1, READER)
        _, root = reader.mnt("/")
        _, rw = reader.lookup(root, "rw")
        # Of 40 names, each v1's or v2's by its key, all but one in 2**39 include v2's: a
        # volcano that judged v1's forwarded requests by v1's address would let them in.
        for i in range(40):
            self.assertEqual(reader.create(rw, "fw%d" % i)[0], NFSERR_ROFS)
        self.assertEqual([n for n in os.listdir(os.path.join(self.mnt, "rw")) if n.startswith("fw")], [])
        writer = NfsDoor(v1, WRITER)
        _, root = writer.mnt("/")
        _, rw = writer.lookup(root, "rw")
        for i in range(40):
            self.assertEqual(writer.create(rw, "fw%d" % i)[0], NFS_OK)
        self.assertTrue(v2.alive())

    def test_a_reload_changes_the_next_decision(self):
        path = self.fuse(READER, "ro", self.id().rsplit(".", 1)[-1])
        self.assertEqual(self.fuse_outcome(lambda: open(path, "w").close()), errno.EROFS)
        self.set_shares(LAVA_SHARE + "w /ro 127.0.0.3\nr /ro 127.0.0.2\n", TRUSTED_SHARE)
        try:
            open(path, "w").close()
            self.assertEqual(NfsDoor(self.lava.volcanos[0], DENIED).mnt("/ro")[0], 0)
        finally:
            self.set_shares(LAVA_SHARE, TRUSTED_SHARE)
        self.assertEqual(self.fuse_outcome(lambda: os.unlink(path)), errno.EROFS)
        self.assertEqual(NfsDoor(self.lava.volcanos[0], DENIED).mnt("/ro")[0], MNT_EACCES)

    def test_root_squash_is_the_shares(self):
        nfs = NfsDoor(self.lava.volcanos[0], "127.0.0.1")
        name = self.id().rsplit(".", 1)[-1]
        status, root = nfs.mnt("/")
        self.assertEqual(status, 0)
        _, rw = nfs.lookup(root, "rw")
        _, trusted = nfs.lookup(root, "trusted")
        status, squashed = nfs.create(rw, name)
        self.assertEqual(status, NFS_OK)
        self.assertEqual(nfs.owner(squashed), (NFS_OK, 65534))
        status, kept = nfs.create(trusted, name)
        self.assertEqual(status, NFS_OK)
        self.assertEqual(nfs.owner(kept), (NFS_OK, 0))
        self.assertEqual(os.stat(os.path.join(self.mnt, "trusted", name)).st_uid, 0)
        self.assertEqual(os.stat(os.path.join(self.mnt, "rw", name)).st_uid, 65534)

    def test_export_lists_the_shares_and_mount_share_mounts_a_root(self):
        m = Mount(os.path.join(self.lava.workdir, "share-mount"), os.path.join(self.lava.workdir, "mnt-share"),
                  self.lava.volcanos[1].port, host=self.lava.volcanos[1].address, secret=self.lava.secret)
        m.extra_args = ["--share=trusted"]
        os.makedirs(m.workdir, exist_ok=True)
        self.lava.mounts.append(m)
        m.mount()
        marker = self.id().rsplit(".", 1)[-1]
        with open(os.path.join(m.mountpoint, marker), "w") as f:
            f.write("in the share")
        with open(os.path.join(self.mnt, "trusted", marker)) as f:
            self.assertEqual(f.read(), "in the share")
        m.unmount()
        bad = subprocess.run([magma_fixture.MOUNT_MAGMA, "--share=nosuch", "--key=" + self.lava.secret,
                              "--host=" + self.lava.volcanos[0].endpoint(), "-f", m.mountpoint],
                             capture_output=True, text=True, timeout=30)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("no share named 'nosuch'", bad.stderr)


if __name__ == "__main__":
    magma_fixture.main()
