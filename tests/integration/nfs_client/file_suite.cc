// Files: CREATE (and CREATE on an existing file), WRITE (3 KiB) and READ (8 KiB), short
// reads at the end, SETATTR of each field (-1 leaving it alone), GETATTR, LOOKUP, and the
// errors ISDIR, NOENT, NOTDIR, FBIG.
#include <string>

#include "tests/integration/nfs_client/suite.h"

namespace magma::nfstest {

namespace {

constexpr uint32_t kMaxData = NFSMAXDATA2;  // 8 KiB
constexpr uint32_t kThreeGiB = 3u << 30;

std::string attr_text(const fattr2& a) {
  return "type " + std::to_string(a.type) + " mode 0" + std::to_string(a.mode) + " uid " + std::to_string(a.uid) +
         " gid " + std::to_string(a.gid) + " size " + std::to_string(a.size) + " nlink " + std::to_string(a.nlink);
}

// Writes data in WRITEs as large as libnfs sends; false after a failed check.
bool write_all(Nfs2Client& nfs, const Fh& fh, const std::string& data, Tally& t) {
  for (size_t off = 0; off < data.size(); off += kMaxLibnfsWrite) {
    AttrReply w = nfs.write(fh, off, std::string_view(data).substr(off, kMaxLibnfsWrite));
    if (!w.ok()) return t.status(w, 0, "WRITE at " + std::to_string(off));
  }
  return true;
}

// Reads size bytes in 8 KiB READs.
std::string read_all(Nfs2Client& nfs, const Fh& fh, size_t size) {
  std::string out;
  while (out.size() < size) {
    ReadReply r = nfs.read(fh, out.size(), kMaxData);
    if (!r.ok() || r.data.empty()) break;
    out += r.data;
  }
  return out;
}

void check_create(Nfs2Client& nfs, const Fh& dir, const SuiteEnv& env, Tally& t) {
  DirOpReply made = nfs.create(dir, "created", with_mode(0640));
  t.status(made, 0, "CREATE");
  t.check(made.attr.type == NF2REG && (made.attr.mode & 07777) == 0640 && (made.attr.mode & kTypeBits) == 0100000 &&
              made.attr.uid == env.uid && made.attr.gid == env.gid && made.attr.size == 0 && made.attr.nlink == 1,
          "CREATE answers the new file's attributes", attr_text(made.attr));
  t.check(made.attr.fileid != 0 && made.attr.blocksize > 0, "fileid and blocksize are set", attr_text(made.attr));
  DirOpReply found = nfs.lookup(dir, "created");
  t.status(found, 0, "LOOKUP the new file");
  t.check(found.fh == made.fh && found.attr.fileid == made.attr.fileid, "LOOKUP answers CREATE's handle");
  t.status(nfs.write(made.fh, 0, "some bytes"), 0, "WRITE before a second CREATE");
  sattr2 empty = with_mode(0640);
  empty.size = 0;
  DirOpReply again = nfs.create(dir, "created", empty);
  t.status(again, 0, "CREATE on an existing file (size 0)");
  t.check(again.attr.fileid == made.attr.fileid && again.attr.size == 0,
          "CREATE on an existing file truncates the same file", attr_text(again.attr));
  DirOpReply subdir = nfs.mkdir(dir, "subdir", with_mode(0755));
  t.status(subdir, 0, "MKDIR for the error cases");
  t.status(nfs.read(subdir.fh, 0, 10), NFS3ERR_ISDIR, "READ a directory");
  t.status(nfs.write(subdir.fh, 0, "x"), NFS3ERR_ISDIR, "WRITE a directory");
  t.status(nfs.lookup(dir, "missing"), NFS3ERR_NOENT, "LOOKUP a missing name");
  t.status(nfs.lookup(made.fh, "below"), NFS3ERR_NOTDIR, "LOOKUP in a file");
  t.status(nfs.create(made.fh, "below", with_mode(0644)), NFS3ERR_NOTDIR, "CREATE in a file");
  t.status(nfs.getattr(subdir.fh), 0, "GETATTR a directory");
}

void check_data(Nfs2Client& nfs, const Fh& dir, Tally& t) {
  DirOpReply f = nfs.create(dir, "data", with_mode(0644));
  t.status(f, 0, "CREATE a data file");
  std::string data = pattern(100 * 1024 + 123, 7);
  if (!write_all(nfs, f.fh, data, t)) return;
  AttrReply attr = nfs.getattr(f.fh);
  t.status(attr, 0, "GETATTR after the writes");
  t.check(attr.attr.size == data.size(), "the size counts every byte written", attr_text(attr.attr));
  t.check(attr.attr.blocks * 512 >= data.size() || attr.attr.blocks * attr.attr.blocksize >= data.size(),
          "blocks cover the size", "blocks " + std::to_string(attr.attr.blocks));
  t.check(read_all(nfs, f.fh, data.size()) == data, "8 KiB READs give back what the WRITEs wrote");
  ReadReply tail = nfs.read(f.fh, data.size() - 100, kMaxData);
  t.status(tail, 0, "READ across the end");
  t.check(tail.data == data.substr(data.size() - 100), "a READ across the end is short",
          std::to_string(tail.data.size()) + " bytes");
  t.check(tail.attr.size == data.size(), "READ answers the attributes");
  ReadReply past = nfs.read(f.fh, data.size() + 10, 100);
  t.status(past, 0, "READ past the end");
  t.check(past.data.empty(), "a READ past the end is empty", std::to_string(past.data.size()) + " bytes");
  AttrReply hole = nfs.write(f.fh, 200000, "end");
  t.status(hole, 0, "WRITE past the end");
  t.check(hole.attr.size == 200003, "WRITE past the end grows the file", attr_text(hole.attr));
  ReadReply zeros = nfs.read(f.fh, data.size(), 64);
  t.check(zeros.ok() && zeros.data == std::string(64, '\0'), "the gap reads as zeros");
  t.status(nfs.write(f.fh, kThreeGiB, "x"), NFS3ERR_FBIG, "WRITE beyond 2 GiB");
}

void check_setattr(Nfs2Client& nfs, const Fh& dir, const SuiteEnv& env, Tally& t) {
  DirOpReply f = nfs.create(dir, "attrs", with_mode(0644));
  t.status(f, 0, "CREATE for SETATTR");
  t.check(write_all(nfs, f.fh, pattern(5000, 3), t), "WRITE for SETATTR");
  AttrReply same = nfs.setattr(f.fh, no_change());
  t.status(same, 0, "SETATTR with every field -1");
  t.check((same.attr.mode & 07777) == 0644 && same.attr.size == 5000 && same.attr.uid == env.uid &&
              same.attr.gid == env.gid,
          "-1 fields are left alone", attr_text(same.attr));
  AttrReply mode = nfs.setattr(f.fh, with_mode(0600));
  t.check(mode.ok() && (mode.attr.mode & 07777) == 0600 && mode.attr.size == 5000, "SETATTR mode",
          attr_text(mode.attr));
  sattr2 shrink = no_change();
  shrink.size = 10;
  AttrReply small = nfs.setattr(f.fh, shrink);
  t.check(small.ok() && small.attr.size == 10 && (small.attr.mode & 07777) == 0600, "SETATTR size (truncate)",
          attr_text(small.attr));
  shrink.size = 20000;
  AttrReply big = nfs.setattr(f.fh, shrink);
  t.check(big.ok() && big.attr.size == 20000, "SETATTR size (extend)", attr_text(big.attr));
  t.check(read_all(nfs, f.fh, 20000) == pattern(5000, 3).substr(0, 10) + std::string(19990, '\0'),
          "truncate then extend reads the kept bytes and zeros");
  sattr2 times = no_change();
  times.atime = {1000000000, 250000};
  times.mtime = {1200000000, 500000};
  AttrReply timed = nfs.setattr(f.fh, times);
  t.status(timed, 0, "SETATTR times");
  t.check(timed.attr.atime.seconds == 1000000000 && timed.attr.atime.nseconds == 250000 &&
              timed.attr.mtime.seconds == 1200000000 && timed.attr.mtime.nseconds == 500000,
          "times are kept to the microsecond",
          std::to_string(timed.attr.mtime.seconds) + "." + std::to_string(timed.attr.mtime.nseconds));
  sattr2 owner = no_change();
  owner.uid = env.uid;
  owner.gid = env.gid;
  t.status(nfs.setattr(f.fh, owner), 0, "SETATTR uid/gid to the owner's own");
  sattr2 huge = no_change();
  huge.size = kThreeGiB;
  t.status(nfs.setattr(f.fh, huge), NFS3ERR_FBIG, "SETATTR size beyond 2 GiB");
}

}  // namespace

void run_file_suite(const SuiteEnv& env, Tally& t) {
  auto c = connect(env, t);
  if (!c) return;
  t.status(c->nfs->null(), 0, "NFS NULL");
  std::optional<Fh> dir = work_dir(*c, env, t, "files");
  if (!dir) return;
  check_create(*c->nfs, *dir, env, t);
  check_data(*c->nfs, *dir, t);
  check_setattr(*c->nfs, *dir, env, t);
}

}  // namespace magma::nfstest
