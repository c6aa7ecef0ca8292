// Tests of server/ops/setattr: each field, "now" times, ctime, and truncation.
#include <boost/test/unit_test.hpp>
#include <limits>

#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;

SetAttrRequest setattr_of(const FlareId& id, uint32_t mask) {
  SetAttrRequest req;
  req.id = id;
  req.mask = mask;
  return req;
}

BOOST_FIXTURE_TEST_SUITE(ops_setattr, test::ServiceFixture)

BOOST_AUTO_TEST_CASE(mode_keeps_permission_bits_and_moves_ctime) {
  FlareId f = file("/f");
  FlareAttr before = must(getattr(f)).attr;
  SetAttrRequest req = setattr_of(f, kSetMode);
  req.mode = S_IFDIR | 04711;
  FlareAttr after = must(call(req)).attr;
  BOOST_TEST(after.mode == 04711u);
  BOOST_TEST(after.type == FlareType::Regular);
  BOOST_TEST(after.ctime_ns >= before.ctime_ns);
  BOOST_TEST(after.mtime_ns == before.mtime_ns);
  BOOST_TEST(attr_of("/f").mode == 04711u);
}

BOOST_AUTO_TEST_CASE(owner_and_group) {
  FlareId f = file("/f");
  SetAttrRequest req = setattr_of(f, kSetUid);
  req.uid = 7;
  req.gid = 8;  // not in the mask: ignored
  FlareAttr a = must(call(req)).attr;
  BOOST_TEST(a.uid == 7u);
  BOOST_TEST(a.gid == 100u);
  req.mask = kSetGid;
  a = must(call(req)).attr;
  BOOST_TEST(a.uid == 7u);
  BOOST_TEST(a.gid == 8u);
}

BOOST_AUTO_TEST_CASE(truncate_shrinks_then_extends_with_zeros) {
  FlareId f = file("/t");
  BOOST_REQUIRE(write(f, 0, "0123456789").is_ok());
  FlareAttr before = must(getattr(f)).attr;
  SetAttrRequest req = setattr_of(f, kSetSize);
  req.size = 4;
  FlareAttr a = must(call(req)).attr;
  BOOST_TEST(a.size == 4u);
  BOOST_TEST(a.mtime_ns >= before.mtime_ns);
  BOOST_TEST(a.ctime_ns >= before.ctime_ns);
  BOOST_TEST(contents(f) == "0123");
  req.size = 8;
  BOOST_TEST(must(call(req)).attr.size == 8u);
  BOOST_TEST(contents(f) == std::string("0123\0\0\0\0", 8));
  req.size = 0;
  BOOST_REQUIRE(call(req).is_ok());
  BOOST_TEST(contents(f).empty());
  req.size = 3;
  BOOST_REQUIRE(call(req).is_ok());
  BOOST_TEST(contents(f) == std::string(3, '\0'));
}

BOOST_AUTO_TEST_CASE(extending_a_never_written_file_reads_zeros) {
  FlareId f = file("/sparse");
  SetAttrRequest req = setattr_of(f, kSetSize);
  req.size = 1 << 20;
  BOOST_REQUIRE(call(req).is_ok());
  ReadResponse r = must(read(f, (1 << 20) - 100, 1000));
  BOOST_TEST(r.data.size() == 100u);
  BOOST_TEST((r.data == Bytes(100, 0)));
}

BOOST_AUTO_TEST_CASE(size_of_non_files) {
  FlareId d = dir_at("/d");
  FlareId s = must(call(SymlinkRequest{"/s", "t"})).entry.id;
  FlareId fifo = must(mknod("/p", FlareType::Fifo)).entry.id;
  SetAttrRequest req = setattr_of(d, kSetSize);
  BOOST_TEST(call(req).code() == Errc::IsDir);
  req.id = s;
  BOOST_TEST(call(req).code() == Errc::Invalid);
  req.id = fifo;
  BOOST_TEST(call(req).code() == Errc::Invalid);
  req.id = file("/big");
  req.size = uint64_t(std::numeric_limits<int64_t>::max()) + 1;
  BOOST_TEST(call(req).code() == Errc::TooBig);
  BOOST_TEST(attr_of("/big").size == 0u);
}

BOOST_AUTO_TEST_CASE(explicit_times) {
  FlareId f = file("/times");
  SetAttrRequest req = setattr_of(f, kSetAtime | kSetMtime);
  req.atime_ns = 1000000000123;
  req.mtime_ns = 2000000000456;
  int64_t before = now_ns();
  FlareAttr a = must(call(req)).attr;
  BOOST_TEST(a.atime_ns == 1000000000123);
  BOOST_TEST(a.mtime_ns == 2000000000456);
  BOOST_TEST(a.ctime_ns >= before);  // ctime cannot be set: it is the change's time
  req.mask = kSetAtime;
  req.atime_ns = 5;
  a = must(call(req)).attr;
  BOOST_TEST(a.atime_ns == 5);
  BOOST_TEST(a.mtime_ns == 2000000000456);
}

BOOST_AUTO_TEST_CASE(now_times) {
  FlareId f = file("/now");
  SetAttrRequest past = setattr_of(f, kSetAtime | kSetMtime);
  past.atime_ns = past.mtime_ns = 1;
  BOOST_REQUIRE(call(past).is_ok());
  int64_t before = now_ns();
  FlareAttr a = must(call(setattr_of(f, kSetAtimeNow))).attr;
  BOOST_TEST(a.atime_ns >= before);
  BOOST_TEST(a.mtime_ns == 1);
  a = must(call(setattr_of(f, kSetMtimeNow))).attr;
  BOOST_TEST(a.mtime_ns >= before);
  BOOST_TEST(a.mtime_ns <= now_ns());
}

BOOST_AUTO_TEST_CASE(explicit_mtime_wins_over_the_truncation_time) {
  FlareId f = file("/tm");
  SetAttrRequest req = setattr_of(f, kSetSize | kSetMtime);
  req.size = 3;
  req.mtime_ns = 77;
  FlareAttr a = must(call(req)).attr;
  BOOST_TEST(a.size == 3u);
  BOOST_TEST(a.mtime_ns == 77);
}

BOOST_AUTO_TEST_CASE(empty_mask_changes_nothing) {
  FlareId f = file("/same");
  FlareAttr before = must(getattr(f)).attr;
  FlareAttr after = must(call(setattr_of(f, 0))).attr;
  BOOST_TEST(after.ctime_ns == before.ctime_ns);
  BOOST_TEST(after.mtime_ns == before.mtime_ns);
}

BOOST_AUTO_TEST_CASE(errors) {
  BOOST_TEST(call(setattr_of(sha1_key("gone"), kSetMode)).code() == Errc::Stale);
  BOOST_TEST(call(setattr_of(file("/e"), 1u << 20)).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(directory_attributes) {
  FlareId d = dir_at("/dd");
  SetAttrRequest req = setattr_of(d, kSetMode | kSetUid);
  req.mode = 0700;
  req.uid = 3;
  FlareAttr a = must(call(req)).attr;
  BOOST_TEST(a.mode == 0700u);
  BOOST_TEST(a.uid == 3u);
  BOOST_TEST(a.nlink == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
