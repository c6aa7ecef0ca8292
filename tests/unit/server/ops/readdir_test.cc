// Tests of server/ops/readdir: attributes, paging, and cookies that stay valid while the
// directory changes.
#include <boost/test/unit_test.hpp>
#include <map>
#include <set>

#include "tests/unit/server/ops/lava_ops_fixture.h"
#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;

BOOST_FIXTURE_TEST_SUITE(ops_readdir, test::ServiceFixture)

BOOST_AUTO_TEST_CASE(empty_directory) {
  dir_at("/e");
  ReadDirResponse r = must(call(ReadDirRequest{"/e", 0, 10}));
  BOOST_TEST(r.entries.empty());
  BOOST_TEST(r.eof);
}

BOOST_AUTO_TEST_CASE(entries_carry_full_attributes) {
  dir_at("/d");
  FlareId f = file("/d/f");
  BOOST_REQUIRE(write(f, 0, "12345").is_ok());
  FlareId s = must(call(SymlinkRequest{"/d/s", "target"})).entry.id;
  FlareId sub = dir_at("/d/sub");
  ReadDirResponse r = must(call(ReadDirRequest{"/d", 0, 10}));
  BOOST_TEST(r.eof);
  BOOST_REQUIRE(r.entries.size() == 3u);
  BOOST_TEST(r.entries[0].name == "f");
  BOOST_TEST(r.entries[0].entry.id == f);
  BOOST_TEST(r.entries[0].entry.attr.size == 5u);
  BOOST_TEST(r.entries[0].entry.attr.blocks > 0u);
  BOOST_TEST(r.entries[0].entry.attr.ino == ino_of(f));
  BOOST_TEST(r.entries[1].entry.id == s);
  BOOST_TEST(r.entries[1].entry.attr.type == FlareType::Symlink);
  BOOST_TEST(r.entries[2].entry.id == sub);
  BOOST_TEST(r.entries[2].entry.attr.nlink == 2u);
  BOOST_TEST(r.entries[0].cookie < r.entries[1].cookie);
  BOOST_TEST(r.entries[1].cookie < r.entries[2].cookie);
}

