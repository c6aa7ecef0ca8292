// Tests of server/ops/xattr: user.* attributes with Linux's flags and errors.
#include <boost/test/unit_test.hpp>

#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::bytes_of;
using test::must;
using test::string_of;

class XattrFixture : public test::ServiceFixture {
 public:
  Result<EmptyResponse> set(const FlareId& id, const std::string& name, const std::string& value,
                            uint32_t flags = 0) {
    return call(SetXattrRequest{id, {}, name, bytes_of(value), flags});
  }
  Result<XattrValueResponse> get(const FlareId& id, const std::string& name) {
    return call(GetXattrRequest{id, {}, name});
  }
  Result<EmptyResponse> remove(const FlareId& id, const std::string& name) {
    return call(RemoveXattrRequest{id, {}, name});
  }
  std::vector<std::string> names(const FlareId& id) { return must(call(ListXattrRequest{id, {}})).names; }
};

BOOST_FIXTURE_TEST_SUITE(ops_xattr, XattrFixture)

BOOST_AUTO_TEST_CASE(set_get_list_remove) {
  FlareId f = file("/f");
  BOOST_TEST(names(f).empty());
  BOOST_REQUIRE(set(f, "user.b", "two").is_ok());
  BOOST_REQUIRE(set(f, "user.a", "").is_ok());
  BOOST_TEST(string_of(must(get(f, "user.b")).value) == "two");
  BOOST_TEST(must(get(f, "user.a")).value.empty());
  BOOST_TEST((names(f) == std::vector<std::string>{"user.a", "user.b"}));
  BOOST_REQUIRE(set(f, "user.b", "changed").is_ok());
  BOOST_TEST(string_of(must(get(f, "user.b")).value) == "changed");
  BOOST_REQUIRE(remove(f, "user.b").is_ok());
  BOOST_TEST(get(f, "user.b").code() == Errc::NoData);
  BOOST_TEST(remove(f, "user.b").code() == Errc::NoData);
  BOOST_TEST((names(f) == std::vector<std::string>{"user.a"}));
}

BOOST_AUTO_TEST_CASE(create_and_replace_flags) {
  FlareId f = file("/f");
  BOOST_TEST(set(f, "user.k", "v", kXattrReplace).code() == Errc::NoData);
  BOOST_TEST(set(f, "user.k", "v1", kXattrCreate).is_ok());
  BOOST_TEST(set(f, "user.k", "v2", kXattrCreate).code() == Errc::Exists);
  BOOST_TEST(string_of(must(get(f, "user.k")).value) == "v1");
  BOOST_TEST(set(f, "user.k", "v3", kXattrReplace).is_ok());
  BOOST_TEST(string_of(must(get(f, "user.k")).value) == "v3");
  BOOST_TEST(set(f, "user.k", "v4", kXattrCreate | kXattrReplace).code() == Errc::Invalid);
  BOOST_TEST(set(f, "user.k", "v4", 1u << 5).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(namespaces_and_limits) {
  FlareId f = file("/f");
  BOOST_TEST(set(f, "trusted.x", "v").code() == Errc::NotSupported);
  BOOST_TEST(set(f, "security.selinux", "v").code() == Errc::NotSupported);
  BOOST_TEST(get(f, "system.posix_acl_access").code() == Errc::NotSupported);
  BOOST_TEST(set(f, "noprefix", "v").code() == Errc::NotSupported);
  BOOST_TEST(set(f, "user.", "v").code() == Errc::Invalid);
  BOOST_TEST(set(f, "", "v").code() == Errc::Range);
  BOOST_TEST(set(f, "user." + std::string(251, 'n'), "v").code() == Errc::Range);
  BOOST_TEST(set(f, "user." + std::string(250, 'n'), "v").is_ok());
  BOOST_TEST(set(f, "user.big", std::string(kMaxXattrValue + 1, 'v')).code() == Errc::Range);
  BOOST_TEST(set(f, "user.big", std::string(kMaxXattrValue, 'v')).is_ok());
  BOOST_TEST(must(get(f, "user.big")).value.size() == kMaxXattrValue);
}

BOOST_AUTO_TEST_CASE(only_files_and_directories_hold_user_xattrs) {
  FlareId d = dir_at("/d");
  BOOST_TEST(set(d, "user.on-dir", "yes").is_ok());
  BOOST_TEST(string_of(must(get(d, "user.on-dir")).value) == "yes");
  FlareId s = must(call(SymlinkRequest{"/s", "t"})).entry.id;
  BOOST_TEST(set(s, "user.x", "v").code() == Errc::Perm);
  BOOST_TEST(get(s, "user.x").code() == Errc::NoData);
  BOOST_TEST(remove(s, "user.x").code() == Errc::Perm);
  BOOST_TEST(names(s).empty());
  FlareId fifo = must(mknod("/p", FlareType::Fifo)).entry.id;
  BOOST_TEST(set(fifo, "user.x", "v").code() == Errc::Perm);
}

BOOST_AUTO_TEST_CASE(unknown_flare_is_stale) {
  FlareId gone = sha1_key("gone");
  BOOST_TEST(set(gone, "user.x", "v").code() == Errc::Stale);
  BOOST_TEST(get(gone, "user.x").code() == Errc::Stale);
  BOOST_TEST(remove(gone, "user.x").code() == Errc::Stale);
  BOOST_TEST(call(ListXattrRequest{gone, {}}).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(changes_move_ctime) {
  FlareId f = file("/c");
  FlareAttr before = must(getattr(f)).attr;
  BOOST_REQUIRE(set(f, "user.x", "v").is_ok());
  FlareAttr mid = must(getattr(f)).attr;
  BOOST_TEST(mid.ctime_ns > before.ctime_ns);
  BOOST_TEST(mid.mtime_ns == before.mtime_ns);
  BOOST_REQUIRE(remove(f, "user.x").is_ok());
  BOOST_TEST(must(getattr(f)).attr.ctime_ns > mid.ctime_ns);
}

BOOST_AUTO_TEST_CASE(xattrs_follow_the_flare) {
  FlareId f = file("/a");
  BOOST_REQUIRE(set(f, "user.tag", "kept").is_ok());
  BOOST_REQUIRE(link(f, "/hard").is_ok());
  BOOST_REQUIRE(rename("/a", "/b").is_ok());
  BOOST_TEST(string_of(must(get(must(lookup("/hard")).entry.id, "user.tag")).value) == "kept");
  BOOST_TEST(string_of(must(get(must(lookup("/b")).entry.id, "user.tag")).value) == "kept");
  BOOST_REQUIRE(unlink("/b").is_ok());
  BOOST_REQUIRE(unlink("/hard").is_ok());
  FlareId again = file("/a");
  BOOST_TEST(names(again).empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
