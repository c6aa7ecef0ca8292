// The topology ops: a client or volcano downloads this volcano's topology (Topology), a
// volcano pushes a newer one (PushTopology), a restarting volcano checks in (Agree).
#include "server/lava.h"
#include "server/ops/ops.h"

namespace magma::server::ops {

Result<TopologyResponse> run(OpEnv& env, const CallContext&, const TopologyRequest&) {
  return TopologyResponse{env.lava.topology()};
}

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const PushTopologyRequest& req) {
  Result<bool> adopted = env.lava.adopt(req.topology);
  if (!adopted) return adopted.status();
  return EmptyResponse{};
}

Result<AgreeResponse> run(OpEnv& env, const CallContext&, const AgreeRequest& req) {
  env.lava.note_present(req.nickname);
  return AgreeResponse{env.lava.topology(), env.lava.serving()};
}

}  // namespace magma::server::ops
