// Names: MKDIR, RMDIR, REMOVE, RENAME (a file's handle survives it), LINK, SYMLINK,
// READLINK, STATFS, and the errors EXIST, NOENT, NOTDIR, ISDIR, NOTEMPTY, NAMETOOLONG.
#include <string>

#include "tests/integration/nfs_client/suite.h"

namespace magma::nfstest {

namespace {

void check_dirs(Nfs2Client& nfs, const Fh& dir, Tally& t) {
  DirOpReply d = nfs.mkdir(dir, "d", with_mode(0750));
  t.status(d, 0, "MKDIR");
  t.check(d.attr.type == NF2DIR && (d.attr.mode & 07777) == 0750 && (d.attr.mode & kTypeBits) == 040000 &&
              d.attr.nlink >= 2,
          "MKDIR answers the directory's attributes", "mode 0" + std::to_string(d.attr.mode));
  t.status(nfs.mkdir(dir, "d", with_mode(0750)), NFS3ERR_EXIST, "MKDIR an existing name");
  t.status(nfs.create(d.fh, "inside", with_mode(0644)), 0, "CREATE inside it");
  t.status(nfs.rmdir(dir, "d"), NFS3ERR_NOTEMPTY, "RMDIR a directory that holds a file");
  t.status(nfs.rmdir(d.fh, "inside"), NFS3ERR_NOTDIR, "RMDIR a file");
  t.status(nfs.remove(dir, "d"), NFS3ERR_ISDIR, "REMOVE a directory");
  t.status(nfs.remove(d.fh, "inside"), 0, "REMOVE");
  t.status(nfs.lookup(d.fh, "inside"), NFS3ERR_NOENT, "LOOKUP what REMOVE removed");
  t.status(nfs.remove(d.fh, "inside"), NFS3ERR_NOENT, "REMOVE a missing name");
  t.status(nfs.rmdir(dir, "d"), 0, "RMDIR");
  t.status(nfs.rmdir(dir, "d"), NFS3ERR_NOENT, "RMDIR a missing name");
  t.status(nfs.getattr(d.fh), NFS3ERR_STALE, "GETATTR a removed directory's handle");
  t.status(nfs.mkdir(dir, std::string(255, 'n'), with_mode(0755)), 0, "MKDIR a 255-byte name");
}

// Nests 255-byte names until the path passes 4095 bytes.
void check_long_paths(Nfs2Client& nfs, const Fh& dir, Tally& t) {
  std::string name(255, 'p');
  Fh at = dir;
  for (int depth = 0; depth < 20; ++depth) {
    DirOpReply next = nfs.mkdir(at, name, with_mode(0755));
    if (next.ok()) {
      at = next.fh;
      continue;
    }
    t.status(next, NFS3ERR_NAMETOOLONG, "MKDIR past the longest path");
    t.check(depth >= 14, "paths up to 4095 bytes are fine", "failed at depth " + std::to_string(depth));
    return;
  }
  t.check(false, "MKDIR past the longest path fails", "20 levels of 255 bytes made");
}

void check_rename(Nfs2Client& nfs, const Fh& dir, Tally& t) {
  DirOpReply f = nfs.create(dir, "before", with_mode(0644));
  t.status(f, 0, "CREATE to rename");
  t.status(nfs.write(f.fh, 0, "renamed data"), 0, "WRITE to rename");
  DirOpReply to = nfs.mkdir(dir, "to", with_mode(0755));
  t.status(nfs.rename(dir, "before", to.fh, "after"), 0, "RENAME into another directory");
  t.status(nfs.lookup(dir, "before"), NFS3ERR_NOENT, "the old name is gone");
  DirOpReply after = nfs.lookup(to.fh, "after");
  t.check(after.ok() && after.attr.fileid == f.attr.fileid, "the new name is the same file");
  ReadReply r = nfs.read(f.fh, 0, 100);
  t.check(r.ok() && r.data == "renamed data", "a file's handle reads it after a RENAME", r.rpc_error);
  t.status(nfs.rename(dir, "missing", dir, "x"), NFS3ERR_NOENT, "RENAME a missing name");
  Reply into = nfs.rename(dir, "to", to.fh, "x");
  t.check(into.rpc_error.empty() && into.status != 0, "RENAME a directory into itself is refused",
          "status " + std::to_string(into.status));
  DirOpReply full = nfs.mkdir(dir, "full", with_mode(0755));
  t.status(nfs.create(full.fh, "f", with_mode(0644)), 0, "CREATE in a directory to rename over");
  t.status(nfs.mkdir(dir, "empty", with_mode(0755)), 0, "MKDIR an empty directory");
  Reply over = nfs.rename(dir, "empty", dir, "full");
  t.check(over.rpc_error.empty() && (over.status == NFS3ERR_NOTEMPTY || over.status == NFS3ERR_EXIST),
          "RENAME over a non-empty directory -> NOTEMPTY or EXIST", "status " + std::to_string(over.status));
  t.status(nfs.rename(to.fh, "after", dir, "full"), NFS3ERR_ISDIR, "RENAME a file over a directory");
  t.status(nfs.rename(dir, "empty", to.fh, "after"), NFS3ERR_NOTDIR, "RENAME a directory over a file");
}

void check_links(Nfs2Client& nfs, const Fh& dir, Tally& t) {
  DirOpReply f = nfs.create(dir, "original", with_mode(0644));
  t.status(nfs.write(f.fh, 0, "linked"), 0, "WRITE to link");
  t.status(nfs.link(f.fh, dir, "hard"), 0, "LINK");
  DirOpReply hard = nfs.lookup(dir, "hard");
  t.check(hard.ok() && hard.attr.fileid == f.attr.fileid && hard.attr.nlink == 2, "LINK: one file, two names",
          "nlink " + std::to_string(hard.attr.nlink));
  ReadReply r = nfs.read(hard.fh, 0, 100);
  t.check(r.ok() && r.data == "linked", "the link reads the file's data");
  t.status(nfs.link(f.fh, dir, "hard"), NFS3ERR_EXIST, "LINK to an existing name");
  DirOpReply sub = nfs.mkdir(dir, "linkdir", with_mode(0755));
  Reply dir_link = nfs.link(sub.fh, dir, "dirlink");
  t.check(dir_link.rpc_error.empty() && dir_link.status != 0, "LINK a directory is refused",
          "status " + std::to_string(dir_link.status));
  t.status(nfs.remove(dir, "original"), 0, "REMOVE one name of two");
  AttrReply left = nfs.getattr(hard.fh);
  t.check(left.ok() && left.attr.nlink == 1, "the other name keeps the file", "nlink " + std::to_string(left.attr.nlink));
  t.status(nfs.symlink(dir, "sym", "some/where/else", with_mode(0777)), 0, "SYMLINK");
  DirOpReply sym = nfs.lookup(dir, "sym");
  t.check(sym.ok() && sym.attr.type == NF2LNK && (sym.attr.mode & kTypeBits) == 0120000, "LOOKUP finds a symlink");
  ReadlinkReply target = nfs.readlink(sym.fh);
  t.status(target, 0, "READLINK");
  t.check(target.target == "some/where/else", "READLINK answers the target", target.target);
  t.status(nfs.symlink(dir, "sym", "other", with_mode(0777)), NFS3ERR_EXIST, "SYMLINK an existing name");
  ReadlinkReply not_link = nfs.readlink(hard.fh);
  t.check(not_link.rpc_error.empty() && not_link.status != 0, "READLINK a regular file is refused",
          "status " + std::to_string(not_link.status));
}

void check_statfs(Nfs2Client& nfs, const Fh& dir, Tally& t) {
  StatfsReply fs = nfs.statfs(dir);
  t.status(fs, 0, "STATFS");
  t.check(fs.fs.tsize >= 8192 && fs.fs.bsize > 0 && fs.fs.blocks > 0 && fs.fs.bfree <= fs.fs.blocks &&
              fs.fs.bavail <= fs.fs.blocks,
          "STATFS sizes are consistent",
          "tsize " + std::to_string(fs.fs.tsize) + " bsize " + std::to_string(fs.fs.bsize) + " blocks " +
              std::to_string(fs.fs.blocks) + " bfree " + std::to_string(fs.fs.bfree));
}

}  // namespace

void run_namespace_suite(const SuiteEnv& env, Tally& t) {
  auto c = connect(env, t);
  if (!c) return;
  std::optional<Fh> dir = work_dir(*c, env, t, "names");
  if (!dir) return;
  check_dirs(*c->nfs, *dir, t);
  check_long_paths(*c->nfs, *dir, t);
  check_rename(*c->nfs, *dir, t);
  check_links(*c->nfs, *dir, t);
  check_statfs(*c->nfs, *dir, t);
}

}  // namespace magma::nfstest
