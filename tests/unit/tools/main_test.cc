// The entry point of the magmactl unit tests: Boost.Test generates main() here.
#define BOOST_TEST_MODULE tools
#include <boost/test/unit_test.hpp>
