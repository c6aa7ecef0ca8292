#!/usr/bin/env python3
"""Lavas of 3 and 5 volcanos on 127.0.0.x built by joins, holding a nested tree of 3,000
files. In the lava of 3, a third of the files is written while v1 is alone (so the joins
hand flares off) and the rest through the same mount after the joins; the lava of 5 is
built empty and then filled (so the joins must split slices well without keys to go by).
Every volcano owns keys; each volcano's mount shows the same tree byte for byte; /.dht
describes every volcano without the secret; magmactl inspect names the owners the slices
say; statfs sums the volcanos' storage."""

import json
import os
import subprocess

import magma_fixture
from lava_trees import digests, dirs_of, grow_lava, owner_of, path_key, read_tree, tree_files
from magma_fixture import MAGMACTL, LavaTestCase

FILES = 3000
TREE = "tree"  # below the mount's root


class ThreeVolcanoLavaTest(LavaTestCase):
    VOLCANOS = 3
    WRITTEN_BEFORE_JOINS = 1000  # files written while v1 is alone

    @classmethod
    def setUpClass(cls):
        files = tree_files(FILES)
        grow_lava(cls, TREE, files[:cls.WRITTEN_BEFORE_JOINS], files[cls.WRITTEN_BEFORE_JOINS:])
        cls.expected = digests(files)
        cls.expected_dirs = dirs_of(files)

    def test_every_volcano_owns_keys(self):
        status = self.lava.status()
        self.assertEqual(len(status["volcanos"]), self.VOLCANOS)
        for v in status["volcanos"]:
            with self.subTest(volcano=v["nickname"]):
                self.assertTrue(v["alive"], v)
                self.assertGreater(v["keys"], 0, v)
                self.assertGreater(v["inodes"], 0, v)
        # Every file and directory of the tree has its record somewhere.
        self.assertGreaterEqual(sum(v["keys"] for v in status["volcanos"]),
                                FILES + len(self.expected_dirs))
        # Any volcano tells the same topology.
        other = self.lava.status(via=self.VOLCANOS - 1)
        self.assertEqual(other["epoch"], status["epoch"])
        self.assertEqual([v["slice"] for v in other["volcanos"]],
                         [v["slice"] for v in status["volcanos"]])

    def test_volcanos_speak_from_their_own_addresses(self):
        # The tree's writes made every volcano call the others (steps at parents' owners,
        # hand-offs); the connections they keep open show where they come from.
        ports = {(v.address, p): v for v in self.lava.volcanos for p in (v.port, v.node_port)}
        out = subprocess.run(["ss", "-Htnp", "state", "established"], capture_output=True,
                             text=True, check=True).stdout
        seen = 0
        for v in self.lava.volcanos:
            for line in out.splitlines():
                fields = line.split()
                if "pid=%d," % v.proc.pid not in line or len(fields) < 4:
                    continue
                local, peer = fields[2].rsplit(":", 1), fields[3].rsplit(":", 1)
                callee = ports.get((peer[0], int(peer[1])))
                if callee is None or callee is v:
                    continue
                seen += 1
                self.assertEqual(local[0], v.address, "%s calls %s from %s" % (v.nickname, callee.nickname, local[0]))
        self.assertGreater(seen, 0, "no connection between volcanos:\n" + out)

    def test_same_tree_through_each_volcano(self):
        for i, v in enumerate(self.lava.volcanos):
            with self.subTest(volcano=v.nickname):
                m = self.mount if i == 0 else self.lava.mount(i)
                try:
                    found, dirs = read_tree(os.path.join(m.mountpoint, TREE))
                    self.assertEqual(dirs, self.expected_dirs)
                    self.assertEqual(len(found), FILES)
                    self.assertEqual(found, self.expected)
                finally:
                    if m is not self.mount:
                        m.unmount()

    def test_dht_describes_each_volcano_without_the_secret(self):
        status = self.lava.status()
        dht = os.path.join(self.mnt, ".dht")
        self.assertEqual(sorted(os.listdir(dht)), sorted(v.nickname for v in self.lava.volcanos))
        for v in status["volcanos"]:
            with self.subTest(volcano=v["nickname"]):
                with open(os.path.join(dht, v["nickname"]), "rb") as f:
                    text = f.read()
                self.assertNotIn(self.lava.secret.encode(), text)
                fields = dict(line.split(": ", 1) for line in text.decode().splitlines())
                self.assertEqual(fields["nickname"], v["nickname"])
                self.assertEqual(fields["address"], v["address"])
                self.assertEqual(int(fields["flare_port"]), v["flare_port"])
                self.assertEqual(int(fields["node_port"]), v["node_port"])
                self.assertEqual(fields["slice_start"], v["slice"]["start"])
                self.assertEqual(fields["slice_stop"], v["slice"]["stop"])
                self.assertEqual(int(fields["epoch"]), status["epoch"])

    def test_inspect_names_the_owners(self):
        status = self.lava.status()
        storage = {v.nickname: v.storage for v in self.lava.volcanos}
        data_holders = set()
        for rel, _ in tree_files(FILES)[::150]:
            lava_path = "/%s/%s" % (TREE, rel)
            with self.subTest(path=lava_path):
                got = self.inspect(lava_path)
                self.assertEqual(got["type"], "file")
                self.assertEqual(got["record_owner"]["nickname"], owner_of(status, path_key(lava_path)))
                parent = os.path.dirname(lava_path)
                self.assertEqual(got["parent"], parent)
                self.assertEqual(got["parent_owner"]["nickname"], owner_of(status, path_key(parent)))
                self.assertEqual(got["place"], got["id"])
                holder = got["inode_owner"]["nickname"]
                self.assertEqual(holder, owner_of(status, got["id"]))
                st = os.stat(os.path.join(self.mnt, lava_path[1:]))
                self.assertEqual(got["ino"], st.st_ino)
                self.assertEqual(got["size"], st.st_size)
                self.assertEqual(got["data_file"],
                                 "data/%s/%s/%s" % (got["id"][:2], got["id"][2:4], got["id"]))
                if st.st_size:
                    # The data is in the holder's storage directory, and only there.
                    for name, store in storage.items():
                        on_disk = os.path.join(store, got["data_file"])
                        self.assertEqual(os.path.exists(on_disk), name == holder, on_disk)
                    self.assertEqual(os.path.getsize(os.path.join(storage[holder], got["data_file"])),
                                     st.st_size)
                    data_holders.add(holder)
        self.assertGreater(len(data_holders), 1, "every sampled file's data is on one volcano")

    def test_inspect_a_directory_through_any_volcano(self):
        status = self.lava.status()
        lava_path = "/%s/d04/s02" % TREE
        answers = [self.inspect(lava_path, via=i) for i in range(self.VOLCANOS)]
        for got in answers:
            self.assertEqual(got, answers[0])
        got = answers[0]
        self.assertEqual(got["type"], "directory")
        self.assertEqual(got["place"], path_key(lava_path))
        self.assertEqual(got["inode_owner"], got["record_owner"])
        self.assertEqual(got["record_owner"]["nickname"], owner_of(status, path_key(lava_path)))
        self.assertIsNone(got["data_file"])
        self.assertEqual(got["ino"], os.stat(os.path.join(self.mnt, lava_path[1:])).st_ino)

    def test_inspect_of_a_missing_path_fails_in_one_line(self):
        done = subprocess.run([MAGMACTL, "-H", self.lava.volcanos[0].endpoint(), "-k", self.lava.secret, "inspect",
                               "/%s/no/such/file" % TREE], capture_output=True, text=True, timeout=60)
        self.assertNotEqual(done.returncode, 0)
        self.assertEqual(done.stdout, "")
        self.assertEqual(len(done.stderr.strip().splitlines()), 1, done.stderr)

    def test_statfs_sums_every_volcanos_storage(self):
        # All volcanos share this machine's disk: the lava's total is N times one's.
        one = os.statvfs(self.lava.volcanos[0].storage)
        one_total = one.f_blocks * one.f_frsize
        lava = os.statvfs(self.mnt)
        self.assertAlmostEqual(lava.f_blocks * lava.f_frsize, self.VOLCANOS * one_total,
                               delta=self.VOLCANOS * max(lava.f_frsize, one.f_frsize))
        status = self.lava.status()
        self.assertEqual(sum(v["storage_total"] for v in status["volcanos"]),
                         self.VOLCANOS * one_total)

    def inspect(self, lava_path, via=0):
        return json.loads(self.lava.magmactl("inspect", "--json", lava_path, via=via))


class FiveVolcanoLavaTest(ThreeVolcanoLavaTest):
    VOLCANOS = 5
    WRITTEN_BEFORE_JOINS = 0


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=420)
