// Tests of acl/share_checks.h: names, roots and contradicting rules across a set of shares.
#include "acl/share_checks.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/unit/acl/acl_test_util.h"

namespace magma::acl {
namespace {

struct Case {
  std::vector<std::pair<std::string, std::string>> files;  // name, text, in load order
  std::string message;                                     // "" when the set is good
};

const std::vector<Case> kCases = {
    {{{"a.share", "name = a\npath = /a\n"}, {"b.share", "name = b\npath = /b\n"}}, ""},
    {{{"a.share", "name = a\npath = /\n"}, {"b.share", "name = b\npath = /b\n"}}, ""},  // nesting is fine
    {{{"a.share", "name = a\npath = /a\n"}, {"b.share", "path = /b\nname = a\n"}},
     "b.share:2: share name 'a' is already used by a.share"},
    {{{"a.share", "name = a\npath = /data\n"}, {"b.share", "name = b\n\npath = /data/\n"}},
     "b.share:3: share 'b' has the same path /data as share 'a' (a.share)"},
    {{{"a.share", "name = a\npath = /\nr /pub 10.0.0.0/8\nw /pub 10.1.0.0/255.0.0.0\n"}},
     "a.share:4: 'w /pub 10.1.0.0/255.0.0.0' contradicts line 3 ('r /pub 10.0.0.0/8') for 10.0.0.0/8 on /pub"},
    {{{"a.share", "name = a\npath = /\nw / 192.0.2.1\nn / twohomed\n"}},
     "a.share:4: 'n / twohomed' contradicts line 3 ('w / 192.0.2.1') for 192.0.2.1 on /"},
    {{{"a.share", "name = a\npath = /\nw / * \nr /x ::/0\nn /x all\n"}},
     "a.share:5: 'n /x all' contradicts line 4 ('r /x ::/0') for * on /x"},
    // Same subpath and network with the same letter: redundant, not contradictory.
    {{{"a.share", "name = a\npath = /\nw / 192.0.2.1\nw / gateway twohomed\n"}}, ""},
    // Same network on different subpaths, or nested networks on one: ordinary.
    {{{"a.share", "name = a\npath = /\nw / 10.0.0.0/8\nn /x 10.0.0.0/8\nr / 10.0.0.0/16\n"}}, ""},
};

std::ostream& operator<<(std::ostream& os, const Case& r) { return os << r.files.back().second; }

}  // namespace

BOOST_AUTO_TEST_SUITE(share_checks_test)

BOOST_DATA_TEST_CASE(sets_of_shares_are_checked_as_a_whole, test::bdata::make(kCases), row) {
  std::vector<Share> shares;
  for (const auto& [file, text] : row.files) shares.push_back(test::parse_ok(file, text));
  Status s = check_shares(shares);
  BOOST_TEST(s.message() == row.message);
  BOOST_TEST((s.code() == (row.message.empty() ? Errc::Ok : Errc::Invalid)));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::acl
