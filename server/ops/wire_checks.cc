// Checks of node-op input.
#include "server/ops/wire_checks.h"

#include "libmagma/path.h"
#include "server/lava.h"
#include "server/ops/names.h"

namespace magma::server::ops {

Status check_path(const std::string& path) {
  Result<std::string> normal = normalise_path(path);
  if (!normal) return normal.status();
  if (*normal != path) return Status(Errc::Invalid, "path " + path + " is not normalised");
  return Status::ok();
}

Status check_below_root(const std::string& path) {
  MAGMA_RETURN_IF_ERROR(check_path(path));
  if (path == "/") return Status(Errc::Invalid, "/ cannot be changed by a node op");
  return Status::ok();
}

Status check_entry_name(const std::string& dir, const std::string& name) {
  MAGMA_RETURN_IF_ERROR(check_path(dir));
  return child_path(dir, name).status();
}

Status check_type(FlareType type) {
  return enum_in_range(type) ? Status::ok() : Status(Errc::Invalid, "unknown flare type");
}

Status check_limit(uint32_t limit) {
  if (limit == 0 || limit > kMaxRowsPerPage) return Status(Errc::Invalid, "page of " + std::to_string(limit) + " rows");
  return Status::ok();
}

Status check_cursor(const RowCursor& cursor) {
  return cursor.table <= RowCursor::kDone ? Status::ok() : Status(Errc::Invalid, "unknown export cursor");
}

Status check_inode_row(const InodeRow& row) {
  const FlareAttr& a = row.attr;
  MAGMA_RETURN_IF_ERROR(check_type(a.type));
  MAGMA_RETURN_IF_ERROR(check_path(row.path));
  if (a.mode & ~kPermissionBits) return Status(Errc::Invalid, "mode with more than permission bits");
  if (row.target.size() > kMaxPathLength) return Status(Errc::Invalid, "symlink target too long");
  if (row.xattrs.size() > kMaxRowsPerPage) return Status(Errc::Invalid, "too many xattrs");
  for (const XattrRow& x : row.xattrs)
    if (x.name.empty() || x.name.size() > 255 || x.value.size() > kMaxXattrValue)
      return Status(Errc::Invalid, "malformed xattr of " + row.id.hex());
  return Status::ok();
}

Status check_rows(const Rows& rows) {
  for (const RecordRow& r : rows.records) {
    MAGMA_RETURN_IF_ERROR(check_path(r.path));  // a hand-off moves "/" too
    MAGMA_RETURN_IF_ERROR(check_type(r.type));
  }
  for (const InodeRow& r : rows.inodes) MAGMA_RETURN_IF_ERROR(check_inode_row(r));
  for (const EntryRow& e : rows.entries) {
    MAGMA_RETURN_IF_ERROR(check_entry_name(e.dir, e.name));
    MAGMA_RETURN_IF_ERROR(check_type(e.type));
  }
  return Status::ok();
}

Status check_owned(OpEnv& env, const Key& key) {
  if (env.lava.owns(key)) return Status::ok();
  return Status(Errc::Moved, "key " + key.hex() + " is not owned here");
}

}  // namespace magma::server::ops
