// Node ops of a directory rename, sent to every volcano: FreezeSubtree, ExportSubtree,
// ImportRows (also a hand-off's), DeleteSubtree.
#include "server/ops/names.h"
#include "server/ops/steps.h"
#include "server/ops/wire_checks.h"

namespace magma::server::ops {

namespace {

// The placement keys of rows, each checked against this volcano's slice.
Status check_all_owned(OpEnv& env, const Rows& rows) {
  const KeyFunction& key_of = env.store.key_of();
  for (const RecordRow& r : rows.records) MAGMA_RETURN_IF_ERROR(check_owned(env, key_of(r.path)));
  for (const InodeRow& r : rows.inodes) MAGMA_RETURN_IF_ERROR(check_owned(env, place_of_inode(r, key_of)));
  for (const EntryRow& e : rows.entries) MAGMA_RETURN_IF_ERROR(check_owned(env, key_of(e.dir)));
  return Status::ok();
}

}  // namespace

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const FreezeSubtreeRequest& req) {
  MAGMA_RETURN_IF_ERROR(check_below_root(req.path));
  // Inside a write transaction: every change that passed the check before has committed.
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn&) { return env.guards->freeze(req.path, req.token, req.frozen); }));
  return EmptyResponse{};
}

Result<RowsResponse> run(OpEnv& env, const CallContext&, const ExportSubtreeRequest& req) {
  MAGMA_RETURN_IF_ERROR(check_below_root(req.path));
  MAGMA_RETURN_IF_ERROR(check_limit(req.limit));
  MAGMA_RETURN_IF_ERROR(check_cursor(req.cursor));
  RowsResponse resp;
  resp.next = req.cursor;
  MAGMA_RETURN_IF_ERROR(
      env.store.read([&](Txn& t) { return t.export_subtree(req.path, resp.next, req.limit, resp.rows); }));
  return resp;
}

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const ImportRowsRequest& req) {
  MAGMA_RETURN_IF_ERROR(check_rows(req.rows));
  if (req.owned) MAGMA_RETURN_IF_ERROR(check_all_owned(env, req.rows));
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) { return t.import_rows(req.rows); }));
  return EmptyResponse{};
}

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const DeleteSubtreeRequest& req) {
  MAGMA_RETURN_IF_ERROR(check_below_root(req.path));
  MAGMA_RETURN_IF_ERROR(env.store.write(
      [&](Txn& t) { return t.delete_subtree(req.path, req.keep_root_record, req.keep_inode); }));
  return EmptyResponse{};
}

}  // namespace magma::server::ops
