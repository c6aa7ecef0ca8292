// Tests of libmagma/config_file: `key = value` lines, comments, and file:line errors.
#include "libmagma/config_file.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/libmagma/test_print.h"

namespace magma {

BOOST_AUTO_TEST_SUITE(config_file_test)

BOOST_AUTO_TEST_CASE(good_lines) {
  auto entries = parse_config("# comment\n\nnickname = wallace\n  port=12000  \r\nbind = \n", "f.conf");
  BOOST_REQUIRE(entries.is_ok());
  BOOST_REQUIRE(entries->size() == 3u);
  BOOST_TEST((*entries)[0].key == "nickname");
  BOOST_TEST((*entries)[0].value == "wallace");
  BOOST_TEST((*entries)[0].line == 3);
  BOOST_TEST((*entries)[1].key == "port");
  BOOST_TEST((*entries)[1].value == "12000");
  BOOST_TEST((*entries)[1].line == 4);
  BOOST_TEST((*entries)[2].value == "");
}

BOOST_AUTO_TEST_CASE(value_may_hold_an_equals_sign) {
  auto entries = parse_config("key-file = /etc/magma/a=b\n", "f.conf");
  BOOST_REQUIRE(entries.is_ok());
  BOOST_TEST((*entries)[0].value == "/etc/magma/a=b");
}

BOOST_AUTO_TEST_CASE(bad_lines_name_file_and_line) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"nickname wallace\n", "m.conf:1: expected 'key = value', got 'nickname wallace'"},
      {"# ok\n = 3\n", "m.conf:2: missing key before '='"},
      {"a = 1\n\n\nport\n", "m.conf:4: expected 'key = value', got 'port'"},
  };
  for (const Case& c : cases) {
    auto entries = parse_config(c.text, "m.conf");
    BOOST_TEST(entries.code() == Errc::Invalid);
    if (!entries.is_ok()) BOOST_TEST(entries.status().message() == c.message);
  }
}

BOOST_AUTO_TEST_CASE(missing_file_is_not_found) {
  BOOST_TEST(read_config_file("/nonexistent/magmad.conf").code() == Errc::NotFound);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
