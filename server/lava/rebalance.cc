// Balance: the coordinator evens out the records of two neighbours on the ring. It asks
// both for their load, plans the shift (balance.h) and has the busier hand the records
// nearest the other over to it (Shift), then tells every volcano the new topology. Serial
// with joins: each change starts from the topology the previous one made.
#include "libmagma/logging.h"
#include "server/lava/balance.h"
#include "server/lava/ring_change.h"

namespace magma::server::ops {

namespace {

struct Neighbours {
  VolcanoInfo lower, upper;
};

Result<Neighbours> neighbours(const Topology& t, const std::string& lower) {
  const VolcanoInfo* v = t.find(lower);
  if (!v) return Status(Errc::NotFound, "no volcano is called " + lower);
  const VolcanoInfo* next = t.next_after(lower);
  if (!next) return Status(Errc::Invalid, lower + " is the last volcano of the ring");
  return Neighbours{*v, *next};
}

Result<uint64_t> records_of(OpEnv& env, const VolcanoInfo& v) {
  auto load = env.lava.call(v, LoadRequest{});
  if (!load) return Status(load.code(), "no load from " + v.nickname + ": " + load.status().message());
  return load->keys;
}

Result<BalanceResponse> balance(OpEnv& env, const std::string& lower) {
  auto lock = lock_ring_changes();
  Topology before = env.lava.topology();
  Result<Neighbours> pair = neighbours(before, lower);
  if (!pair) return pair.status();
  Result<uint64_t> low = records_of(env, pair->lower);
  if (!low) return low.status();
  Result<uint64_t> high = records_of(env, pair->upper);
  if (!high) return high.status();
  std::optional<ShiftPlan> plan = plan_shift(*low, *high);
  if (!plan) return BalanceResponse{"", "", 0, before};
  const VolcanoInfo& giver = plan->lower_gives ? pair->lower : pair->upper;
  const VolcanoInfo& receiver = plan->lower_gives ? pair->upper : pair->lower;
  // The giver shifts the topology it has: make sure it has this one.
  auto synced = env.lava.call(giver, PushTopologyRequest{before});
  if (!synced) return synced.status();
  auto shifted = env.lava.call_patiently(giver, ShiftRequest{receiver.nickname, plan->records});
  if (!shifted) return shifted.status();
  MAGMA_RETURN_IF_ERROR(adopt_and_push(env, shifted->topology));
  MAGMA_LOG(info) << giver.nickname << " handed " << plan->records << " records to " << receiver.nickname
                  << " (epoch " << shifted->topology.epoch << ")";
  return BalanceResponse{giver.nickname, receiver.nickname, plan->records, shifted->topology};
}

}  // namespace

Result<BalanceResponse> run(OpEnv& env, const CallContext&, const BalanceRequest& req) {
  return at_coordinator(env, req, [&] { return balance(env, req.lower); });
}

}  // namespace magma::server::ops
