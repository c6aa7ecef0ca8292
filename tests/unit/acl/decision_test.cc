// Tests of acl/decision.h: what a door answers for a decision and a wanted access.
#include "acl/decision.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/unit/acl/acl_test_util.h"

namespace magma::acl {
namespace {

Share share(bool read_only) {
  Share s;
  s.name = "home";
  s.read_only = read_only;
  return s;
}

Rule rule(Access access, int line, std::string text) {
  return {access, "/", IpPrefix(), "*", "home.share", line, std::move(text)};
}

const Share kHome = share(false);
const Share kReadOnly = share(true);
const Rule kW = rule(Access::Write, 7, "w / *");
const Rule kR = rule(Access::Read, 8, "r / *");
const Rule kN = rule(Access::None, 9, "n / *");

struct Case {
  Decision decision;
  Access wanted;
  Errc code;
  std::string message;
};

const std::vector<Case> kCases = {
    {{Access::Write, &kHome, &kW}, Access::Write, Errc::Ok, ""},
    {{Access::Write, &kHome, &kW}, Access::Read, Errc::Ok, ""},  // w implies r
    {{Access::Read, &kHome, &kR}, Access::Read, Errc::Ok, ""},
    {{Access::Read, &kHome, &kR}, Access::Write, Errc::ReadOnly, "rule home.share:8 (r / *)"},
    {{Access::Read, &kReadOnly, &kW}, Access::Write, Errc::ReadOnly, "rule home.share:7 (w / *), read-only share"},
    {{Access::None, &kHome, &kN}, Access::Read, Errc::Access, "rule home.share:9 (n / *)"},
    {{Access::None, &kHome, &kN}, Access::Write, Errc::Access, "rule home.share:9 (n / *)"},
    {{Access::None, &kHome, nullptr}, Access::Read, Errc::Access, "no rule of share 'home' matches"},
    {{}, Access::Read, Errc::Access, "no share contains the path"},
    {{}, Access::None, Errc::Ok, ""},
};

std::ostream& operator<<(std::ostream& os, const Case& c) {
  return os << decision_reason(c.decision) << ", wanted " << access_letter(c.wanted);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(decision_test)

BOOST_DATA_TEST_CASE(doors_answer_ok_eacces_or_erofs, test::bdata::make(kCases), row) {
  Status s = check_access(row.decision, row.wanted);
  BOOST_TEST(s.code() == row.code);
  BOOST_TEST(s.message() == row.message);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::acl
