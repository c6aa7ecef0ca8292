// How Boost.Test prints the RPC server's enums in failed assertions (found by ADL).
#pragma once

#include <ostream>

#include "nfs_gateway/rpc/dup_cache.h"
#include "nfs_gateway/rpc/rpc_message.h"

namespace magma::nfs::rpc {

inline std::ostream& boost_test_print_type(std::ostream& os, CallFault f) {
  return os << "CallFault(" << static_cast<int>(f) << ')';
}

inline std::ostream& boost_test_print_type(std::ostream& os, DupCache::Seen s) {
  return os << "Seen(" << static_cast<int>(s) << ')';
}

}  // namespace magma::nfs::rpc
