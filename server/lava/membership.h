// How a starting volcano takes its place in its lava, on the volcano's side of a join
// (the lava's side is the Join and Split ops). magmad -r joins; a restart catches up.
#pragma once

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

// After a restart: asks the coordinator (the owner of /.dht's key), unless that is this
// volcano, for its topology and adopts it if newer, so a volcano that was down during a
// join learns of it. An unreachable coordinator is only logged: a whole lava restarts
// one volcano at a time.
void catch_up(Lava& lava);

}  // namespace magma::server
