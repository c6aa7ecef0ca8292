// Tests of acl/share_text.h: significant lines, comments, words and located errors.
#include "acl/share_text.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/unit/acl/acl_test_util.h"

namespace magma::acl {

BOOST_AUTO_TEST_SUITE(share_text_test)

BOOST_AUTO_TEST_CASE(lines_keep_their_numbers_and_lose_comments_and_blanks) {
  const std::string text =
      "# a comment\n"
      "\n"
      "  name = home  \r\n"
      "w / *   # everyone\n"
      "\t# indented comment\n"
      "path = /a#b\n"
      "last";
  auto lines = significant_lines(text);
  BOOST_TEST_REQUIRE(lines.size() == 4u);
  BOOST_TEST(lines[0].number == 3);
  BOOST_TEST(lines[0].text == "name = home");
  BOOST_TEST(lines[1].number == 4);
  BOOST_TEST(lines[1].text == "w / *");
  BOOST_TEST(lines[2].number == 6);
  BOOST_TEST(lines[2].text == "path = /a#b");  // '#' inside a word is not a comment
  BOOST_TEST(lines[3].number == 7);
  BOOST_TEST(lines[3].text == "last");
}

BOOST_AUTO_TEST_CASE(words_are_split_on_blanks) {
  std::vector<std::string_view> expected = {"allow", "r", "/pub", "10.0.0.0/8"};
  BOOST_TEST(split_words(" allow\tr  /pub 10.0.0.0/8 ") == expected, boost::test_tools::per_element());
  BOOST_TEST(split_words("   ").empty());
}

BOOST_AUTO_TEST_CASE(errors_name_the_file_and_the_line) {
  BOOST_TEST(line_error("a.share", 7, "why").message() == "a.share:7: why");
  BOOST_TEST(line_error("a.share", 0, "why").message() == "a.share: why");
  BOOST_TEST(line_error("a.share", 7, "why").code() == Errc::Invalid);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::acl
