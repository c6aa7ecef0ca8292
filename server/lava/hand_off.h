// The hand-off of a range of keys from this volcano to a joiner: every row placed in the
// range (records by key, directory inodes and entries by their directory's key, other
// inodes with their xattrs by id) and the data of the files among them are copied with
// the namespace node ops, then the new topology is installed on both, then the rows are
// deleted here. The caller freezes the range around it (Lava::freeze), so nothing in it
// changes meanwhile.
#pragma once

#include "libmagma/errc.h"
#include "libmagma/topology.h"
#include "server/ops/ops.h"

namespace magma::server {

// Hands range off to joiner under topology next (in which joiner owns range), in that
// order: copy, make the copy durable there (SyncStorage), push next to the joiner, adopt
// next here, delete here. A failure before
// the adoption leaves this volcano owning everything it had (the joiner's copy is
// garbage it never serves); after it, leftover rows are only logged.
// REQUIRES: range is frozen by this thread's caller; joiner is in next.
Status hand_off(OpEnv& env, const Slice& range, const VolcanoInfo& joiner, const Topology& next);

// hand_off with the freeze around it: requests for keys in range wait meanwhile, then go
// on to whoever owns them (the receiver, unless the hand-off failed). Logs the move.
Status give_range(OpEnv& env, const Slice& range, const VolcanoInfo& receiver, const Topology& next);

}  // namespace magma::server
