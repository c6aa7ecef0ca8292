// How a starting volcano takes its place in its lava, on the volcano's side of a join
// (the lava's side is the Join and Split ops). magmad -r joins; a restart catches up.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "libmagma/errc.h"
#include "server/lava.h"

namespace magma::server {

// Joins the lava of the volcano whose flare port is host:port: downloads its topology,
// asks it to admit this volcano (Join, which waits for the whole hand-off), and adopts
// the topology that answers. This volcano's node port must already serve: the hand-off
// arrives there. Fails with Exists naming who has it when the nickname or the address
// is taken, Disconnected or Timeout when the lava cannot be reached, or the lava's error.
// REQUIRES: lava has no topology yet.
Status join_lava(Lava& lava, const std::string& host, uint16_t port);

// After a restart, the barrier: the volcano stops serving flare requests (they wait, see
// FlareService) until its lava agrees on the topology, then serves. Returns at once; the
// barrier runs in the background (Lava::run_in_background):
//  - the coordinator (the owner of /.dht's key) checks in (Agree) with every other volcano
//    of its topology until each has answered or checked in itself, adopting any newer
//    topology they hold, then serves;
//  - any other volcano checks in with the coordinator, adopts its topology if newer
//    (so a volcano that was down during a join learns of it) and serves once the
//    coordinator does.
// After limit the volcano serves anyway, logging who never answered: a lava with a
// volcano gone for good must not stay down.
constexpr std::chrono::seconds kAgreeLimit{300};
void catch_up(Lava& lava, std::chrono::milliseconds limit = kAgreeLimit);

}  // namespace magma::server
