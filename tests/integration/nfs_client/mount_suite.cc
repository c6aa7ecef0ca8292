// MOUNT v1: NULL, MNT (success, a subdirectory, each errno), DUMP after MNT, UMNT and
// UMNTALL, EXPORT.
#include <algorithm>
#include <cerrno>

#include "tests/integration/nfs_client/suite.h"

namespace magma::nfstest {

namespace {

bool listed(const DumpReply& dump, const std::string& path) {
  return std::any_of(dump.mounts.begin(), dump.mounts.end(), [&](const auto& m) { return m.second == path; });
}

std::string describe(const DumpReply& dump) {
  std::string out;
  for (const auto& [host, path] : dump.mounts) out += host + ":" + path + " ";
  return out.empty() ? "(empty)" : out;
}

void check_errors(Connection& c, const std::string& dir, const Fh& root, Tally& t) {
  t.status(c.mount->mnt(dir + "/no-such-dir"), ENOENT, "MNT a missing path");
  DirOpReply file = c.nfs->create(root, "file", with_mode(0644));
  t.status(file, 0, "CREATE a file to mount");
  t.status(c.mount->mnt(dir + "/mount/file"), ENOTDIR, "MNT a regular file");
  t.status(c.mount->mnt(dir + "/mount/file/below"), ENOTDIR, "MNT a path below a regular file");
  t.status(c.mount->mnt("relative/path"), EINVAL, "MNT a relative path");
  t.status(c.mount->mnt(dir + "/mount/../mount"), 0, "MNT a path with '..' inside the export");
}

void check_table(Connection& c, const std::string& dir, Tally& t) {
  std::string sub = dir + "/mount";
  t.status(c.mount->umntall(), 0, "UMNTALL (a clean start)");
  t.status(c.mount->mnt(dir), 0, "MNT the directory");
  t.status(c.mount->mnt(sub), 0, "MNT a subdirectory");
  DumpReply dump = c.mount->dump();
  t.status(dump, 0, "DUMP");
  t.check(listed(dump, dir) && listed(dump, sub), "DUMP lists both mounts", describe(dump));
  t.check(std::all_of(dump.mounts.begin(), dump.mounts.end(), [](const auto& m) { return !m.first.empty(); }),
          "DUMP names the host of each mount", describe(dump));
  t.status(c.mount->mnt(dir), 0, "MNT the directory again");
  dump = c.mount->dump();
  t.check(std::count_if(dump.mounts.begin(), dump.mounts.end(), [&](const auto& m) { return m.second == dir; }) == 1,
          "a second MNT keeps one entry", describe(dump));
  t.status(c.mount->umnt(sub), 0, "UMNT the subdirectory");
  dump = c.mount->dump();
  t.check(listed(dump, dir) && !listed(dump, sub), "DUMP after UMNT", describe(dump));
  t.status(c.mount->umnt(sub), 0, "UMNT what is not mounted (void all the same)");
  t.status(c.mount->umntall(), 0, "UMNTALL");
  dump = c.mount->dump();
  t.check(!listed(dump, dir) && !listed(dump, sub), "DUMP after UMNTALL", describe(dump));
}

void check_exports(Connection& c, Tally& t) {
  ExportReply exports = c.mount->exports();
  t.status(exports, 0, "EXPORT");
  auto root = std::find_if(exports.exports.begin(), exports.exports.end(), [](const auto& e) { return e.first == "/"; });
  if (!t.check(root != exports.exports.end(), "EXPORT lists /", std::to_string(exports.exports.size()) + " exports"))
    return;
  t.check(root->second == std::vector<std::string>{"*"}, "/ is exported to everyone (*)",
          root->second.empty() ? "no groups" : root->second.front());
}

}  // namespace

void run_mount_suite(const SuiteEnv& env, Tally& t) {
  auto c = connect(env, t);
  if (!c) return;
  t.status(c->mount->null(), 0, "MOUNT NULL");
  std::optional<Fh> work = work_dir(*c, env, t, "mount");
  if (!work) return;
  MntReply mounted = c->mount->mnt(env.dir + "/mount");
  t.status(mounted, 0, "MNT a directory below the export");
  AttrReply attr = c->nfs->getattr(mounted.fh);
  t.status(attr, 0, "GETATTR on the mounted handle");
  t.check(attr.attr.type == NF2DIR, "the mounted handle is a directory");
  t.check(mounted.fh == *work, "MNT answers the handle MKDIR gave");
  MntReply root = c->mount->mnt("/");
  t.status(root, 0, "MNT /");
  check_errors(*c, env.dir, *work, t);
  check_table(*c, env.dir, t);
  check_exports(*c, t);
}

}  // namespace magma::nfstest
