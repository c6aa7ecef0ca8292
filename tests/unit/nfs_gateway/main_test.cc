// The entry point of the nfs_gateway unit tests: Boost.Test generates main() here, quiet logs.
#define BOOST_TEST_MODULE nfs_gateway
#include <boost/test/unit_test.hpp>

#include "tests/unit/quiet_logs.h"
