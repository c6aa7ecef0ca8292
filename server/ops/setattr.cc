// SetAttr: mode, owner, size and times of a flare by id, as chmod/chown/truncate/utimensat.
#include <limits>
#include <shared_mutex>

#include "server/data_files.h"
#include "server/ops/steps.h"

namespace magma::server::ops {

namespace {

constexpr uint32_t kKnownMask =
    kSetMode | kSetUid | kSetGid | kSetSize | kSetAtime | kSetAtimeNow | kSetMtime | kSetMtimeNow;

Status check_size_change(const Inode& in, uint64_t size) {
  if (in.attr.type == FlareType::Directory) return Status(Errc::IsDir, in.path + " is a directory");
  if (in.attr.type != FlareType::Regular) return Status(Errc::Invalid, in.path + " is not a regular file");
  if (size > uint64_t(std::numeric_limits<int64_t>::max()))
    return Status(Errc::TooBig, "size " + std::to_string(size) + " is too large");
  return Status::ok();
}

void apply(FlareAttr& a, const SetAttrRequest& req, int64_t now) {
  uint32_t m = req.mask;
  if (m & kSetMode) a.mode = req.mode & kPermissionBits;
  if (m & kSetUid) a.uid = req.uid;
  if (m & kSetGid) a.gid = req.gid;
  if (m & kSetSize) {
    a.size = req.size;
    a.mtime_ns = now;  // as truncate(2); an explicit mtime below wins
  }
  if (m & kSetAtimeNow) a.atime_ns = now;
  else if (m & kSetAtime) a.atime_ns = req.atime_ns;
  if (m & kSetMtimeNow) a.mtime_ns = now;
  else if (m & kSetMtime) a.mtime_ns = req.mtime_ns;
  if (m) a.ctime_ns = now;
}

}  // namespace

Result<AttrResponse> run(OpEnv& env, const CallContext&, const SetAttrRequest& req) {
  if (req.mask & ~kKnownMask) return Status(Errc::Invalid, "unknown SetAttr mask bits");
  bool resize = req.mask & kSetSize;
  // A truncation must not cut bytes that a concurrent write is about to acknowledge.
  std::unique_lock<std::shared_mutex> size_guard;
  if (resize) size_guard = std::unique_lock(env.data.size_lock(req.id));
  Inode in;
  auto change = [&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(assign(need_inode(t, req.id), in));
    MAGMA_RETURN_IF_ERROR(check_not_moving(env, in));
    if (resize) MAGMA_RETURN_IF_ERROR(check_size_change(in, req.size));
    uint64_t old_size = in.attr.size;
    apply(in.attr, req, now_ns());
    // Shrink the data before committing the size: a crash in between leaves zeros in the
    // cut tail, never old bytes inside a later extension. Growing needs no data change,
    // since bytes past the data file's end read as zeros.
    if (resize && req.size < old_size) MAGMA_RETURN_IF_ERROR(env.data.truncate(in.id, req.size));
    return t.update_inode(in);
  };
  MAGMA_RETURN_IF_ERROR(retry_busy([&] { return env.store.write(change); }));
  return AttrResponse{report(env, in)};
}

}  // namespace magma::server::ops
