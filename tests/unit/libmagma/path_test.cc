// Tests of libmagma/path.h: normalisation, limits and the small path helpers.
#include "libmagma/path.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>
#include <vector>

#include "tests/unit/libmagma/test_print.h"

namespace magma {
namespace {

// "/" + n components of width bytes each ("/xxx/xxx...").
std::string deep_path(size_t n, size_t width) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += "/" + std::string(width, 'x');
  return out;
}

struct BadPath {
  std::string input;
  Errc code;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(path_test)

BOOST_AUTO_TEST_CASE(normalise_good_paths) {
  const std::string name255(255, 'n');
  // 15 × "/"+255 bytes, then "/"+254 bytes: exactly kMaxPathLength.
  const std::string longest = deep_path(15, 255) + "/" + std::string(254, 'y');
  BOOST_TEST_REQUIRE(longest.size() == kMaxPathLength);
  const std::vector<std::pair<std::string, std::string>> good = {
      {"/", "/"},
      {"//", "/"},
      {"///", "/"},
      {"/.", "/"},
      {"/..", "/"},
      {"/a", "/a"},
      {"/a/", "/a"},
      {"/a//b", "/a/b"},
      {"//a/./b/../c/", "/a/c"},
      {"/../a", "/a"},
      {"/a/b/../../..", "/"},
      {"/a/b/../../../c", "/c"},
      {"/a/.b", "/a/.b"},
      {"/a/..b", "/a/..b"},
      {"/a/.../b", "/a/.../b"},
      {"/a b/c\td", "/a b/c\td"},
      {"/\xc3\xa9t\xc3\xa9", "/\xc3\xa9t\xc3\xa9"},
      {"/" + name255, "/" + name255},
      {longest, longest},
      {longest + "/", longest},
      // The limit applies to the result: a long input that shrinks is fine.
      {"/a" + std::string(3000, '/') + "/b", "/a/b"},
  };
  for (const auto& [input, expected] : good) {
    auto r = normalise_path(input);
    BOOST_TEST_REQUIRE(r.is_ok(), "'" << input << "' failed: " << errc_name(r.code()));
    BOOST_TEST(*r == expected, "'" << input << "'");
  }
}

BOOST_AUTO_TEST_CASE(normalise_bad_paths) {
  const std::vector<BadPath> bad = {
      {"", Errc::Invalid},
      {"a", Errc::Invalid},
      {"a/b", Errc::Invalid},
      {"./a", Errc::Invalid},
      {"../a", Errc::Invalid},
      {std::string("/a\0b", 4), Errc::Invalid},
      {std::string("/\0", 2), Errc::Invalid},
      {"/" + std::string(256, 'x'), Errc::NameTooLong},
      {"/a/" + std::string(256, 'x') + "/b", Errc::NameTooLong},
      {deep_path(50, 99), Errc::NameTooLong},                  // 5000 bytes
      {deep_path(16, 255), Errc::NameTooLong},                 // 4096 bytes
      {deep_path(15, 255) + "/" + std::string(255, 'y'), Errc::NameTooLong},
  };
  BOOST_TEST_REQUIRE(deep_path(50, 99).size() == 5000u);
  for (const auto& [input, code] : bad) {
    auto r = normalise_path(input);
    BOOST_TEST(!r.is_ok(), "accepted a path of " << input.size() << " bytes");
    BOOST_TEST(r.code() == code, "path of " << input.size() << " bytes");
  }
}

BOOST_AUTO_TEST_CASE(normalised_paths_are_fixed_points) {
  for (const std::string p : {"/", "/a", "/a/b/c", "/.x/..y"}) {
    auto r = normalise_path(p);
    BOOST_TEST_REQUIRE(r.is_ok());
    BOOST_TEST(*r == p);
  }
}

BOOST_AUTO_TEST_CASE(parent_path_and_base_name) {
  const std::vector<std::tuple<std::string, std::string, std::string>> table = {
      {"/", "/", ""},
      {"/a", "/", "a"},
      {"/a/b", "/a", "b"},
      {"/a/b/cde", "/a/b", "cde"},
      {"/.x/..y", "/.x", "..y"},
  };
  for (const auto& [path, parent, base] : table) {
    BOOST_TEST(parent_path(path) == parent, "parent of " << path);
    BOOST_TEST(std::string(base_name(path)) == base, "base of " << path);
  }
}

BOOST_AUTO_TEST_CASE(child_path_joins_and_checks) {
  auto root_child = child_path("/", "a");
  BOOST_TEST_REQUIRE(root_child.is_ok());
  BOOST_TEST(*root_child == "/a");
  auto nested = child_path("/a/b", "c");
  BOOST_TEST_REQUIRE(nested.is_ok());
  BOOST_TEST(*nested == "/a/b/c");
  for (const std::string bad : {"", ".", "..", "a/b", "/"}) {
    BOOST_TEST(child_path("/a", bad).code() == Errc::Invalid, "name '" << bad << "'");
  }
  BOOST_TEST(child_path("/a", std::string("x\0y", 3)).code() == Errc::Invalid);
  BOOST_TEST(child_path("/a", std::string(256, 'x')).code() == Errc::NameTooLong);
  // A valid name that pushes the path past kMaxPathLength.
  const std::string dir = deep_path(15, 255);  // 3840 bytes
  BOOST_TEST(child_path(dir, std::string(254, 'y')).is_ok());
  BOOST_TEST(child_path(dir, std::string(255, 'y')).code() == Errc::NameTooLong);
}

BOOST_AUTO_TEST_CASE(check_name_table) {
  for (const std::string good : {"a", "...", ".a", "..a", "a.", "a b", "\xc3\xa9", "-"}) {
    BOOST_TEST(check_name(good).is_ok(), "rejected '" << good << "'");
  }
  BOOST_TEST(check_name(std::string(255, 'n')).is_ok());
  const std::vector<BadPath> bad = {
      {"", Errc::Invalid},
      {".", Errc::Invalid},
      {"..", Errc::Invalid},
      {"a/b", Errc::Invalid},
      {"/", Errc::Invalid},
      {std::string("a\0", 2), Errc::Invalid},
      {std::string(256, 'n'), Errc::NameTooLong},
      {std::string(5000, 'n'), Errc::NameTooLong},
  };
  for (const auto& [name, code] : bad) {
    BOOST_TEST(check_name(name).code() == code, "name of " << name.size() << " bytes");
  }
}

BOOST_AUTO_TEST_CASE(is_same_or_below_table) {
  const std::vector<std::tuple<std::string, std::string, bool>> table = {
      {"/a", "/a", true},   {"/a/b", "/a", true},  {"/a/b/c", "/a", true},
      {"/ab", "/a", false}, {"/a", "/a/b", false}, {"/b", "/a", false},
      {"/x", "/", true},    {"/", "/", true},      {"/", "/a", false},
      {"/a-b", "/a", false},
  };
  for (const auto& [path, ancestor, expected] : table) {
    BOOST_TEST(is_same_or_below(path, ancestor) == expected, path << " below " << ancestor);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
