// Tests of tools/fsck_check.h: the cross-check of fsck on rows made by hand, a consistent
// lava of two volcanos and, from it, each leftover a crash can make.
#include "tools/fsck_check.h"

#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <map>

#include "libmagma/path.h"
#include "tests/unit/libmagma/test_print.h"

namespace magma::tools {
namespace {

// Two volcanos, "low" [min, 0x7fff..] and "high" [0x80.., max], and a namespace stored on
// them as the lava stores it.
class Model {
 public:
  Model() {
    VolcanoInfo low, high;
    low.nickname = "low";
    low.address = "127.0.0.1";
    high.nickname = "high";
    high.address = "127.0.0.2";
    high.slice.start.bytes[0] = 0x80;
    low.slice.stop.bytes[0] = 0x7f;
    topology.epoch = 2;
    topology.volcanos = {low, high};
    BOOST_REQUIRE(topology.validate().is_ok());
    root = add_dir("/");
  }

  VolcanoRows& on(const Key& key) {
    const VolcanoInfo& v = topology.owner_of(key);
    auto [it, fresh] = rows.try_emplace(v.nickname);
    if (fresh) it->second.volcano = v;
    return it->second;
  }

  FlareId mkdir(const std::string& path) {
    FlareId id = add_dir(path);
    name(path, id, FlareType::Directory);
    inode(parent_of(path)).nlink += 1;
    return id;
  }

  FlareId file(const std::string& path) {
    FlareId id = sha1_key("id:" + path);
    on(id).inodes.push_back(FsckInode{id, FlareType::Regular, 1, path, false});
    on(id).data.push_back(id);
    name(path, id, FlareType::Regular);
    return id;
  }

  void link(const FlareId& id, const std::string& path) {
    name(path, id, FlareType::Regular);
    inode(id).nlink += 1;
  }

  FsckInode& inode(const FlareId& id) {
    for (auto& [n, v] : rows)
      for (FsckInode& in : v.inodes)
        if (in.id == id) return in;
    BOOST_FAIL("no inode " + id.hex());
    throw 0;
  }
  FsckInode& inode(const std::string& dir_path) { return inode(sha1_key("id:" + dir_path)); }

  template <class Row, class Pred>
  static size_t erase(std::vector<Row>& rows, Pred pred) {
    return std::erase_if(rows, pred);
  }
  void drop_entry(const std::string& path) {
    size_t n = 0;
    for (auto& [nick, v] : rows)
      n += erase(v.entries, [&](const EntryRow& e) { return child_of(e) == path; });
    BOOST_REQUIRE(n == 1u);
  }
  void drop_record(const std::string& path) {
    size_t n = 0;
    for (auto& [nick, v] : rows) n += erase(v.records, [&](const RecordRow& r) { return r.path == path; });
    BOOST_REQUIRE(n == 1u);
  }
  void drop_inode(const FlareId& id) {
    size_t n = 0;
    for (auto& [nick, v] : rows) n += erase(v.inodes, [&](const FsckInode& in) { return in.id == id; });
    BOOST_REQUIRE(n == 1u);
  }

  std::vector<Problem> check() {
    std::vector<VolcanoRows> all;
    for (auto& [n, v] : rows) all.push_back(v);
    return check_lava(topology, all);
  }

  Topology topology;
  std::map<std::string, VolcanoRows> rows;
  FlareId root;

