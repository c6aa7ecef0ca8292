// Tests of libmagma/lava_key: key files (first line, line ends, refused when group or
// others may read them, missing, empty), which source wins, the prompt read from
// standard input, and the key scrubbed from argv.
#include "libmagma/lava_key.h"

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/unit/libmagma/test_print.h"
#include "tests/unit/temp_dir.h"

namespace magma {
namespace {

using test::TempDir;

// Writes text to path with mode, and returns path.
std::string key_file(const std::string& path, const std::string& text, mode_t mode = 0600) {
  std::ofstream(path) << text;
  BOOST_REQUIRE(::chmod(path.c_str(), mode) == 0);
  return path;
}

// Feeds text to std::cin for the life of the object.
class StdinFrom {
 public:
  explicit StdinFrom(const std::string& text) : text_(text), saved_(std::cin.rdbuf(text_.rdbuf())) {}
  ~StdinFrom() {
    std::cin.rdbuf(saved_);
    std::cin.clear();
  }

 private:
  std::istringstream text_;
  std::streambuf* saved_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(lava_key_test)

BOOST_AUTO_TEST_CASE(a_private_key_file_gives_its_first_line) {
  TempDir dir;
  BOOST_TEST(*read_key_file(key_file(dir / "a", "s3cret\nignored\n")) == "s3cret");
  BOOST_TEST(*read_key_file(key_file(dir / "b", "dos line\r\n")) == "dos line");
  BOOST_TEST(*read_key_file(key_file(dir / "c", "no newline", 0400)) == "no newline");
}

BOOST_AUTO_TEST_CASE(a_key_file_others_may_read_is_refused_with_the_fix) {
  TempDir dir;
  struct Case {
    mode_t mode;
    const char* shown;
  };
  for (Case c : {Case{0644, "0644"}, Case{0640, "0640"}, Case{0604, "0604"}, Case{0620, "0620"}}) {
    std::string path = key_file(dir / "k", "s3cret\n", c.mode);
    Result<std::string> key = read_key_file(path);
    BOOST_TEST(key.code() == Errc::Access);
    BOOST_TEST(key.status().message().find(std::string("mode ") + c.shown) != std::string::npos);
    BOOST_TEST(key.status().message().find("chmod 600 " + path) != std::string::npos);
    BOOST_TEST(key.status().message().find("s3cret") == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(a_missing_empty_or_odd_key_file_is_refused) {
  TempDir dir;
  BOOST_TEST(read_key_file(dir / "none").code() == Errc::NotFound);
  BOOST_TEST(read_key_file(key_file(dir / "empty", "")).code() == Errc::Invalid);
  BOOST_TEST(read_key_file(key_file(dir / "blank", "\nkey on line two\n")).code() == Errc::Invalid);
  BOOST_TEST(read_key_file(dir.path()).code() == Errc::Invalid);  // a directory
}

BOOST_AUTO_TEST_CASE(the_command_line_wins_then_the_named_file_then_the_default_file) {
  TempDir dir;
  std::string named = key_file(dir / "named", "from named\n");
  std::string fallback = key_file(dir / "default", "from default\n");
  BOOST_TEST(*resolve_lava_key({"given", named, fallback, false}) == "given");
  BOOST_TEST(*resolve_lava_key({"", named, fallback, false}) == "from named");
  BOOST_TEST(*resolve_lava_key({"", "", fallback, false}) == "from default");
  // A named file that is refused is an error, not a reason to fall back.
  key_file(named, "from named\n", 0644);
  BOOST_TEST(resolve_lava_key({"", named, fallback, false}).code() == Errc::Access);
}

BOOST_AUTO_TEST_CASE(no_key_anywhere_is_refused_unless_the_prompt_gives_one) {
  TempDir dir;
  Result<std::string> none = resolve_lava_key({"", "", dir / "absent", false});
  BOOST_TEST(none.code() == Errc::Invalid);
  BOOST_TEST(none.status().message().find("no lava key") != std::string::npos);
  StdinFrom typed("typed key\n");
  BOOST_TEST(*resolve_lava_key({"", "", dir / "absent", true}) == "typed key");
}

BOOST_AUTO_TEST_CASE(the_prompt_refuses_an_empty_or_missing_answer) {
  {
    StdinFrom typed("\n");
    BOOST_TEST(prompt_for_key("key: ").code() == Errc::Invalid);
  }
  StdinFrom nothing("");
  BOOST_TEST(prompt_for_key("key: ").code() == Errc::Io);
}

BOOST_AUTO_TEST_CASE(the_key_is_scrubbed_from_argv) {
  std::vector<std::string> words = {"magmactl", "-k", "hunter2", "--key=hunter2", "-o", "ro,key=hunter2", "-H", "h"};
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  hide_key_in_argv(static_cast<int>(argv.size()), argv.data(), "hunter2");
  BOOST_TEST(std::string(argv[2]) == "xxxxxxx");
  BOOST_TEST(std::string(argv[3]) == "--key=xxxxxxx");
  BOOST_TEST(std::string(argv[5]) == "ro,key=xxxxxxx");
  BOOST_TEST(std::string(argv[7]) == "h");
  hide_key_in_argv(static_cast<int>(argv.size()), argv.data(), "");  // no key: nothing to hide
  BOOST_TEST(std::string(argv[6]) == "-H");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
