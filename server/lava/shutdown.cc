// Shutdown: stops this volcano cleanly, as SIGTERM does; for the whole lava, the others
// first, so that none is left serving requests it would forward to a volcano gone.
#include "libmagma/logging.h"
#include "server/lava.h"
#include "server/ops/ops.h"

namespace magma::server::ops {

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const ShutdownRequest& req) {
  if (req.whole_lava) {
    for (const VolcanoInfo& v : env.lava.topology().volcanos) {
      if (v.nickname == env.lava.nickname()) continue;
      auto stopped = env.lava.call(v, ShutdownRequest{false});
      // One volcano already down must not keep the rest running.
      if (!stopped) MAGMA_LOG(warning) << "cannot shut down " << v.nickname << ": " << stopped.status().to_string();
    }
  }
  env.lava.shutdown();
  return EmptyResponse{};
}

}  // namespace magma::server::ops
