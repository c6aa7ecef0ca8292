// Open, Release and the end of a session: who holds a flare open, and deleting a flare
// whose last name went while it was open once its last opener lets go.
//
// The open table is consulted and changed inside a store transaction, so Open, Release
// and an unlink's "is it open?" are ordered by the store's mutex.
#include "server/grace_holds.h"
#include "server/open_table.h"
#include "server/ops/names.h"

namespace magma::server::ops {

namespace {

// Deletes those of ids that have no name left and that no session holds open.
Status delete_unheld(OpEnv& env, Txn& t, const std::vector<FlareId>& ids, Doomed& doomed) {
  for (const FlareId& id : ids) {
    Result<std::optional<Inode>> in = t.inode(id);
    if (!in) return in.status();
    if (!*in || (*in)->attr.nlink > 0 || is_kept(env, id)) continue;
    MAGMA_RETURN_IF_ERROR(t.delete_inode(id));
    doomed.push_back(id);
  }
  return Status::ok();
}

}  // namespace

Result<AttrResponse> run(OpEnv& env, const CallContext& ctx, const OpenRequest& req) {
  Inode in;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(assign(need_inode(t, req.id), in));
    env.opens.open(ctx.session, req.id);
    return Status::ok();
  }));
  return AttrResponse{report(env, in)};
}

Result<EmptyResponse> run(OpEnv& env, const CallContext& ctx, const ReleaseRequest& req) {
  Doomed doomed;
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    if (!env.opens.release(ctx.session, req.id)) return Status::ok();
    return delete_unheld(env, t, {req.id}, doomed);
  }));
  remove_data(env, doomed);
  return EmptyResponse{};
}

void end_expired_graces(OpEnv& env) {
  std::vector<FlareId> expired = env.grace.take_expired();
  if (expired.empty()) return;
  Doomed doomed;
  Status s = env.store.write([&](Txn& t) { return delete_unheld(env, t, expired, doomed); });
  // On failure the orphans stay (nlink 0) until the next start deletes them.
  if (s.is_ok()) remove_data(env, doomed);
}

void end_session(OpEnv& env, uint64_t session) {
  Doomed doomed;
  Status s = env.store.write([&](Txn& t) { return delete_unheld(env, t, env.opens.end_session(session), doomed); });
  // On failure the orphans stay (nlink 0) until the next start deletes them.
  if (s.is_ok()) remove_data(env, doomed);
}

}  // namespace magma::server::ops
