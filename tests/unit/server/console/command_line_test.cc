// Tests of server/console/command_line.h: splitting words and resolving paths.
#include "server/console/command_line.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/libmagma/test_print.h"

namespace magma::server::console {
namespace {

using Words = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(command_line)

BOOST_AUTO_TEST_CASE(split_good) {
  struct Case {
    std::string line;
    Words words;
  };
  const std::vector<Case> cases = {
      {"", {}},
      {"   \t ", {}},
      {"ls", {"ls"}},
      {"  ls   /a  ", {"ls", "/a"}},
      {"debug\ton\tf", {"debug", "on", "f"}},
      {"cat \"my file\"", {"cat", "my file"}},
      {"cat dir/\"a b\"/c", {"cat", "dir/a b/c"}},
      {"cat \"q\\\"uote\" \"back\\\\slash\"", {"cat", "q\"uote", "back\\slash"}},
      {"cat \"\"", {"cat", ""}},
      {"cat a\\b", {"cat", "a\\b"}},  // outside quotes a backslash is a character
  };
  for (const Case& c : cases) {
    Result<Words> words = split_words(c.line);
    BOOST_REQUIRE_MESSAGE(words.is_ok(), c.line);
    BOOST_TEST(*words == c.words, "line '" << c.line << "'");
  }
}

BOOST_AUTO_TEST_CASE(split_bad) {
  for (std::string line : {"cat \"open", "cat \"x\\", "\""}) {
    Result<Words> words = split_words(line);
    BOOST_TEST(words.code() == Errc::Invalid, line);
  }
}

BOOST_AUTO_TEST_CASE(resolve_good) {
  struct Case {
    std::string cwd, arg, path;
  };
  const std::vector<Case> cases = {
      {"/", "", "/"},
      {"/a/b", "", "/a/b"},
      {"/", "x", "/x"},
      {"/a", "x/y", "/a/x/y"},
      {"/a/b", "..", "/a"},
      {"/a/b", "../../..", "/"},
      {"/a", "/abs//p/", "/abs/p"},
      {"/a", "./x/./y", "/a/x/y"},
  };
  for (const Case& c : cases) {
    Result<std::string> path = resolve_path(c.cwd, c.arg);
    BOOST_REQUIRE(path.is_ok());
    BOOST_TEST(*path == c.path, c.cwd << " + " << c.arg);
  }
}

BOOST_AUTO_TEST_CASE(resolve_bad) {
  BOOST_TEST(resolve_path("/", std::string("a\0b", 3)).code() == Errc::Invalid);
  BOOST_TEST(resolve_path("/", std::string(300, 'n')).code() == Errc::NameTooLong);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::console
