// The entry point of the libmagma unit tests: Boost.Test generates main() here.
#define BOOST_TEST_MODULE libmagma
#include <boost/test/unit_test.hpp>
