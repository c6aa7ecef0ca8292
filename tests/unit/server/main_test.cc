// The entry point of the server unit tests: Boost.Test generates main() here, quiet logs.
#define BOOST_TEST_MODULE server
#include <boost/test/unit_test.hpp>

#include "tests/unit/quiet_logs.h"
