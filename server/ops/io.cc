// Read, Write and Fsync: a regular flare's data by id. The data I/O runs outside the
// store's mutex; only the size and times go through a transaction.
#include <algorithm>
#include <limits>
#include <shared_mutex>

#include "libmagma/frame.h"
#include "server/data_files.h"
#include "server/ops/names.h"

namespace magma::server::ops {

namespace {

constexpr uint64_t kMaxFileEnd = uint64_t(std::numeric_limits<int64_t>::max());

Status check_regular(const Inode& in) {
  if (in.attr.type == FlareType::Directory) return Status(Errc::IsDir, in.path + " is a directory");
  if (in.attr.type != FlareType::Regular) return Status(Errc::Invalid, in.path + " is not a regular file");
  return Status::ok();
}

Result<Inode> regular(OpEnv& env, const FlareId& id) {
  Inode in;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) { return assign(need_inode(t, id), in); }));
  MAGMA_RETURN_IF_ERROR(check_regular(in));
  return in;
}

// Records a write that ended at end (durably for a stable write). Stale when the flare
// vanished meanwhile; its remover deletes the data file once this write lets go of the
// size lock, so a file the pwrite re-created does not linger.
Result<Inode> commit_write(OpEnv& env, const FlareId& id, uint64_t end, bool stable) {
  Inode in;
  auto fn = [&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(assign(need_inode(t, id), in));
    in.attr.size = std::max(in.attr.size, end);
    in.attr.mtime_ns = in.attr.ctime_ns = now_ns();
    return t.update_inode(in);
  };
  MAGMA_RETURN_IF_ERROR(stable ? env.store.write_durable(fn) : env.store.write(fn));
  return in;
}

}  // namespace

Result<ReadResponse> run(OpEnv& env, const CallContext&, const ReadRequest& req) {
  if (req.size > kMaxIoSize) return Status(Errc::Invalid, "read of more than kMaxIoSize bytes");
  // Without it a truncation between reading the size and the data would turn the cut
  // bytes into zeros that the file never held.
  std::shared_lock size_guard(env.data.size_lock(req.id));
  Result<Inode> in = regular(env, req.id);
  if (!in) return in.status();
  ReadResponse resp;
  resp.attr = report(env, *in);
  if (req.offset >= in->attr.size) return resp;
  size_t n = static_cast<size_t>(std::min<uint64_t>(req.size, in->attr.size - req.offset));
  resp.data.assign(n, 0);  // what the data file lacks reads as zeros
  Result<size_t> got = env.data.read(req.id, req.offset, resp.data.data(), n);
  if (!got) return got.status();
  return resp;
}

Result<AttrResponse> run(OpEnv& env, const CallContext&, const WriteRequest& req) {
  if (req.data.size() > kMaxIoSize) return Status(Errc::Invalid, "write of more than kMaxIoSize bytes");
  if (req.offset > kMaxFileEnd || req.data.size() > kMaxFileEnd - req.offset)
    return Status(Errc::TooBig, "write past the largest file size");
  std::shared_lock size_guard(env.data.size_lock(req.id));
  Result<Inode> in = regular(env, req.id);
  if (!in) return in.status();
  if (req.data.empty()) return AttrResponse{report(env, *in)};
  MAGMA_RETURN_IF_ERROR(env.data.write(req.id, req.offset, req.data.data(), req.data.size()));
  if (req.stable) MAGMA_RETURN_IF_ERROR(env.data.sync(req.id));
  in = commit_write(env, req.id, req.offset + req.data.size(), req.stable);
  if (!in) return in.status();
  return AttrResponse{report(env, *in)};
}

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const FsyncRequest& req) {
  Inode in;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) { return assign(need_inode(t, req.id), in); }));
  // datasync would allow skipping metadata that reads do not need, but the size is such
  // metadata and the WAL sync is one fsync either way.
  if (in.attr.type == FlareType::Regular) MAGMA_RETURN_IF_ERROR(env.data.sync(in.id));
  MAGMA_RETURN_IF_ERROR(env.store.make_durable());
  return EmptyResponse{};
}

}  // namespace magma::server::ops
