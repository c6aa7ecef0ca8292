// Helpers shared by the acl tests: addresses from text, a resolver that knows a few fixed
// names, shares and Acls from text, a temporary share directory, and how Boost.Test prints
// acl values. The tables run as data test cases: each row counts as a test case of its own.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "acl/access.h"
#include "acl/acl.h"
#include "acl/rule_address.h"
#include "acl/share_parser.h"
#include "tests/unit/libmagma/test_print.h"
#include "tests/unit/temp_dir.h"

namespace magma::acl {

inline std::ostream& boost_test_print_type(std::ostream& os, Access a) { return os << access_letter(a); }

namespace test {

namespace bdata = boost::unit_test::data;

// r's error for a failed assertion's message.
template <class T>
std::string why(const Result<T>& r) {
  return r.status().to_string();
}

inline boost::asio::ip::address ip(const std::string& text) { return boost::asio::ip::make_address(text); }

// Knows "twohomed" (192.0.2.1 and 2001:db8::1), "gateway" (192.0.2.1),
// "ann-laptop.example.org" (192.0.2.44) and "nowhere" (no address); any other name fails as
// an unresolvable one does.
inline Result<std::vector<boost::asio::ip::address>> fake_resolve(const std::string& host) {
  static const std::map<std::string, std::vector<std::string>> known = {
      {"twohomed", {"192.0.2.1", "2001:db8::1"}},
      {"gateway", {"192.0.2.1"}},
      {"ann-laptop.example.org", {"192.0.2.44"}},  // in etc/shares.d/example.share
      {"nowhere", {}}};
  auto it = known.find(host);
  if (it == known.end()) return Status(Errc::Invalid, "cannot resolve host '" + host + "': unknown");
  std::vector<boost::asio::ip::address> out;
  for (const auto& a : it->second) out.push_back(ip(a));
  return out;
}

// A resolver that fails the test when called: for texts that must never be looked up.
inline Result<std::vector<boost::asio::ip::address>> no_resolve(const std::string& host) {
  BOOST_ERROR("resolver called for '" << host << "'");
  return Status(Errc::Invalid, "resolver called");
}

// The share text describes, its names resolved by fake_resolve; fails the test when text is bad.
inline Share parse_ok(const std::string& file, const std::string& text) {
  auto share = parse_share(text, file, fake_resolve);
  BOOST_TEST_REQUIRE(share.is_ok(), why(share));
  return std::move(*share);
}

// The Acl of files, (file name, text) pairs in load order; fails the test when they are bad.
inline std::shared_ptr<const Acl> build_ok(const std::vector<std::pair<std::string, std::string>>& files,
                                           const std::string& source) {
  std::vector<Share> shares;
  for (const auto& [file, text] : files) shares.push_back(parse_ok(file, text));
  auto acl = Acl::build(std::move(shares), source);
  BOOST_TEST_REQUIRE(acl.is_ok(), why(acl));
  return *acl;
}

// A TempDir for share files.
class ShareDir : public magma::test::TempDir {
 public:
  // text with every "DIR" replaced by the directory's path.
  std::string expand(std::string text) const {
    for (size_t at; (at = text.find("DIR")) != std::string::npos;) text.replace(at, 3, path());
    return text;
  }
  // Writes text to the file name in the directory and returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(*this / name) << text;
    return *this / name;
  }
};

}  // namespace test
}  // namespace magma::acl