BOOST_AUTO_TEST_CASE(errors) {
  file("/f");
  BOOST_TEST(call(ReadDirRequest{"/f", 0, 10}).code() == Errc::NotDir);
  BOOST_TEST(call(ReadDirRequest{"/missing", 0, 10}).code() == Errc::NotFound);
  BOOST_TEST(call(ReadDirRequest{"/", 0, 0}).code() == Errc::Invalid);
  BOOST_TEST(call(ReadDirRequest{"rel", 0, 10}).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(eof_on_an_exactly_full_page) {
  dir_at("/d");
  for (int i = 0; i < 4; ++i) file("/d/" + std::to_string(i));
  ReadDirResponse first = must(call(ReadDirRequest{"/d", 0, 2}));
  BOOST_TEST(first.entries.size() == 2u);
  BOOST_TEST(!first.eof);
  ReadDirResponse second = must(call(ReadDirRequest{"/d", first.entries.back().cookie, 2}));
  BOOST_TEST(second.entries.size() == 2u);
  BOOST_TEST(second.eof);
  ReadDirResponse after = must(call(ReadDirRequest{"/d", second.entries.back().cookie, 2}));
  BOOST_TEST(after.entries.empty());
  BOOST_TEST(after.eof);
}

BOOST_AUTO_TEST_CASE(three_thousand_entries_in_pages_of_a_hundred) {
  dir_at("/big");
  std::set<std::string> created;
  for (int i = 0; i < 3000; ++i) {
    std::string name = "entry-" + std::to_string(i);
    file("/big/" + name);
    created.insert(name);
  }
  std::vector<std::string> listed = list("/big", 100);
  BOOST_TEST(listed.size() == 3000u);
  std::set<std::string> unique(listed.begin(), listed.end());
  BOOST_TEST(unique.size() == 3000u);  // no duplicates
  BOOST_TEST((unique == created));     // none missing
}

BOOST_AUTO_TEST_CASE(cookies_stay_valid_while_the_directory_changes) {
  dir_at("/live");
  for (int i = 0; i < 300; ++i) file("/live/n" + std::to_string(i));
  std::vector<std::string> seen;
  uint64_t cookie = 0;
  int page_no = 0;
  for (;;) {
    ReadDirResponse page = must(call(ReadDirRequest{"/live", cookie, 50}));
    for (const DirEntry& e : page.entries) seen.push_back(e.name);
    if (!page.entries.empty()) cookie = page.entries.back().cookie;
    if (page.eof) break;
    // Between pages: remove one entry already listed and one not yet listed, and add one.
    ++page_no;
    BOOST_REQUIRE(unlink("/live/n" + std::to_string(page_no * 50 - 1)).is_ok());
    BOOST_REQUIRE(unlink("/live/n" + std::to_string(299 - page_no)).is_ok());
    file("/live/added" + std::to_string(page_no));
  }
  std::set<std::string> unique(seen.begin(), seen.end());
  BOOST_TEST(unique.size() == seen.size());  // nothing listed twice
  // Every entry present from start to end was listed; removed-before-reached ones were not.
  for (int i = 0; i < 300; ++i) {
    std::string name = "n" + std::to_string(i);
    bool removed_early = i >= 299 - page_no && i <= 298;
    if (!removed_early) BOOST_TEST(unique.count(name) == 1u, name);
    else BOOST_TEST(unique.count(name) == 0u, name);
  }
  // Entries added during the listing come after every cookie handed out, so all show up.
  for (int p = 1; p <= page_no; ++p) BOOST_TEST(unique.count("added" + std::to_string(p)) == 1u);
}

BOOST_AUTO_TEST_CASE(max_entries_is_capped) {
  dir_at("/cap");
  for (int i = 0; i < 5000; ++i) file("/cap/" + std::to_string(i));
  ReadDirResponse r = must(call(ReadDirRequest{"/cap", 0, 100000}));
  BOOST_TEST(!r.eof);
  BOOST_TEST(r.entries.size() < 5000u);
  BOOST_TEST(list("/cap", 100000).size() == 5000u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(ops_readdir_across_volcanos, test::LavaOpsFixture)

BOOST_AUTO_TEST_CASE(attributes_come_from_every_volcano) {
  std::string d = path_on(2, "/", "d");
  dir_at(d);
  std::map<std::string, uint64_t> sizes;
  for (int i = 0; i < 30; ++i) {
    std::string name = "f" + std::to_string(i);
    FlareId id = file(d + "/" + name);
    BOOST_REQUIRE(write(id, 0, std::string(100 + i, 'x')).is_ok());
    sizes[name] = 100 + i;
  }
  dir_at(path_on(0, d, "sub"));
  std::set<size_t> owners;
  for (const auto& [name, size] : sizes) owners.insert(owner_of_path(d + "/" + name));
  BOOST_REQUIRE(owners.size() == 3u);  // the files' inodes live on every volcano
  from_each_volcano([&] {
    std::map<std::string, uint64_t> listed;
    uint64_t cookie = 0;
    for (;;) {
      ReadDirResponse page = must(call(ReadDirRequest{d, cookie, 7}));
      for (const DirEntry& e : page.entries) {
        if (e.entry.attr.type == FlareType::Directory) {
          BOOST_TEST(e.entry.attr.nlink == 2u);
          continue;
        }
        listed[e.name] = e.entry.attr.size;
        BOOST_TEST(e.entry.attr.blocks > 0u);
        BOOST_TEST(e.entry.attr.ino == ino_of(e.entry.id));
      }
      if (!page.entries.empty()) cookie = page.entries.back().cookie;
      if (page.eof) break;
    }
    BOOST_TEST((listed == sizes));
  });
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
