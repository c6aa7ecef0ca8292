"""Nested trees of files with known contents for the lava tests: build the list of
(relative path, bytes) once, write it below any directory, read a tree back as
{relative path: SHA-256}, and compute which volcano owns a path from `magmactl lava --json`
independently of the C++ code (SHA-1 of the path against the slices); grow a lava one
join at a time around a tree."""

import hashlib
import os
import random

from magma_fixture import JoinedLava, write_file


def tree_files(count, seed=1, fanout=(10, 10)):
    """count (relative path, bytes) pairs spread over fanout[0] x fanout[1] directories
    ("d03/s07/f00042"); sizes from 0 to 8 KiB, every 500th file 256 KiB. Deterministic."""
    rng = random.Random(seed)
    outer, inner = fanout
    files = []
    for i in range(count):
        d = i % (outer * inner)
        size = 256 << 10 if i % 500 == 499 else rng.randrange(0, 8 << 10)
        rel = os.path.join("d%02d" % (d // inner), "s%02d" % (d % inner), "f%05d" % i)
        files.append((rel, rng.randbytes(size)))
    return files


def write_tree(root, files):
    """Writes files below root, creating their directories."""
    made = set()
    for rel, data in files:
        parent = os.path.dirname(rel)
        if parent not in made:
            os.makedirs(os.path.join(root, parent), exist_ok=True)
            made.add(parent)
        write_file(os.path.join(root, rel), data)


def digests(files):
    """{relative path: SHA-256 hex} of (relative path, bytes) pairs."""
    return {rel: hashlib.sha256(data).hexdigest() for rel, data in files}


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_tree(root):
    """{relative path: SHA-256 hex} of every regular file below root, and the sorted list
    of every directory below it (relative)."""
    found, dirs = {}, []
    for dirpath, dirnames, filenames in os.walk(root):
        dirs += [os.path.relpath(os.path.join(dirpath, d), root) for d in dirnames]
        for name in filenames:
            path = os.path.join(dirpath, name)
            found[os.path.relpath(path, root)] = sha256_of(path)
    return found, sorted(dirs)


def dirs_of(files):
    """The sorted directories (and their ancestors) that files' relative paths need."""
    out = set()
    for rel, _ in files:
        parent = os.path.dirname(rel)
        while parent:
            out.add(parent)
            parent = os.path.dirname(parent)
    return sorted(out)


def path_key(lava_path):
    """The key of a path inside the lava: SHA-1 of its normalised bytes, as 40 hex digits."""
    return hashlib.sha1(lava_path.encode()).hexdigest()


def owner_of(status, key_hex):
    """The nickname of the volcano of `magmactl lava --json` output status whose slice
    holds key_hex (40 lowercase hex digits compare like the keys)."""
    for v in status["volcanos"]:
        if v["slice"]["start"] <= key_hex <= v["slice"]["stop"]:
            return v["nickname"]
    raise AssertionError("no slice holds %s: %s" % (key_hex, status))


def grow_lava(case, root_name, before, after=()):
    """For LavaTestCase class case: starts v1 alone, mounts it (case.mount, case.mnt),
    writes the files before below root_name, lets the other case.VOLCANOS - 1 volcanos
    join one by one (each join hands off part of a slice), then writes after."""
    case.lava = JoinedLava()
    try:
        case.lava.start(1)
        case.mount = case.lava.mount(0)
        case.mnt = case.mount.mountpoint
        root = os.path.join(case.mnt, root_name)
        write_tree(root, before)
        for _ in range(case.VOLCANOS - 1):
            case.lava.add_volcano()
        write_tree(root, after)
    except BaseException:
        case.tearDownClass()
        raise
