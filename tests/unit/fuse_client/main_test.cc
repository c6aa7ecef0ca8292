// Boost.Test entry point of the fuse_client unit tests.
#define BOOST_TEST_MODULE fuse_client
#include <boost/test/unit_test.hpp>
