// Shift: the coordinator of a rebalance asks this volcano to hand the records of its slice
// nearest a neighbour over to it. The boundary follows the records (balance.h:
// shift_boundary), and the range between the old and the new boundary is handed off
// online, as to a joiner.
#include "server/lava.h"
#include "server/lava/balance.h"
#include "server/lava/hand_off.h"
#include "server/ops/ops.h"

namespace magma::server::ops {

namespace {

// Whether `to` comes right after `me` on the ring (this volcano gives the top of its
// slice), right before it (the bottom), or is no neighbour (Invalid).
Result<bool> gives_top(const Topology& t, const std::string& me, const std::string& to) {
  auto is = [](const VolcanoInfo* v, const std::string& name) { return v && v->nickname == name; };
  if (is(t.next_after(me), to)) return true;
  if (is(t.next_after(to), me)) return false;
  return Status(Errc::Invalid, to + " is not next to " + me + " on the ring");
}

}  // namespace

Result<TopologyResponse> run(OpEnv& env, const CallContext&, const ShiftRequest& req) {
  Topology before = env.lava.topology();
  const VolcanoInfo* mine = before.find(env.lava.nickname());
  if (!mine) return Status(Errc::NotFound, "volcano " + env.lava.nickname() + " is not in its topology");
  const VolcanoInfo me = *mine;
  Result<bool> top = gives_top(before, me.nickname, req.to);
  if (!top) return top.status();
  auto keys = record_keys(env.store, me.slice);
  if (!keys) return keys.status();
  Result<Key> boundary = shift_boundary(me.slice, *keys, ShiftPlan{*top, req.records});
  if (!boundary) return boundary.status();
  Result<Topology> next = before.with_boundary(*top ? me.nickname : req.to, *boundary);
  if (!next) return next.status();
  Slice range = *top ? Slice{key_successor(*boundary), me.slice.stop} : Slice{me.slice.start, *boundary};
  MAGMA_RETURN_IF_ERROR(give_range(env, range, *next->find(req.to), *next));
  return TopologyResponse{*next};
}

}  // namespace magma::server::ops
