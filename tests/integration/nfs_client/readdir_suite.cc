// READDIR: every entry once across pages, the count limit honoured by each reply, cookies
// that stay valid while the directory changes between pages, NOTDIR.
#include <map>
#include <set>
#include <string>

#include "tests/integration/nfs_client/suite.h"

namespace magma::nfstest {

namespace {

constexpr uint32_t kPageBytes = 1024;
constexpr int kFiles = 60;
using Cookie = std::array<char, NFSCOOKIESIZE2>;

std::string entry_name(int i) {
  std::string n = "entry-" + std::to_string(1000 + i) + "-";
  return n + std::string(40, 'x');
}

// Bytes of a READDIR reply in XDR: status, entries, list end, eof.
size_t reply_size(const ReaddirReply& r) {
  size_t size = 4 + 4 + 4;
  for (const DirEntry& e : r.entries) size += 4 + 4 + 4 + (e.name.size() + 3) / 4 * 4 + 4;
  return size;
}

// Reads pages from cookie until eof or until pages are read; counts names seen.
struct Pager {
  Pager(Nfs2Client& n, const Fh& d, Tally& tally) : nfs(n), dir(d), t(tally) {}

  Nfs2Client& nfs;
  Fh dir;
  Tally& t;
  Cookie cookie{};
  bool eof = false;
  std::map<std::string, int> seen;
  bool oversized = false;

  bool page() {
    ReaddirReply r = nfs.readdir(dir, cookie, kPageBytes);
    if (!r.ok()) return t.status(r, 0, "READDIR page");
    if (reply_size(r) > kPageBytes) oversized = true;
    for (const DirEntry& e : r.entries) {
      if (e.name != "." && e.name != "..") ++seen[e.name];
      cookie = e.cookie;
    }
    eof = r.eof;
    return !r.entries.empty() || r.eof;
  }
  void rest() {
    for (int pages = 0; !eof && pages < 1000 && page(); ++pages) {
    }
  }
};

bool each_once(const std::map<std::string, int>& seen, const std::set<std::string>& expected, std::string& why) {
  for (const auto& [name, n] : seen)
    if (n != 1 || !expected.count(name)) why += name + "x" + std::to_string(n) + " ";
  for (const std::string& name : expected)
    if (!seen.count(name)) why += "missing " + name + " ";
  return why.empty();
}

void check_full_listing(Nfs2Client& nfs, const Fh& dir, const std::set<std::string>& names, Tally& t) {
  Pager p(nfs, dir, t);
  p.rest();
  t.check(p.eof, "READDIR reaches eof");
  std::string why;
  t.check(each_once(p.seen, names, why), "READDIR lists every entry once", why);
  t.check(!p.oversized, "every READDIR reply fits its count");
  ReaddirReply after = nfs.readdir(dir, p.cookie, kPageBytes);
  t.check(after.ok() && after.eof && after.entries.empty(), "READDIR from the last cookie: nothing more, eof");
}

// Between two pages, removes entries not listed yet and adds new ones: the next pages
// go on from the cookie without repeating or skipping the entries that stayed.
void check_cookies_survive_changes(Nfs2Client& nfs, const Fh& dir, std::set<std::string> names, Tally& t) {
  Pager p(nfs, dir, t);
  if (!p.page() || p.eof) {
    t.check(false, "READDIR: a first page short of eof", std::to_string(p.seen.size()) + " entries");
    return;
  }
  int removed = 0;
  for (auto it = names.begin(); it != names.end() && removed < 10;) {
    if (p.seen.count(*it) || !nfs.remove(dir, *it).ok()) {
      ++it;
      continue;
    }
    it = names.erase(it);
    ++removed;
  }
  t.check(removed == 10, "REMOVE 10 entries not listed yet");
  std::set<std::string> added;
  for (int i = 0; i < 10; ++i) {
    std::string name = "added-" + std::to_string(i);
    if (nfs.create(dir, name, with_mode(0644)).ok()) added.insert(name);
  }
  p.rest();
  std::set<std::string> allowed = names;
  allowed.insert(added.begin(), added.end());
  std::string why;
  for (const auto& [name, n] : p.seen)
    if (n != 1 || !allowed.count(name)) why += name + "x" + std::to_string(n) + " ";
  for (const std::string& name : names)
    if (!p.seen.count(name)) why += "skipped " + name + " ";
  t.check(p.eof && why.empty(), "cookies stay valid while the directory changes", why);
}

}  // namespace

void run_readdir_suite(const SuiteEnv& env, Tally& t) {
  auto c = connect(env, t);
  if (!c) return;
  std::optional<Fh> dir = work_dir(*c, env, t, "readdir");
  if (!dir) return;
  Nfs2Client& nfs = *c->nfs;
  std::set<std::string> names;
  for (int i = 0; i < kFiles; ++i)
    if (nfs.create(*dir, entry_name(i), with_mode(0644)).ok()) names.insert(entry_name(i));
  t.check(names.size() == kFiles, "CREATE the directory's entries", std::to_string(names.size()));
  check_full_listing(nfs, *dir, names, t);
  check_cookies_survive_changes(nfs, *dir, names, t);
  DirOpReply file = nfs.create(*dir, "plain", with_mode(0644));
  t.status(nfs.readdir(file.fh, Cookie{}, kPageBytes), NFS3ERR_NOTDIR, "READDIR a file");
}

}  // namespace magma::nfstest
