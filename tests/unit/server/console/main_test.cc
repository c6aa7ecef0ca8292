// The entry point of the console unit tests: Boost.Test generates main() here, quiet logs.
#define BOOST_TEST_MODULE console
#include <boost/test/unit_test.hpp>

#include "tests/unit/quiet_logs.h"
