// Changes of the ring (a join, a rebalance), made by the coordinator (the owner of /.dht's
// key) one at a time, each starting from the topology the previous one made, and then told
// to every volcano so that all of them route by it.
#pragma once

#include <mutex>

#include "libmagma/topology.h"
#include "server/lava.h"
#include "server/ops/ops.h"

namespace magma::server {

// change() when this volcano is the coordinator, else req passed on to the coordinator.
template <class Request, class Change>
auto at_coordinator(OpEnv& env, const Request& req, Change change) -> decltype(change()) {
  VolcanoInfo coordinator = env.lava.owner_of(sha1_key("/.dht"));
  if (coordinator.nickname != env.lava.nickname()) return env.lava.call_patiently(coordinator, req);
  return change();
}

// Held by the coordinator for the whole of one change. One volcano per process outside
// tests, so a process-wide lock is the coordinator's.
std::unique_lock<std::mutex> lock_ring_changes();

// Adopts t here and pushes it to every other volcano; one that misses it learns it on its
// next Moved. Fails only when t cannot be adopted here.
Status adopt_and_push(OpEnv& env, const Topology& t);

}  // namespace magma::server
