// Tests of tools/table.h: widths, alignment, no trailing spaces.
#include "tools/table.h"

#include <boost/test/unit_test.hpp>
#include <sstream>

namespace magma::tools {
namespace {

BOOST_AUTO_TEST_CASE(columns_fit_the_widest_cell) {
  Table t({{"NAME"}, {"KEYS", Align::Right}, {"ALIVE"}});
  t.add_row({"wallace", "7", "yes"});
  t.add_row({"gromit", "12345", "no"});
  std::ostringstream out;
  t.print(out);
  BOOST_TEST(out.str() ==
             "NAME      KEYS  ALIVE\n"
             "wallace      7  yes\n"
             "gromit   12345  no\n");
}

BOOST_AUTO_TEST_CASE(header_only_and_empty_last_cells) {
  Table t({{"A"}, {"B"}});
  std::ostringstream header;
  t.print(header);
  BOOST_TEST(header.str() == "A  B\n");
  t.add_row({"long cell", ""});
  std::ostringstream out;
  t.print(out);
  BOOST_TEST(out.str() == "A          B\nlong cell\n");
}

}  // namespace
}  // namespace magma::tools
