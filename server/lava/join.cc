// Join: a new volcano asks to join. Any volcano passes the request to the coordinator,
// the owner of /.dht's key, which admits one joiner at a time: it checks the nickname and
// address are free, has the busiest volcano (balance.h) split its slice with the joiner
// (Split), and pushes the resulting topology to every volcano, so that all of them, not
// only the two involved, route by it.
#include <vector>

#include "libmagma/logging.h"
#include "server/lava.h"
#include "server/lava/balance.h"
#include "server/lava/ring_change.h"
#include "server/ops/ops.h"

namespace magma::server::ops {

namespace {

// The volcano to relieve (balance.h), from every volcano's Load; one that does not answer
// is passed over (the joiner then relieves another).
Result<VolcanoInfo> busiest(OpEnv& env, const Topology& t) {
  std::vector<VolcanoInfo> answered;
  std::vector<Candidate> candidates;
  for (const VolcanoInfo& v : t.volcanos) {
    auto load = env.lava.call(v, LoadRequest{});
    if (!load) {
      MAGMA_LOG(warning) << "no load from " << v.nickname << ": " << load.status().to_string();
      continue;
    }
    if (v.slice.start == v.slice.stop) continue;  // one key: nothing to give
    answered.push_back(v);
    candidates.push_back(Candidate{v.slice, load->keys});
  }
  if (candidates.empty()) return Status(Errc::Disconnected, "no volcano of the lava can take a joiner");
  return answered[pick_giver(candidates)];
}

Result<TopologyResponse> admit(OpEnv& env, const VolcanoInfo& joiner) {
  auto lock = lock_ring_changes();
  Topology before = env.lava.topology();
  MAGMA_RETURN_IF_ERROR(before.can_join(joiner));
  Result<VolcanoInfo> giver = busiest(env, before);
  if (!giver) return giver.status();
  // The giver splits the topology it has: make sure it has this one.
  auto synced = env.lava.call(*giver, PushTopologyRequest{before});
  if (!synced) return synced.status();
  auto split = env.lava.call_patiently(*giver, SplitRequest{joiner});
  if (!split) return split.status();
  MAGMA_RETURN_IF_ERROR(adopt_and_push(env, split->topology));
  MAGMA_LOG(info) << joiner.nickname << " joined the lava, relieving " << giver->nickname << " (epoch "
                  << split->topology.epoch << ")";
  return split;
}

}  // namespace

Result<TopologyResponse> run(OpEnv& env, const CallContext&, const JoinRequest& req) {
  return at_coordinator(env, req, [&] { return admit(env, req.joiner); });
}

}  // namespace magma::server::ops
