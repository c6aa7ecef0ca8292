// Split: the coordinator of a join asks the busiest volcano (this one) to give the upper
// part of its slice to the joiner. The split key halves the records (balance.h), rounded
// up to the end of its 8-byte prefix: new flares' ids start with their path key's first 8
// bytes (their inode then sits with their record), so a boundary between two such
// prefixes never separates a record from its inode.
#include "libmagma/logging.h"
#include "server/lava.h"
#include "server/lava/balance.h"
#include "server/lava/hand_off.h"
#include "server/ops/ops.h"

namespace magma::server::ops {

namespace {

// The length of the id prefix a new flare shares with its path's key.
constexpr size_t kIdPrefix = 8;

Key end_of_prefix(Key k) {
  for (size_t i = kIdPrefix; i < Key::kSize; ++i) k.bytes[i] = 0xff;
  return k;
}

Result<Key> choose_split(OpEnv& env, const Slice& slice) {
  auto keys = record_keys(env.store, slice);
  if (!keys) return keys.status();
  Result<Key> median = split_key(slice, *keys);
  if (!median) return median.status();
  Key rounded = end_of_prefix(*median);
  return rounded < slice.stop ? rounded : *median;
}

}  // namespace

Result<TopologyResponse> run(OpEnv& env, const CallContext&, const SplitRequest& req) {
  Topology before = env.lava.topology();
  VolcanoInfo me = env.lava.self();
  Result<Key> split = choose_split(env, me.slice);
  if (!split) return split.status();
  Result<Topology> next = before.with_split(me.nickname, *split, req.joiner);
  if (!next) return next.status();
  MAGMA_RETURN_IF_ERROR(next->validate());  // the joiner came off the wire
  const VolcanoInfo& joiner = *next->find(req.joiner.nickname);
  MAGMA_LOG(info) << "handing " << joiner.slice.start.hex() << ".." << joiner.slice.stop.hex() << " to "
                  << joiner.nickname;
  env.lava.freeze(joiner.slice);
  Status handed = hand_off(env, joiner.slice, joiner, *next);
  env.lava.thaw();
  if (!handed.is_ok()) return handed;
  return TopologyResponse{*next};
}

}  // namespace magma::server::ops
