// Helpers shared by the acl tests: addresses from text, a resolver that knows a few fixed
// names, shares and Acls from text, a temporary share directory, and how Boost.Test prints
// acl values. The tables run as data test cases: each row counts as a test case of its own.
#pragma once

#include <stdlib.h>

#include <boost/asio/ip/address.hpp>
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "acl/access.h"
#include "acl/acl.h"
#include "acl/rule_address.h"
#include "acl/share_parser.h"
#include "tests/unit/libmagma/test_print.h"

namespace magma::acl {

inline std::ostream& boost_test_print_type(std::ostream& os, Access a) { return os << access_letter(a); }

namespace test {

namespace bdata = boost::unit_test::data;

// r's error for a failed assertion's message; "" when r holds a value.
template <class T>
std::string why(const Result<T>& r) {
  return r.is_ok() ? std::string() : r.status().to_string();
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

// A directory under /tmp, removed with everything in it at the end of the test.
class ShareDir {
 public:
  ShareDir() {
    char tmpl[] = "/tmp/magma-acl-test-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~ShareDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ShareDir(const ShareDir&) = delete;
  ShareDir& operator=(const ShareDir&) = delete;

  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // text with every "DIR" replaced by the directory's path.
  std::string expand(std::string text) const {
    for (size_t at; (at = text.find("DIR")) != std::string::npos;) text.replace(at, 3, path_);
    return text;
  }
  // Writes text to the file name in the directory and returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name)) << text;
    return file(name);
  }

 private:
  std::string path_;
};

}  // namespace test
}  // namespace magma::acl
