// Included by the main_test.cc of a unit test binary whose code logs as it works: drops log
// records below warning, so that test output shows failures, not routine progress.
#pragma once

#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/trivial.hpp>
#include <boost/test/unit_test.hpp>

namespace magma::test {

struct QuietLogs {
  QuietLogs() {
    boost::log::core::get()->set_filter(boost::log::trivial::severity >= boost::log::trivial::warning);
  }
};

}  // namespace magma::test

// The macro makes an identifier of its argument: it takes an unqualified name.
using magma::test::QuietLogs;
BOOST_TEST_GLOBAL_FIXTURE(QuietLogs);
