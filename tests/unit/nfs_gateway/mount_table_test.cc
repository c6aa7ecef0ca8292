// Tests of nfs_gateway/mount_table.h: one entry per host and path in mount order, removal
// by entry and by host, the bound, and concurrent use.
#include "nfs_gateway/mount_table.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <thread>
#include <vector>

namespace magma::nfs {

std::ostream& operator<<(std::ostream& os, const MountEntry& e) { return os << e.host << ":" << e.path; }

namespace {

BOOST_AUTO_TEST_SUITE(mount_table)

BOOST_AUTO_TEST_CASE(entries_come_in_mount_order_once_each) {
  MountTable t;
  t.add("10.0.0.1", "/a");
  t.add("10.0.0.2", "/a");
  t.add("10.0.0.1", "/b");
  t.add("10.0.0.1", "/a");  // again: now the newest
  std::vector<MountEntry> expected = {{"10.0.0.2", "/a"}, {"10.0.0.1", "/b"}, {"10.0.0.1", "/a"}};
  BOOST_TEST(t.entries() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(remove_forgets_one_entry_and_remove_host_all_of_a_host) {
  MountTable t;
  t.add("10.0.0.1", "/a");
  t.add("10.0.0.1", "/b");
  t.add("10.0.0.2", "/a");
  t.remove("10.0.0.1", "/a");
  t.remove("10.0.0.3", "/b");  // nothing of the kind: no change
  std::vector<MountEntry> expected = {{"10.0.0.1", "/b"}, {"10.0.0.2", "/a"}};
  BOOST_TEST(t.entries() == expected, boost::test_tools::per_element());
  t.add("10.0.0.1", "/c");
  t.remove_host("10.0.0.1");
  expected = {{"10.0.0.2", "/a"}};
  BOOST_TEST(t.entries() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_full_table_forgets_the_oldest_mount) {
  MountTable t(3);
  for (int i = 0; i < 5; ++i) t.add("h" + std::to_string(i), "/");
  std::vector<MountEntry> expected = {{"h2", "/"}, {"h3", "/"}, {"h4", "/"}};
  BOOST_TEST(t.entries() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(threads_share_a_table) {
  MountTable t(1000);
  std::vector<std::thread> threads;
  for (int n = 0; n < 4; ++n)
    threads.emplace_back([&t, n] {
      for (int i = 0; i < 200; ++i) {
        std::string host = "h" + std::to_string(n) + "-" + std::to_string(i);
        t.add(host, "/x");
        t.add(host, "/y");
        t.remove(host, "/y");
        t.entries();
      }
    });
  for (auto& th : threads) th.join();
  BOOST_TEST(t.entries().size() == 800u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs
