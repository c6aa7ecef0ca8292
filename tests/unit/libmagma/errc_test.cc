// Tests of libmagma/errc.h: the errno mapping of every Errc, wire values, Status, Result.
#include "libmagma/errc.h"

#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <set>
#include <string>
#include <vector>

#include "tests/unit/libmagma/test_print.h"

namespace magma {
namespace {

// Every Errc that has a name, found by walking the whole uint16_t range.
std::vector<Errc> all_errcs() {
  std::vector<Errc> out;
  for (uint32_t v = 0; v <= 0xffff; ++v) {
    Errc e = static_cast<Errc>(v);
    if (std::string(errc_name(e)) != "Unknown") out.push_back(e);
  }
  return out;
}

Status fails_with(Errc code) { return Status(code, "inner"); }

Status propagates(Errc code, bool* reached_end) {
  MAGMA_RETURN_IF_ERROR(fails_with(code));
  *reached_end = true;
  return Status::ok();
}

Result<int> half(int v) {
  if (v % 2) return Status(Errc::Invalid, "odd");
  return v / 2;
}

Status quarter(int v, int* out) {
  Result<int> h = half(v);
  MAGMA_RETURN_IF_ERROR(h);
  Result<int> q = half(*h);
  MAGMA_RETURN_IF_ERROR(q);
  *out = *q;
  return Status::ok();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(errc_test)

BOOST_AUTO_TEST_CASE(errcs_are_numbered_without_gaps) {
  auto all = all_errcs();
  BOOST_TEST_REQUIRE(all.size() > 20u);
  for (size_t i = 0; i < all.size(); ++i) BOOST_TEST(static_cast<size_t>(all[i]) == i);
  BOOST_TEST(all.front() == Errc::Ok);
}

BOOST_AUTO_TEST_CASE(errno_round_trip_for_every_errc) {
  std::set<int> errnos;
  for (Errc e : all_errcs()) {
    int err = to_errno(e);
    BOOST_TEST((e == Errc::Ok) == (err == 0), errc_name(e));
    BOOST_TEST(from_errno(err) == e, errc_name(e) << " -> errno " << err);
    errnos.insert(err);
  }
  // One errno per Errc, so the door never merges two errors.
  BOOST_TEST(errnos.size() == all_errcs().size());
}

BOOST_AUTO_TEST_CASE(known_errno_values) {
  BOOST_TEST(to_errno(Errc::NotFound) == ENOENT);
  BOOST_TEST(to_errno(Errc::Exists) == EEXIST);
  BOOST_TEST(to_errno(Errc::NotEmpty) == ENOTEMPTY);
  BOOST_TEST(to_errno(Errc::NameTooLong) == ENAMETOOLONG);
  BOOST_TEST(to_errno(Errc::Access) == EACCES);
  BOOST_TEST(to_errno(Errc::Perm) == EPERM);
  BOOST_TEST(to_errno(Errc::Io) == EIO);
  BOOST_TEST(to_errno(Errc::NoData) == ENODATA);
  BOOST_TEST(to_errno(Errc::Disconnected) == ENOTCONN);
}

BOOST_AUTO_TEST_CASE(from_errno_folds_and_defaults) {
  BOOST_TEST(from_errno(EDQUOT) == Errc::NoSpace);
  BOOST_TEST(from_errno(ECONNRESET) == Errc::Disconnected);
  BOOST_TEST(from_errno(EPIPE) == Errc::Disconnected);
  BOOST_TEST(from_errno(EXDEV) == Errc::Io);
  BOOST_TEST(from_errno(123456) == Errc::Io);
  BOOST_TEST(from_errno(-1) == Errc::Io);
}

BOOST_AUTO_TEST_CASE(wire_values) {
  for (Errc e : all_errcs()) BOOST_TEST(errc_from_wire(static_cast<uint16_t>(e)) == e);
  const uint16_t first_unknown = static_cast<uint16_t>(all_errcs().size());
  for (uint32_t v : {uint32_t(first_unknown), first_unknown + 1u, 1000u, 0x8000u, 0xffffu})
    BOOST_TEST(errc_from_wire(static_cast<uint16_t>(v)) == Errc::Protocol, v);
}

BOOST_AUTO_TEST_CASE(status_values) {
  Status ok;
  BOOST_TEST(ok.is_ok());
  BOOST_TEST(ok.code() == Errc::Ok);
  BOOST_TEST(ok.to_string() == "Ok");
  Status nf(Errc::NotFound, "/a/b does not exist");
  BOOST_TEST(!nf.is_ok());
  BOOST_TEST(nf.message() == "/a/b does not exist");
  BOOST_TEST(nf.to_string() == "NotFound: /a/b does not exist");
}

BOOST_AUTO_TEST_CASE(status_from_errno_keeps_the_error) {
  errno = ENOTEMPTY;
  Status s = Status::from_errno("rmdir /x");
  BOOST_TEST(s.code() == Errc::NotEmpty);
  BOOST_TEST(s.message().find("rmdir /x") == 0u);
  BOOST_TEST(s.message().size() > std::string("rmdir /x").size());
}

BOOST_AUTO_TEST_CASE(result_holds_value_or_error) {
  Result<std::string> v(std::string("x"));
  BOOST_TEST(v.is_ok());
  BOOST_TEST(static_cast<bool>(v));
  BOOST_TEST(*v == "x");
  BOOST_TEST(v->size() == 1u);
  BOOST_TEST(v.code() == Errc::Ok);
  Result<std::string> e(Errc::Stale, "gone");
  BOOST_TEST(!e.is_ok());
  BOOST_TEST(e.code() == Errc::Stale);
  BOOST_TEST(e.status().message() == "gone");
}

BOOST_AUTO_TEST_CASE(return_if_error_propagates) {
  bool reached = false;
  Status s = propagates(Errc::Busy, &reached);
  BOOST_TEST(s.code() == Errc::Busy);
  BOOST_TEST(s.message() == "inner");
  BOOST_TEST(!reached);
  BOOST_TEST(propagates(Errc::Ok, &reached).is_ok());
  BOOST_TEST(reached);
  int out = 0;
  BOOST_TEST(quarter(12, &out).is_ok());
  BOOST_TEST(out == 3);
  BOOST_TEST(quarter(6, &out).code() == Errc::Invalid);
  BOOST_TEST(quarter(5, &out).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
