// Membership calls that may take as long as a hand-off: a Join waits for the whole split
// it causes, a Split for every row and byte it copies. Lava::call's time limit suits one
// batch, not that; these calls get their own connection with a limit of an hour.
#pragma once

#include <chrono>

#include "libmagma/flare_client.h"
#include "server/lava.h"

namespace magma::server {

// Longest a join may take, hand-off included, before the caller gives up.
constexpr std::chrono::hours kHandOffTimeout{1};

// Runs node op req on volcano v as Lava::call does (in-process when v is this volcano),
// over a fresh connection that waits up to kHandOffTimeout for the answer.
template <class Request>
Result<typename FlareOpTraits<Request>::Response> call_patiently(Lava& lava, const VolcanoInfo& v,
                                                                 const Request& req) {
  if (v.nickname == lava.nickname()) return lava.call(v, req);
  ClientOptions options;
  options.host = v.address;
  options.port = v.node_port;
  options.request_timeout = kHandOffTimeout;
  auto client = FlareClient::connect(options);
  if (!client) return client.status();
  return (*client)->call(Credentials{}, req);
}

}  // namespace magma::server
