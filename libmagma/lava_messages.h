// The messages of the membership node ops (node_ops_lava.def): topology pushes, joins,
// splits with their hand-off, rebalancing, each volcano's load, syncing storage, and shutdown.
// Included by flare_messages.h; plain values.
#pragma once

#include <cstdint>
#include <string>

#include "libmagma/byte_codec.h"
#include "libmagma/topology.h"

namespace magma {

// A newer topology for the receiver to adopt (an older or equal epoch is ignored).
struct PushTopologyRequest {
  Topology topology;
  MAGMA_FIELDS(topology)
};

// A volcano asks to join. Any volcano accepts it and passes it to the coordinator (the
// owner of /.dht's key), which serialises joins, picks the volcano to split and answers
// with the topology that includes the joiner once its keys are handed off.
struct JoinRequest {
  VolcanoInfo joiner;  // its slice is ignored
  MAGMA_FIELDS(joiner)
};

// The coordinator asks the receiver to give part of its slice to joiner: it picks the
// split so that keys end up evenly divided, hands the flares above it off to joiner
// online, and answers with the new topology (already installed on both).
struct SplitRequest {
  VolcanoInfo joiner;
  MAGMA_FIELDS(joiner)
};

struct LoadRequest {
  MAGMA_FIELDS()
};
// What a volcano holds and has room for.
struct LoadResponse {
  std::string nickname;
  uint64_t epoch = 0;          // of its topology
  uint64_t keys = 0;           // path records it owns
  uint64_t inodes = 0;         // flares whose inode it holds
  uint64_t data_bytes = 0;     // bytes of file data it stores
  uint64_t storage_total = 0;  // of the file system under its storage directory
  uint64_t storage_free = 0;   // available to magmad there
  uint64_t data_read = 0;      // bytes of file data read since the volcano started
  uint64_t data_written = 0;   // bytes of file data written since the volcano started
  MAGMA_FIELDS(nickname, epoch, keys, inodes, data_bytes, storage_total, storage_free, data_read, data_written)
};

// Evens out the records of volcano `lower` and the next one on the ring, moving the
// boundary between their slices (a rebalance). Any volcano accepts it and passes it to the
// coordinator, which serialises it with joins; moved = 0 when they were even enough.
struct BalanceRequest {
  std::string lower;
  MAGMA_FIELDS(lower)
};
struct BalanceResponse {
  std::string giver;     // who handed keys off ("" when nothing moved)
  std::string receiver;
  uint64_t moved = 0;    // records handed off
  Topology topology;     // the lava's after the move
  MAGMA_FIELDS(giver, receiver, moved, topology)
};

// The coordinator asks the receiver, a neighbour of `to` on the ring, to hand `records` of
// its records nearest `to` over to it online, and answers with the new topology (already
// installed on both).
struct ShiftRequest {
  std::string to;
  uint64_t records = 0;
  MAGMA_FIELDS(to, records)
};

// Makes everything the receiver has stored durable against a power loss: its data files
// and its store. A hand-off copies without syncing file by file and asks for this once,
// before the giver deletes its own copy.
struct SyncStorageRequest {
  MAGMA_FIELDS()
};

// Stops the receiver cleanly; with whole_lava, it first asks every other volcano to stop.
struct ShutdownRequest {
  bool whole_lava = false;
  MAGMA_FIELDS(whole_lava)
};

// The restart barrier (server/lava/membership.h): the sender, restarting, checks in; the
// receiver answers its topology and whether it serves clients.
struct AgreeRequest {
  std::string nickname;
  uint64_t epoch = 0;
  MAGMA_FIELDS(nickname, epoch)
};
struct AgreeResponse {
  Topology topology;
  bool serving = false;
  MAGMA_FIELDS(topology, serving)
};

}  // namespace magma
