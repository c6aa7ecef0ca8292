// Boost.Test entry point of the acl unit tests.
#define BOOST_TEST_MODULE acl
#include <boost/test/unit_test.hpp>
