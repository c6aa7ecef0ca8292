#!/usr/bin/env python3
"""The real Linux NFSv2 client against the gateway: the VM harness (../shared/nfs-vm/
nfs2-vm-test.sh) boots Debian's kernel in QEMU, which mounts a volcano's export with
nfsvers=2 over TCP, the MOUNT call once over TCP and once over UDP. In the guest: a source
tree copied in and `diff -r`-ed back (also after dropping the caches), renames of files and
directories, hard links, symlinks, chmod, `rm -r`. Files written on the host through FUSE
read back identically in the guest, and what the guest wrote reads back identically on the
host through FUSE. Each boot costs seconds to a minute (software emulation when KVM cannot
run the guest), so there are two boots. Skips only when the harness reports a host that
cannot run it (exit 4: a missing package)."""

import hashlib
import os
import subprocess
import time

import magma_fixture
from magma_fixture import read_file, write_file
from nfs_fixture import NfsLavaTestCase

HARNESS = os.environ.get("NFS_VM_TEST", os.path.join(
    os.environ.get("top_srcdir", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")),
    "..", "shared", "nfs-vm", "nfs2-vm-test.sh"))
VM_TIMEOUT = 420  # seconds for one boot, mount and test under software emulation
HOST_SETUP_ERROR = 4
NOBODY = 65534  # the guest works as root, which the export squashes
HOST_FILES = {"empty": 0, "small.txt": 5000, "block": 8192, "nested/dir/big": 100 * 1024 + 3}

# Runs under `sh -e` in the guest with cwd = the NFS mount. The host made from-host/ and
# host.md5 there beforehand and checks src/, manifest.md5 and guest-made/ afterwards.
FULL_SCRIPT = r"""
step() { echo "NFSVM-STEP: $*"; }
S=/tmp/src
step "a source tree in the guest: the kernel modules, random files, text, a symlink"
mkdir -p $S/docs/deep/deeper $S/empty-dir
cp -R /lib/modules $S/modules
for n in 0 1 100 8191 8192 8193 70000 300000; do head -c $n /dev/urandom > $S/docs/r$n; done
seq 1 20000 > $S/docs/deep/numbers.txt
echo hello > $S/docs/deep/deeper/hello.txt
ln -s deep/numbers.txt $S/docs/numbers-link
(cd $S && find . -type f | sort | xargs md5sum) > /tmp/manifest
step "the tree: $(du -sk $S | cut -f1) KiB in $(wc -l < /tmp/manifest) files"
step "copy the tree in"; cp -R $S src
step "diff -r"; diff -r $S src
step "diff -r after dropping the caches"; sync; echo 3 > /proc/sys/vm/drop_caches; diff -r $S src
cp /tmp/manifest manifest.md5
step "files the host wrote through FUSE"; (cd from-host && md5sum -c ../host.md5)
cp -R src work
step "rename a file"; mv work/docs/r100 work/docs/r100.renamed; cmp work/docs/r100.renamed $S/docs/r100
[ ! -e work/docs/r100 ]
step "rename a directory"; mv work/docs/deep work/moved-deep; diff -r work/moved-deep $S/docs/deep
[ ! -e work/docs/deep ]
step "rename over a file"; echo new > work/a; echo old > work/b; mv work/a work/b; [ "$(cat work/b)" = new ]
step "hard link"; ln work/docs/r8192 work/hard; [ "$(stat -c %h work/hard)" = 2 ]; cmp work/hard $S/docs/r8192
rm work/docs/r8192; [ "$(stat -c %h work/hard)" = 1 ]; cmp work/hard $S/docs/r8192
step "symlink"; ln -s ../src/docs/r1 work/sym; [ "$(readlink work/sym)" = ../src/docs/r1 ]
cmp work/sym $S/docs/r1
step "chmod"; chmod 640 work/hard; [ "$(stat -c %a work/hard)" = 640 ]
chmod 700 work/moved-deep; [ "$(stat -c %a work/moved-deep)" = 700 ]
step "append and truncate"; echo more >> work/docs/r0; [ "$(cat work/docs/r0)" = more ]
truncate -s 3 work/docs/r8193; [ "$(stat -c %s work/docs/r8193)" = 3 ]
step "rm -r"; rm -r work; [ ! -e work ]
step "for the host"; mkdir guest-made; echo "written by the guest" > guest-made/note
chmod 600 guest-made/note; ln -s note guest-made/note-link
sync; ls -la . guest-made
"""

SMALL_SCRIPT = r"""
step() { echo "NFSVM-STEP: $*"; }
step "write"; seq 1 5000 > over-udp-mount; head -c 20000 /dev/urandom > /tmp/r; cp /tmp/r random
step "read back after dropping the caches"; sync; echo 3 > /proc/sys/vm/drop_caches
[ "$(md5sum < /tmp/r)" = "$(md5sum < random)" ]; [ "$(tail -n 1 over-udp-mount)" = 5000 ]
step "files the host wrote through FUSE"; (cd from-host && md5sum -c ../host.md5)
df -k .
"""


def md5(data):
    return hashlib.md5(data).hexdigest()


class KernelClientTest(NfsLavaTestCase):
    VOLCANOS = 1

    def setUp(self):
        super().setUp()
        # The harness lives beside the clone, not in it; a checkout elsewhere has none.
        if not os.path.exists(HARNESS):
            self.skipTest("the VM harness is missing: %s (set NFS_VM_TEST)" % HARNESS)
        os.chown(self.dir, NOBODY, NOBODY)
        self.host_files = {}
        for name, size in HOST_FILES.items():
            os.makedirs(os.path.dirname(self.path("from-host", name)), exist_ok=True)
            self.host_files[name] = os.urandom(size)
            write_file(self.path("from-host", name), self.host_files[name])
        write_file(self.path("host.md5"), "".join(
            "%s  %s\n" % (md5(data), name) for name, data in self.host_files.items()).encode())

    def boot(self, script, mountproto):
        """Runs script in a guest that mounts this test's directory; returns the console log."""
        v = self.lava.volcanos[0]
        script_path = os.path.join(self.lava.workdir, "%s.sh" % self.name)
        log_path = os.path.join(self.lava.workdir, "%s.vm.log" % self.name)
        with open(script_path, "w") as f:
            f.write(script)
        env = dict(os.environ, NFSVM_QUIET="1", NFSVM_LOG=log_path, TEST_SCRIPT=script_path,
                   NFS_EXPORT=self.lava_dir, TIMEOUT=str(VM_TIMEOUT),
                   NFS_OPTS="nfsvers=2,proto=tcp,port=%d,mountproto=%s,mountport=%d,nolock"
                   % (v.nfs_port, mountproto, v.mount_port))
        started = time.monotonic()
        done = subprocess.run(["bash", HARNESS], env=env, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=VM_TIMEOUT + 60)
        log = read_file(log_path).decode(errors="replace") if os.path.exists(log_path) else ""
        print("VM (MOUNT over %s): exit %d in %.1f s\n%s%s" % (
            mountproto, done.returncode, time.monotonic() - started, done.stderr,
            "\n".join(l for l in log.splitlines() if l.startswith("NFSVM-"))))
        if done.returncode == HOST_SETUP_ERROR:
            self.skipTest("the VM harness cannot run on this host: %s" % done.stderr.strip())
        self.assertEqual(done.returncode, 0, "VM harness exit %d:\n%s\n--- console:\n%s\n--- magmad:\n%s" % (
            done.returncode, done.stderr, log[-6000:], v.log()[-3000:]))
        self.assertTrue(v.alive())
        return log

    def test_tree_copy_and_namespace_ops_with_mount_over_tcp(self):
        self.boot(FULL_SCRIPT, "tcp")
        manifest = read_file(self.path("manifest.md5")).decode().splitlines()
        self.assertGreater(len(manifest), 10)
        for line in manifest:
            digest, name = line.split(None, 1)
            self.assertEqual(md5(read_file(self.path("src", name))), digest, name)
        self.assertEqual(os.readlink(self.path("src", "docs", "numbers-link")), "deep/numbers.txt")
        self.assertFalse(os.path.exists(self.path("work")), "rm -r left work/")
        note = self.path("guest-made", "note")
        self.assertEqual(read_file(note), b"written by the guest\n")
        st = os.stat(note)
        self.assertEqual((st.st_mode & 0o7777, st.st_uid), (0o600, NOBODY))
        self.assertEqual(os.readlink(self.path("guest-made", "note-link")), "note")

    def test_mount_over_udp(self):
        self.boot(SMALL_SCRIPT, "udp")
        self.assertEqual(read_file(self.path("over-udp-mount")),
                         "".join("%d\n" % i for i in range(1, 5001)).encode())
        self.assertEqual(os.stat(self.path("random")).st_size, 20000)


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=2 * VM_TIMEOUT + 300)
