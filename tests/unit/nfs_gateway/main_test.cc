// The entry point of the NFS gateway unit tests: Boost.Test generates main() here. Log
// records below warning are dropped so that test output shows failures, not routine
// progress.
#define BOOST_TEST_MODULE nfs_gateway
#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/trivial.hpp>
#include <boost/test/unit_test.hpp>

namespace {

struct QuietLogs {
  QuietLogs() {
    boost::log::core::get()->set_filter(boost::log::trivial::severity >= boost::log::trivial::warning);
  }
};

}  // namespace

BOOST_TEST_GLOBAL_FIXTURE(QuietLogs);
