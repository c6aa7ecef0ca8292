// Join: a new volcano asks to join. Any volcano passes the request to the coordinator,
// the owner of /.dht's key, which admits one joiner at a time: it checks the nickname and
// address are free, has the busiest volcano (balance.h) split its slice with the joiner
// (Split), and pushes the resulting topology to every volcano, so that all of them, not
// only the two involved, route by it.
#include <mutex>
#include <vector>

#include "libmagma/logging.h"
#include "server/lava.h"
#include "server/lava/balance.h"
#include "server/ops/ops.h"

namespace magma::server::ops {

namespace {

// One join at a time, since each starts from the topology the previous one made. One
// volcano per process outside tests, so a process-wide lock is the coordinator's.
std::mutex g_join_mutex;

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

// Tells every other volcano about t. One that misses it learns it on its next Moved.
void push_everywhere(OpEnv& env, const Topology& t) {
  for (const VolcanoInfo& v : t.volcanos) {
    if (v.nickname == env.lava.nickname()) continue;
    auto pushed = env.lava.call(v, PushTopologyRequest{t});
    if (!pushed) MAGMA_LOG(warning) << "cannot push epoch " << t.epoch << " to " << v.nickname << ": "
                                    << pushed.status().to_string();
  }
}

Result<TopologyResponse> admit(OpEnv& env, const VolcanoInfo& joiner) {
  std::lock_guard<std::mutex> lock(g_join_mutex);
  Topology before = env.lava.topology();
  MAGMA_RETURN_IF_ERROR(before.can_join(joiner));
  Result<VolcanoInfo> giver = busiest(env, before);
  if (!giver) return giver.status();
  // The giver splits the topology it has: make sure it has this one.
  auto synced = env.lava.call(*giver, PushTopologyRequest{before});
  if (!synced) return synced.status();
  auto split = env.lava.call_patiently(*giver, SplitRequest{joiner});
  if (!split) return split.status();
  Result<bool> adopted = env.lava.adopt(split->topology);
  if (!adopted) return adopted.status();
  push_everywhere(env, split->topology);
  MAGMA_LOG(info) << joiner.nickname << " joined the lava, relieving " << giver->nickname << " (epoch "
                  << split->topology.epoch << ")";
  return split;
}

}  // namespace

Result<TopologyResponse> run(OpEnv& env, const CallContext&, const JoinRequest& req) {
  VolcanoInfo coordinator = env.lava.owner_of(sha1_key("/.dht"));
  if (coordinator.nickname != env.lava.nickname()) return env.lava.call_patiently(coordinator, req);
  return admit(env, req.joiner);
}

}  // namespace magma::server::ops
