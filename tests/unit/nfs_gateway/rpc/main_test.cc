// The entry point of the RPC server unit tests: Boost.Test generates main() here.
#define BOOST_TEST_MODULE nfs_gateway_rpc
#include <boost/test/unit_test.hpp>
