// Tests of server/ops/node_entries: AddEntry, RemoveEntry, PutEntry and SetDying, each
// atomic at the directory's owner, with bad input and changed expectations.
#include <boost/test/unit_test.hpp>

#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;

struct EntriesFixture : test::ServiceFixture {
  EntriesFixture() : d(dir_at("/d")), f(sha1_key("flare f")), g(sha1_key("flare g")) {}

  Result<AddEntryResponse> add(const std::string& dir, const std::string& name, const FlareId& id,
                               FlareType type = FlareType::Regular) {
    return call(AddEntryRequest{dir, name, id, type});
  }
  // name → cookie of every entry of dir.
  std::map<std::string, uint64_t> cookies(const std::string& dir) {
    std::map<std::string, uint64_t> out;
    // The entries' flares need not exist: read the rows, not a listing.
    RowsResponse rows = must(call(ExportSubtreeRequest{dir, RowCursor{}, 100}));
    for (const EntryRow& e : rows.rows.entries)
      if (e.dir == dir) out[e.name] = e.cookie;
    return out;
  }
  FlareAttr dir_attr() { return must(getattr(d)).attr; }

  FlareId d, f, g;
};

BOOST_FIXTURE_TEST_SUITE(ops_node_entries, EntriesFixture)

BOOST_AUTO_TEST_CASE(add_entry_checks_its_input) {
  BOOST_TEST(add("d", "x", f).code() == Errc::Invalid);
  BOOST_TEST(add("/d/", "x", f).code() == Errc::Invalid);
  BOOST_TEST(add("/d", "", f).code() == Errc::Invalid);
  BOOST_TEST(add("/d", "a/b", f).code() == Errc::Invalid);
  BOOST_TEST(add("/d", "..", f).code() == Errc::Invalid);
  BOOST_TEST(add("/d", std::string(256, 'n'), f).code() == Errc::NameTooLong);
  BOOST_TEST(add("/d", "x", f, static_cast<FlareType>(0)).code() == Errc::Invalid);
  BOOST_TEST(cookies("/d").empty());
}

BOOST_AUTO_TEST_CASE(add_entry_is_atomic_with_its_checks) {
  file("/file");
  BOOST_TEST(add("/missing", "x", f).code() == Errc::NotFound);
  BOOST_TEST(add("/file", "x", f).code() == Errc::NotDir);
  FlareAttr before = dir_attr();
  BOOST_REQUIRE(add("/d", "x", f).is_ok());
  BOOST_TEST(add("/d", "x", g).code() == Errc::Exists);
  BOOST_REQUIRE(add("/d", "sub", g, FlareType::Directory).is_ok());
  FlareAttr after = dir_attr();
  BOOST_TEST(after.nlink == before.nlink + 1);  // the subdirectory's ".."
  BOOST_TEST(after.mtime_ns >= before.mtime_ns);
  auto c = cookies("/d");
  BOOST_REQUIRE(c.size() == 2u);
  BOOST_TEST(c["x"] < c["sub"]);
}

BOOST_AUTO_TEST_CASE(add_entry_answers_the_directory_group_for_setgid) {
  BOOST_REQUIRE(set_mode_and_group(d, 02770, 4321).is_ok());
  AddEntryResponse r = must(add("/d", "x", f));
  BOOST_TEST(r.dir_mode == 02770u);
  BOOST_TEST(r.dir_gid == 4321u);
}

BOOST_AUTO_TEST_CASE(remove_entry_removes_only_what_it_expects) {
  BOOST_REQUIRE(add("/d", "sub", f, FlareType::Directory).is_ok());
  uint32_t links = dir_attr().nlink;
  BOOST_TEST(call(RemoveEntryRequest{"/d", "none", f}).code() == Errc::NotFound);
  BOOST_TEST(call(RemoveEntryRequest{"/d", "sub", g}).code() == Errc::Stale);
  BOOST_TEST(cookies("/d").size() == 1u);
  BOOST_TEST(call(RemoveEntryRequest{"/d/", "sub", f}).code() == Errc::Invalid);
  NamedResponse removed = must(call(RemoveEntryRequest{"/d", "sub", f}));
  BOOST_TEST(removed.found);
  BOOST_TEST(removed.id == f);
  BOOST_TEST(removed.type == FlareType::Directory);
  BOOST_TEST(dir_attr().nlink == links - 1);
  BOOST_TEST(cookies("/d").empty());
}