 private:
  static std::string child_of(const EntryRow& e) { return e.dir == "/" ? "/" + e.name : e.dir + "/" + e.name; }
  static std::string parent_of(const std::string& path) {
    std::string p = path.substr(0, path.rfind('/'));
    return p.empty() ? "/" : p;
  }
  FlareId add_dir(const std::string& path) {
    FlareId id = sha1_key("id:" + path);
    on(sha1_key(path)).inodes.push_back(FsckInode{id, FlareType::Directory, 2, path, false});
    on(sha1_key(path)).records.push_back(RecordRow{path, id, FlareType::Directory});
    return id;
  }
  void name(const std::string& path, const FlareId& id, FlareType type) {
    std::string dir = parent_of(path), leaf = path.substr(path.rfind('/') + 1);
    on(sha1_key(dir)).entries.push_back(EntryRow{dir, leaf, 0, id, type});
    if (type != FlareType::Directory) on(sha1_key(path)).records.push_back(RecordRow{path, id, type});
  }
};

// A lava with directories, files and a hard link spread over both volcanos.
struct Tree : Model {
  Tree() {
    mkdir("/a");
    mkdir("/a/b");
    f = file("/a/f");
    g = file("/a/b/g");
    link(g, "/h");
    for (int i = 0; i < 8; ++i) file("/a/b/n" + std::to_string(i));
  }
  FlareId f, g;
};

std::vector<ProblemKind> kinds(const std::vector<Problem>& problems) {
  std::vector<ProblemKind> out;
  for (const Problem& p : problems) out.push_back(p.kind);
  return out;
}

std::string all_text(const std::vector<Problem>& problems) {
  std::string s;
  for (const Problem& p : problems) s += p.text() + "\n";
  return s;
}

#define CHECK_KINDS(model, ...)                                                    \
  do {                                                                             \
    auto found_ = (model).check();                                                 \
    BOOST_TEST_INFO(all_text(found_));                                             \
    BOOST_TEST((kinds(found_) == std::vector<ProblemKind>{__VA_ARGS__}));          \
  } while (0)

using K = ProblemKind;

BOOST_AUTO_TEST_SUITE(tools_fsck_check)

BOOST_AUTO_TEST_CASE(a_consistent_lava_has_no_problem) {
  Tree t;
  BOOST_TEST(t.rows.size() == 2u);  // both volcanos hold rows
  BOOST_TEST(t.check().empty(), all_text(t.check()));
}

BOOST_AUTO_TEST_CASE(an_entry_whose_inode_is_gone_is_dropped_with_its_record) {
  Tree t;
  t.drop_inode(t.f);
  auto found = t.check();
  CHECK_KINDS(t, K::DanglingEntry, K::StrayRecord, K::StrayData);
  BOOST_REQUIRE(found[0].repair);
  BOOST_TEST(found[0].path == "/a/f");
  BOOST_TEST((found[0].repair->action == FsckAction::DropEntry));
  BOOST_TEST(found[0].repair->path == "/a");
  BOOST_TEST(found[0].repair->name == "f");
  BOOST_TEST(found[0].volcano == t.topology.owner_of(sha1_key("/a")).nickname);
  // Its data file has no inode beside it either.
  BOOST_TEST(found[2].repair->id == t.f);
}

BOOST_AUTO_TEST_CASE(a_create_cut_before_its_entry_leaves_an_orphan_and_its_record) {
  Tree t;
  t.drop_entry("/a/f");
  auto found = t.check();
  CHECK_KINDS(t, K::StrayRecord, K::Orphan);
  BOOST_TEST((found[1].repair->action == FsckAction::DropInode));
  BOOST_TEST(found[1].repair->expect_nlink == 1u);
  BOOST_TEST(found[1].volcano == t.topology.owner_of(t.f).nickname);
  BOOST_TEST((found[0].repair->action == FsckAction::DropRecord));
  BOOST_TEST(found[0].repair->id == t.f);
}

BOOST_AUTO_TEST_CASE(a_missing_record_is_rebuilt_from_its_entry) {
  Tree t;
  t.drop_record("/a/b/g");
  auto found = t.check();
  CHECK_KINDS(t, K::MissingRecord);
  BOOST_TEST((found[0].repair->action == FsckAction::PutRecord));
  BOOST_TEST(found[0].repair->id == t.g);
  BOOST_TEST(found[0].repair->expect == FlareId{});
  BOOST_TEST((found[0].repair->type == FlareType::Regular));
  BOOST_TEST(found[0].volcano == t.topology.owner_of(sha1_key("/a/b/g")).nickname);
}

BOOST_AUTO_TEST_CASE(link_counts_are_counted_from_the_entries) {
  Tree t;
  t.inode(t.g).nlink = 1;     // two entries name it
  t.inode("/a").nlink = 2;    // it has a subdirectory
  auto found = t.check();
  CHECK_KINDS(t, K::LinkCount, K::LinkCount);
  for (const Problem& p : found) BOOST_TEST((p.repair->action == FsckAction::SetLinks));
  BOOST_TEST(found[0].path == "/a");
  BOOST_TEST(found[0].repair->nlink == 3u);
  BOOST_TEST(found[1].repair->expect_nlink == 1u);
  BOOST_TEST(found[1].repair->nlink == 2u);
}

BOOST_AUTO_TEST_CASE(a_directory_walked_under_two_paths_counts_each_name_once) {
  Tree t;
  // A rename of /a/b to /c cut short: its entries copied below /c, its inode saying /c.
  std::vector<EntryRow> copies;
  for (auto& [nick, v] : t.rows)
    for (const EntryRow& e : v.entries)
      if (e.dir == "/a/b") copies.push_back(EntryRow{"/c", e.name, e.cookie, e.id, e.type});
  BOOST_REQUIRE(copies.size() == 9u);
  for (const EntryRow& e : copies) t.on(sha1_key("/c")).entries.push_back(e);
  t.inode("/a/b").path = "/c";
  auto found = t.check();
  std::vector<ProblemKind> k = kinds(found);
  BOOST_TEST(std::count(k.begin(), k.end(), K::PathMismatch) == 1);
  for (const Problem& p : found) BOOST_TEST((p.kind != K::LinkCount), p.text());
}

BOOST_AUTO_TEST_CASE(an_rmdir_cut_short_leaves_an_orphan_directory_and_a_dying_one) {
  Tree t;
  t.mkdir("/gone");
  t.drop_entry("/gone");
  t.inode("/a/b").dying = true;
  CHECK_KINDS(t, K::StrayRecord, K::Orphan, K::LinkCount, K::DyingDirectory);
}

BOOST_AUTO_TEST_CASE(an_unlisted_directory_takes_what_it_holds_with_it) {
  Tree t;
  t.drop_entry("/a/b");
  // /a/b, g's name in it and its files: g keeps its other name /h.
  auto found = t.check();
  size_t orphans = 0, unlisted = 0, stray = 0;
  for (const Problem& p : found) {
    orphans += p.kind == K::Orphan;
    unlisted += p.kind == K::UnlistedEntry;
    stray += p.kind == K::StrayRecord;
  }
  BOOST_TEST(orphans == 9u);    // /a/b and n0..n7
  BOOST_TEST(unlisted == 9u);   // g and n0..n7 in /a/b
  BOOST_TEST(stray == 10u);     // /a/b, /a/b/g, /a/b/n0..n7
  BOOST_TEST(all_text(found).find("link count: /a/b/g") != std::string::npos);  // g: one name left
}

BOOST_AUTO_TEST_CASE(a_data_file_without_its_inode_is_stray) {
  Tree t;
  FlareId lost = sha1_key("lost");
  t.on(lost).data.push_back(lost);
  auto found = t.check();
  CHECK_KINDS(t, K::StrayData);
  BOOST_TEST(found[0].repair->id == lost);
  BOOST_TEST(found[0].path.empty());
}

BOOST_AUTO_TEST_CASE(a_row_on_the_wrong_volcano_is_reported_not_repaired) {
  Tree t;
  VolcanoRows& owner = t.on(sha1_key("/a/f"));
  auto rec = std::find_if(owner.records.begin(), owner.records.end(), [](auto& r) { return r.path == "/a/f"; });
  RecordRow moved = *rec;
  owner.records.erase(rec);
  for (auto& [n, v] : t.rows)
    if (n != owner.volcano.nickname) v.records.push_back(moved);
  auto found = t.check();
  CHECK_KINDS(t, K::Misplaced);
  BOOST_TEST(!found[0].repair);
  BOOST_TEST(found[0].text().find("[not repaired by fsck]") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(without_a_root_nothing_else_is_judged) {
  Tree t;
  t.drop_inode(t.root);
  CHECK_KINDS(t, K::NoRoot);
}

BOOST_AUTO_TEST_CASE(open_unlinked_flares_are_not_orphans) {
  Tree t;
  t.drop_entry("/a/f");
  t.drop_record("/a/f");
  t.inode(t.f).nlink = 0;
  BOOST_TEST(t.check().empty(), all_text(t.check()));
}

BOOST_AUTO_TEST_CASE(only_problems_seen_twice_are_confirmed) {
  Tree a, b;
  a.drop_record("/a/f");
  a.drop_record("/h");
  b.drop_record("/h");
  auto both = confirmed(a.check(), b.check());
  BOOST_REQUIRE(both.size() == 1u);
  BOOST_TEST(both[0].path == "/h");
}

BOOST_AUTO_TEST_CASE(below_keeps_the_problems_of_a_subtree) {
  Tree t;
  t.drop_record("/a/f");
  t.drop_record("/h");
  t.drop_record("/a/b/n1");
  FlareId lost = sha1_key("lost");
  t.on(lost).data.push_back(lost);
  auto found = t.check();
  BOOST_TEST(below(found, "/").size() == 4u);
  BOOST_TEST(below(found, "/a").size() == 2u);
  BOOST_TEST(below(found, "/a/b").size() == 1u);
  BOOST_TEST(below(found, "/a/b/n").size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::tools
