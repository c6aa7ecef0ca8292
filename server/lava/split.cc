// Split: the coordinator of a join asks the busiest volcano (this one) to give the upper
// part of its slice to the joiner. The split key halves the records (balance.h), rounded
// up to the end of its id prefix (balance.h: prefix_end), so that the boundary never
// separates a record from its inode.
#include "server/lava.h"
#include "server/lava/balance.h"
#include "server/lava/hand_off.h"
#include "server/ops/ops.h"

namespace magma::server::ops {

namespace {

Result<Key> choose_split(OpEnv& env, const Slice& slice) {
  auto keys = record_keys(env.store, slice);
  if (!keys) return keys.status();
  Result<Key> median = split_key(slice, *keys);
  if (!median) return median.status();
  Key rounded = prefix_end(*median);
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
  MAGMA_RETURN_IF_ERROR(give_range(env, joiner.slice, joiner, *next));
  return TopologyResponse{*next};
}

}  // namespace magma::server::ops
