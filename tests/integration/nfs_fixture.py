"""The NFSv2 gateway in the integration tests: volcanos started with --nfs on free ports
(never rpcbind-registered, so tests cannot disturb a real NFS server or each other), lavas
of them, and the libnfs client program nfs_client."""

import os
import socket
import subprocess

from magma_fixture import (TOP_BUILDDIR, JoinedLava, LavaTestCase, Magmad, port_accepts,
                           wait_until)

NFS_CLIENT = os.environ.get(
    "NFS_CLIENT", os.path.join(TOP_BUILDDIR, "tests", "integration", "nfs_client", "nfs_client"))
NFS_PROGRAM, NFS_VERSION = 100003, 2
MOUNT_PROGRAM, MOUNT_VERSION = 100005, 1
# Who the tests act as through NFS: root is squashed, so a directory made through FUSE
# and owned by this user is where they work.
TEST_UID = TEST_GID = 1000
START_TIMEOUT = 30.0


def free_udp_tcp_port(address, avoid=()):
    """A port number free for both TCP and UDP on address right now."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind((address, 0))
            port = tcp.getsockname()[1]
            if port in avoid:
                continue
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind((address, port))
                except OSError:
                    continue
            return port


class NfsMagmad(Magmad):
    """A volcano that also serves the NFS gateway: NFS and MOUNT on two free ports."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.nfs_port = free_udp_tcp_port(self.address, {self.port, self.node_port})
        self.mount_port = free_udp_tcp_port(self.address, {self.port, self.node_port, self.nfs_port})
        self.extra_args = ["--nfs", "--nfs-port", str(self.nfs_port), "--mount-port", str(self.mount_port),
                           "--nfs-rpcbind=no"]

    def wait_listening(self, timeout=START_TIMEOUT):
        """Until the flare port and then both gateway ports accept TCP (the gateway starts
        once the volcano serves)."""
        super().wait_listening(timeout)
        wait_until(lambda: not self.alive() or (port_accepts(self.nfs_port, self.address) and
                                                 port_accepts(self.mount_port, self.address)),
                   timeout, "the NFS gateway of %s" % self.nickname)
        if not self.alive():
            raise RuntimeError("magmad %s exited during start-up:\n%s" % (self.nickname, self.log()))

    def nfs_client(self, *args, udp=False, data=None, timeout=600):
        """Runs nfs_client against this volcano's gateway; the CompletedProcess (bytes)."""
        argv = [NFS_CLIENT] + (["--udp"] if udp else []) + [
            "--host", self.address, "--nfs-port", str(self.nfs_port),
            "--mount-port", str(self.mount_port), "--uid", str(TEST_UID), "--gid", str(TEST_GID)]
        return subprocess.run(argv + list(args), input=data, capture_output=True, timeout=timeout)


class NfsLava(JoinedLava):
    """A JoinedLava whose volcanos all serve the NFS gateway."""

    volcano_class = NfsMagmad


class NfsLavaTestCase(LavaTestCase):
    """LavaTestCase on an NfsLava: VOLCANOS volcanos serving the gateway, one FUSE mount
    of v1 at self.mnt, and each test's directory there owned by the NFS tests' user."""

    lava_class = NfsLava

    def setUp(self):
        super().setUp()
        os.chown(self.dir, TEST_UID, TEST_GID)
        self.lava_dir = "/" + self.name  # the test's directory as the lava names it
