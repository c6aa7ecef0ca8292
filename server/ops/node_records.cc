// Node ops on records (at the owner of the path's key): GetRecord, PutRecord, DropRecord.
#include "server/ops/names.h"
#include "server/ops/wire_checks.h"

namespace magma::server::ops {

Result<NamedResponse> run(OpEnv& env, const CallContext&, const GetRecordRequest& req) {
  MAGMA_RETURN_IF_ERROR(check_path(req.path));
  NamedResponse resp;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) -> Status {
    std::optional<RecordRow> rec;
    MAGMA_RETURN_IF_ERROR(assign(t.record(req.path), rec));
    if (rec) resp = NamedResponse{true, rec->id, rec->type};
    return Status::ok();
  }));
  return resp;
}

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const PutRecordRequest& req) {
  MAGMA_RETURN_IF_ERROR(check_below_root(req.path));
  MAGMA_RETURN_IF_ERROR(check_type(req.type));
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(env.guards->check_unfrozen(req.path));
    return t.put_record(req.path, req.id, req.type);
  }));
  return EmptyResponse{};
}

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const DropRecordRequest& req) {
  MAGMA_RETURN_IF_ERROR(check_below_root(req.path));
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(env.guards->check_unfrozen(req.path));
    std::optional<RecordRow> rec;
    MAGMA_RETURN_IF_ERROR(assign(t.record(req.path), rec));
    if (!rec || rec->id != req.expect) return Status::ok();  // another flare's name now
    return t.delete_record(req.path);
  }));
  return EmptyResponse{};
}

}  // namespace magma::server::ops
