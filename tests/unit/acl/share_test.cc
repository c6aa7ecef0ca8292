// Tests of acl/share.h: share names and where a rule came from.
#include "acl/share.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "tests/unit/acl/acl_test_util.h"

namespace magma::acl {

BOOST_AUTO_TEST_SUITE(share_test)

BOOST_AUTO_TEST_CASE(share_names_are_short_plain_words) {
  for (const char* good : {"lava", "home", "a", "my-share_2.old", "X9"}) BOOST_TEST(is_share_name(good), good);
  for (const std::string& bad : std::vector<std::string>{"", ".hidden", "-dash", "a b", "a/b", "é", std::string(65, 'a')})
    BOOST_TEST(!is_share_name(bad), bad);
  BOOST_TEST(is_share_name(std::string(64, 'a')));
}

BOOST_AUTO_TEST_CASE(rules_say_where_they_come_from) {
  Rule r;
  r.file = "/etc/magma/shares.d/home.share";
  r.line = 12;
  BOOST_TEST(r.where() == "/etc/magma/shares.d/home.share:12");
  BOOST_TEST(Rule().where() == "built-in");
}

BOOST_AUTO_TEST_CASE(lava_paths_become_subpaths_of_their_share) {
  Share home;
  home.path = "/home";
  Share lava;
  const std::vector<std::tuple<const Share*, std::string, std::string>> table = {
      {&home, "/home", "/"}, {&home, "/home/john", "/john"}, {&home, "/home/john/a", "/john/a"},
      {&lava, "/", "/"},     {&lava, "/home/john", "/home/john"},
  };
  for (const auto& [share, lava_path, subpath] : table)
    BOOST_TEST(share_subpath(*share, lava_path) == subpath, share->path << " " << lava_path);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::acl