BOOST_AUTO_TEST_CASE(put_entry_applies_only_to_what_it_expects) {
  BOOST_REQUIRE(add("/d", "x", f).is_ok());
  uint64_t cookie = cookies("/d")["x"];
  // Expecting nothing where there is something, or another flare: nothing changes.
  BOOST_TEST(call(PutEntryRequest{"/d", "x", g, FlareType::Regular, FlareId{}, false}).code() == Errc::Stale);
  BOOST_TEST(call(PutEntryRequest{"/d", "x", g, FlareType::Regular, g, false}).code() == Errc::Stale);
  BOOST_TEST(call(PutEntryRequest{"/d", "y", g, FlareType::Regular, f, false}).code() == Errc::Stale);
  BOOST_TEST(cookies("/d").size() == 1u);
  // An exchange keeps the cookie; a replacement is a new entry.
  NamedResponse was = must(call(PutEntryRequest{"/d", "x", g, FlareType::Regular, f, true}));
  BOOST_TEST(was.found);
  BOOST_TEST(was.id == f);
  BOOST_TEST(cookies("/d")["x"] == cookie);
  BOOST_REQUIRE(call(PutEntryRequest{"/d", "x", f, FlareType::Regular, g, false}).is_ok());
  BOOST_TEST(cookies("/d")["x"] > cookie);
  // Into nothing: a new name.
  BOOST_TEST(!must(call(PutEntryRequest{"/d", "y", g, FlareType::Regular, FlareId{}, false})).found);
  BOOST_TEST(cookies("/d").size() == 2u);
}

BOOST_AUTO_TEST_CASE(put_entry_follows_subdirectories_in_the_parent_links) {
  uint32_t links = dir_attr().nlink;
  BOOST_REQUIRE(call(PutEntryRequest{"/d", "s", f, FlareType::Directory, FlareId{}, false}).is_ok());
  BOOST_TEST(dir_attr().nlink == links + 1);
  BOOST_REQUIRE(call(PutEntryRequest{"/d", "s", g, FlareType::Regular, f, true}).is_ok());  // dir → file
  BOOST_TEST(dir_attr().nlink == links);
  BOOST_REQUIRE(call(PutEntryRequest{"/d", "s", f, FlareType::Directory, g, false}).is_ok());  // file → dir
  BOOST_TEST(dir_attr().nlink == links + 1);
  BOOST_REQUIRE(call(PutEntryRequest{"/d", "s", g, FlareType::Directory, f, false}).is_ok());  // dir → dir
  BOOST_TEST(dir_attr().nlink == links + 1);
  file("/file");
  BOOST_TEST(call(PutEntryRequest{"/file", "s", f, FlareType::Regular, FlareId{}, false}).code() == Errc::NotDir);
  BOOST_TEST(call(PutEntryRequest{"/none", "s", f, FlareType::Regular, FlareId{}, false}).code() == Errc::NotFound);
}

BOOST_AUTO_TEST_CASE(a_dying_directory_takes_no_entry) {
  BOOST_TEST(call(SetDyingRequest{"/d", g, true}).code() == Errc::Stale);  // its record names d
  BOOST_TEST(call(SetDyingRequest{"/", must(lookup("/")).entry.id, true}).code() == Errc::Invalid);
  file("/file");
  BOOST_TEST(call(SetDyingRequest{"/file", must(lookup("/file")).entry.id, true}).code() == Errc::NotDir);
  BOOST_REQUIRE(add("/d", "x", f).is_ok());
  BOOST_TEST(call(SetDyingRequest{"/d", d, true}).code() == Errc::NotEmpty);
  BOOST_REQUIRE(call(RemoveEntryRequest{"/d", "x", f}).is_ok());
  BOOST_REQUIRE(call(SetDyingRequest{"/d", d, true}).is_ok());
  BOOST_TEST(add("/d", "y", f).code() == Errc::NotFound);
  BOOST_TEST(call(PutEntryRequest{"/d", "y", f, FlareType::Regular, FlareId{}, false}).code() == Errc::NotFound);
  BOOST_TEST(mknod("/d/y").code() == Errc::NotFound);
  BOOST_REQUIRE(call(SetDyingRequest{"/d", d, false}).is_ok());
  BOOST_TEST(add("/d", "y", f).is_ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
