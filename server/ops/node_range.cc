// Node ops of a hand-off, sent by the giver of a key range: ExportRange, DeleteRange (on
// the giver), ReadData and WriteData (file data, chunk by chunk). ImportRows is in
// node_subtree.cc.
#include <limits>

#include "server/data_files.h"
#include "server/ops/names.h"
#include "server/ops/wire_checks.h"

namespace magma::server::ops {

Result<RowsResponse> run(OpEnv& env, const CallContext&, const ExportRangeRequest& req) {
  MAGMA_RETURN_IF_ERROR(check_limit(req.limit));
  MAGMA_RETURN_IF_ERROR(check_cursor(req.cursor));
  RowsResponse resp;
  resp.next = req.cursor;
  MAGMA_RETURN_IF_ERROR(
      env.store.read([&](Txn& t) { return t.export_range(req.slice, resp.next, req.limit, resp.rows); }));
  return resp;
}

Result<DeleteRangeResponse> run(OpEnv& env, const CallContext&, const DeleteRangeRequest& req) {
  MAGMA_RETURN_IF_ERROR(check_limit(req.limit));
  Doomed gone;
  size_t deleted = 0;
  MAGMA_RETURN_IF_ERROR(
      env.store.write([&](Txn& t) { return assign(t.delete_range(req.slice, req.limit, gone), deleted); }));
  remove_data(env, gone);
  return DeleteRangeResponse{deleted, deleted == 0};
}

Result<ReadResponse> run(OpEnv& env, const CallContext&, const ReadDataRequest& req) {
  if (req.size > kMaxDataChunk) return Status(Errc::Invalid, "data chunk over kMaxDataChunk");
  ReadResponse resp;
  resp.data.resize(req.size);
  Result<size_t> got = env.data.read(req.id, req.offset, resp.data.data(), req.size);
  if (!got) return got.status();
  resp.data.resize(*got);
  return resp;
}

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const WriteDataRequest& req) {
  if (req.data.size() > kMaxDataChunk) return Status(Errc::Invalid, "data chunk over kMaxDataChunk");
  constexpr uint64_t kMaxEnd = uint64_t(std::numeric_limits<int64_t>::max());
  if (req.offset > kMaxEnd - req.data.size()) return Status(Errc::TooBig, "data past the largest file size");
  if (!req.data.empty()) MAGMA_RETURN_IF_ERROR(env.data.write(req.id, req.offset, req.data.data(), req.data.size()));
  if (req.sync) MAGMA_RETURN_IF_ERROR(env.data.sync(req.id));
  return EmptyResponse{};
}

}  // namespace magma::server::ops
