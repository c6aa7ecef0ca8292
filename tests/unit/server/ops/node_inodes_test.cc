// Tests of server/ops/node_inodes: GetInodes, AddLinks, PutInode, DropInode and
// InheritGroup at the inode's owner.
#include <boost/test/unit_test.hpp>

#include "libmagma/path.h"

#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::data_file_exists;
using test::must;

InodeRow row_of(const FlareId& id, const std::string& path, FlareType type = FlareType::Regular) {
  InodeRow row;
  row.id = id;
  row.path = path;
  row.attr.type = type;
  row.attr.mode = 0600;
  row.attr.nlink = 1;
  row.xattrs.push_back(XattrRow{"user.a", test::bytes_of("1")});
  return row;
}

BOOST_FIXTURE_TEST_SUITE(ops_node_inodes, test::ServiceFixture)

BOOST_AUTO_TEST_CASE(get_inodes_answers_what_it_holds) {
  FlareId f = file("/f");
  BOOST_REQUIRE(write(f, 0, std::string(9000, 'x')).is_ok());
  FlareId d = dir_at("/d");
  FlareId gone = sha1_key("gone");
  GetInodesResponse r =
      must(call(GetInodesRequest{{InodeRef{f, {}}, InodeRef{d, sha1_key("/d")}, InodeRef{gone, {}}}}));
  BOOST_REQUIRE(r.found.size() == 2u);
  BOOST_TEST(r.moved.empty());  // a lava of one owns every key
  BOOST_TEST(r.found[0].id == f);
  BOOST_TEST(r.found[0].attr.size == 9000u);
  BOOST_TEST(r.found[0].attr.blocks > 0u);
  BOOST_TEST(r.found[0].attr.ino == ino_of(f));
  BOOST_TEST(r.found[1].attr.type == FlareType::Directory);
  GetInodesRequest too_many;
  too_many.refs.assign(kMaxRowsPerPage + 1, InodeRef{f, {}});
  BOOST_TEST(call(too_many).code() == Errc::Invalid);
  BOOST_TEST(must(call(GetInodesRequest{})).found.empty());
}

BOOST_AUTO_TEST_CASE(add_links_counts_checks_and_deletes) {
  FlareId f = file("/f");
  BOOST_REQUIRE(write(f, 0, "data").is_ok());
  BOOST_TEST(call(AddLinksRequest{f, {}, 2, false, {}}).code() == Errc::Invalid);
  BOOST_TEST(call(AddLinksRequest{f, {}, -2, false, {}}).code() == Errc::Invalid);
  BOOST_TEST(call(AddLinksRequest{f, {}, 0, false, "not/normalised/"}).code() == Errc::Invalid);
  BOOST_TEST(call(AddLinksRequest{sha1_key("gone"), {}, 1, false, {}}).code() == Errc::Stale);
  BOOST_TEST(call(AddLinksRequest{dir_at("/d"), {}, 1, true, {}}).code() == Errc::Perm);
  AddLinksResponse up = must(call(AddLinksRequest{f, {}, 1, true, {}}));
  BOOST_TEST(up.entry.attr.nlink == 2u);
  BOOST_TEST(!up.gone);
  BOOST_TEST(must(call(AddLinksRequest{f, {}, -1, false, {}})).entry.attr.nlink == 1u);
  BOOST_TEST(data_file_exists(dir, f));
  AddLinksResponse last = must(call(AddLinksRequest{f, {}, -1, false, {}}));
  BOOST_TEST(last.gone);
  BOOST_TEST(getattr(f).code() == Errc::Stale);
  BOOST_TEST(!data_file_exists(dir, f));
}

BOOST_AUTO_TEST_CASE(add_links_refuses_a_link_to_a_flare_without_a_name) {
  FlareId f = file("/f");
  BOOST_REQUIRE(call(OpenRequest{f, {}}).is_ok());
  AddLinksResponse dropped = must(call(AddLinksRequest{f, {}, -1, false, {}}));
  BOOST_TEST(dropped.gone);
  BOOST_TEST(must(getattr(f)).attr.nlink == 0u);  // kept open
  BOOST_TEST(call(AddLinksRequest{f, {}, 1, true, {}}).code() == Errc::NotFound);
}

BOOST_AUTO_TEST_CASE(put_inode_stores_a_new_inode_with_its_xattrs) {
  FlareId id = sha1_key("new");
  BOOST_REQUIRE(call(PutInodeRequest{row_of(id, "/n")}).is_ok());
  BOOST_TEST(must(getattr(id)).attr.mode == 0600u);
  BOOST_TEST(test::string_of(must(call(GetXattrRequest{id, {}, "user.a"})).value) == "1");
  BOOST_TEST(call(PutInodeRequest{row_of(id, "/n")}).code() == Errc::Exists);
}

BOOST_AUTO_TEST_CASE(put_inode_refuses_malformed_rows) {
  FlareId id = sha1_key("bad");
  InodeRow mode = row_of(id, "/b");
  mode.attr.mode = 0170000;
  InodeRow path = row_of(id, "b/");
  InodeRow type = row_of(id, "/b");
  type.attr.type = static_cast<FlareType>(42);
  InodeRow xattr = row_of(id, "/b");
  xattr.xattrs.push_back(XattrRow{"", {}});
  InodeRow target = row_of(id, "/b");
  target.target.assign(kMaxPathLength + 1, 't');
  for (const InodeRow& bad : {mode, path, type, xattr, target})
    BOOST_TEST(call(PutInodeRequest{bad}).code() == Errc::Invalid);
  BOOST_TEST(getattr(id).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(drop_inode_deletes_it_with_its_data_once) {
  FlareId id = sha1_key("undone");
  BOOST_REQUIRE(call(PutInodeRequest{row_of(id, "/u")}).is_ok());
  BOOST_REQUIRE(write(id, 0, "x").is_ok());
  BOOST_REQUIRE(call(DropInodeRequest{id, {}}).is_ok());
  BOOST_TEST(getattr(id).code() == Errc::Stale);
  BOOST_TEST(!data_file_exists(dir, id));
  BOOST_TEST(call(ListXattrRequest{id, {}}).code() == Errc::Stale);
  BOOST_TEST(call(DropInodeRequest{id, {}}).is_ok());
}

BOOST_AUTO_TEST_CASE(inherit_group_sets_the_group_and_setgid_of_directories_only) {
  FlareId f = file("/f");
  FlareId d = dir_at("/d");
  BOOST_REQUIRE(call(InheritGroupRequest{f, {}, 77, true}).is_ok());
  BOOST_REQUIRE(call(InheritGroupRequest{d, {}, 78, true}).is_ok());
  FlareAttr fa = must(getattr(f)).attr, da = must(getattr(d)).attr;
  BOOST_TEST(fa.gid == 77u);
  BOOST_TEST(fa.mode == 0644u);
  BOOST_TEST(da.gid == 78u);
  BOOST_TEST(da.mode == (02000u | 0755u));
  BOOST_TEST(call(InheritGroupRequest{sha1_key("gone"), {}, 1, false}).code() == Errc::Stale);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
