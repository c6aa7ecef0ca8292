// Shared pieces of the flare operations: resolution, creation, names and links.
#include "server/ops/names.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <shared_mutex>

#include "libmagma/logging.h"
#include "libmagma/path.h"
#include "server/data_files.h"
#include "server/grace_holds.h"
#include "server/open_table.h"

namespace magma::server::ops {

namespace {

// The error for a normalised path without a record: NotDir when the nearest existing
// ancestor is not a directory (as "/file/x" on POSIX), NotFound otherwise.
Status missing(Txn& t, const std::string& path) {
  for (std::string dir = parent_path(path);; dir = parent_path(dir)) {
    Result<std::optional<FlareId>> rec = t.record(dir);
    if (!rec) return rec.status();
    if (*rec) {
      Inode found;
      MAGMA_RETURN_IF_ERROR(assign(need_inode(t, **rec), found));
      if (found.attr.type != FlareType::Directory)
        return Status(Errc::NotDir, dir + " is not a directory");
      return Status(Errc::NotFound, path + " does not exist");
    }
    if (dir == "/") return Status(Errc::NotFound, path + " does not exist");
  }
}

}  // namespace

Result<Inode> need_inode(Txn& t, const FlareId& id) {
  Result<std::optional<Inode>> in = t.inode(id);
  if (!in) return in.status();
  if (!*in) return Status(Errc::Stale, "no flare " + id.hex());
  return std::move(**in);
}

Result<Inode> resolve(Txn& t, const std::string& path) {
  Result<std::optional<FlareId>> rec = t.record(path);
  if (!rec) return rec.status();
  if (!*rec) return missing(t, path);
  Result<Inode> in = need_inode(t, **rec);
  if (!in && in.code() == Errc::Stale)
    return Status(Errc::Io, "record " + path + " names a missing flare " + (*rec)->hex());
  return in;
}

Result<Inode> resolve_parent(Txn& t, const std::string& path) {
  Result<Inode> dir = resolve(t, parent_path(path));
  if (dir && dir->attr.type != FlareType::Directory)
    return Status(Errc::NotDir, parent_path(path) + " is not a directory");
  return dir;
}

Result<Inode> create_flare(Txn& t, const std::string& path, const NewFlare& spec, int64_t now) {
  Inode parent;
  MAGMA_RETURN_IF_ERROR(assign(resolve_parent(t, path), parent));
  Result<std::optional<FlareId>> existing = t.record(path);
  if (!existing) return existing.status();
  if (*existing) return Status(Errc::Exists, path + " exists");

  bool dir = spec.type == FlareType::Directory;
  bool device = spec.type == FlareType::CharDevice || spec.type == FlareType::BlockDevice;
  Inode in;
  in.id = new_flare_id(path, now);
  in.path = path;
  in.target = spec.target;
  FlareAttr& a = in.attr;
  a.type = spec.type;
  a.mode = spec.mode & kPermissionBits;
  a.uid = spec.uid;
  a.gid = spec.gid;
  if (parent.attr.mode & S_ISGID) {
    a.gid = parent.attr.gid;
    if (dir) a.mode |= S_ISGID;
  }
  a.nlink = dir ? 2 : 1;  // a directory is also named by its own "."
  a.size = spec.target.size();
  a.atime_ns = a.mtime_ns = a.ctime_ns = now;
  a.rdev = device ? spec.rdev : 0;
  MAGMA_RETURN_IF_ERROR(t.insert_inode(in));
  MAGMA_RETURN_IF_ERROR(add_name(t, parent.id, path, in.id, spec.type, now));
  return in;
}

Status add_name(Txn& t, const FlareId& parent, const std::string& path, const FlareId& id,
                FlareType type, int64_t now) {
  MAGMA_RETURN_IF_ERROR(t.insert_record(path, id));
  MAGMA_RETURN_IF_ERROR(t.insert_entry(parent_path(path), base_name(path), id, type));
  // A subdirectory's ".." links to its parent.
  return t.touch_dir(parent, type == FlareType::Directory ? 1 : 0, now);
}

Status remove_name(Txn& t, const FlareId& parent, const std::string& path, FlareType type,
                   int64_t now) {
  MAGMA_RETURN_IF_ERROR(t.delete_record(path));
  MAGMA_RETURN_IF_ERROR(t.delete_entry(parent_path(path), base_name(path)));
  return t.touch_dir(parent, type == FlareType::Directory ? -1 : 0, now);
}

Status drop_link(OpEnv& env, Txn& t, const FlareId& id, const std::string& gone_path, int64_t now,
                 Doomed& doomed) {
  Inode in;
  MAGMA_RETURN_IF_ERROR(assign(need_inode(t, id), in));
  FlareAttr& a = in.attr;
  // A removed directory loses its only name and its "." at once.
  a.nlink = (a.type == FlareType::Directory || a.nlink == 0) ? 0 : a.nlink - 1;
  a.ctime_ns = now;
  if (a.nlink == 0 && !is_kept(env, id)) {
    if (!env.grace.enabled()) {
      doomed.push_back(id);
      return t.delete_inode(id);
    }
    env.grace.hold(id);  // deleted by end_expired_graces once the grace has passed
  }
  if (a.nlink > 0 && in.path == gone_path) {
    Result<std::optional<std::string>> other = t.any_path_of(id);
    if (!other) return other.status();
    if (*other) in.path = **other;
  }
  return t.update_inode(in);
}

bool is_kept(OpEnv& env, const FlareId& id) { return env.opens.is_open(id) || env.grace.is_held(id); }

void remove_data(OpEnv& env, const Doomed& doomed) {
  for (const FlareId& id : doomed) {
    // A read that found the flare before it went finishes before its bytes do.
    std::unique_lock size_guard(env.data.size_lock(id));
    Status s = env.data.remove(id);
    // The metadata is gone; a leftover file only wastes space until the next recovery.
    if (!s.is_ok()) MAGMA_LOG(warning) << "cannot remove data of " << id.hex() << ": " << s.to_string();
  }
}

FlareAttr report(OpEnv& env, const Inode& inode) {
  FlareAttr a = inode.attr;
  a.ino = ino_of(inode.id);
  a.blocks = 0;
  if (a.type == FlareType::Regular) {
    Result<uint64_t> blocks = env.data.allocated_blocks(inode.id);
    if (blocks) a.blocks = *blocks;
  }
  return a;
}

FlareEntry entry_of(OpEnv& env, const Inode& inode) { return FlareEntry{inode.id, report(env, inode)}; }

FlareId new_flare_id(std::string_view path, int64_t now) {
  std::string seed(path);
  for (int shift = 56; shift >= 0; shift -= 8) seed.push_back(static_cast<char>(now >> shift));
  char salt[16];
  size_t got = 0;
  while (got < sizeof(salt)) {
    ssize_t n = ::getrandom(salt + got, sizeof(salt) - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // Without a salt two flares created at one path in one nanosecond would share an id.
      MAGMA_LOG(error) << "getrandom failed: " << std::strerror(errno);
      std::abort();
    }
    got += static_cast<size_t>(n);
  }
  seed.append(salt, sizeof(salt));
  return sha1_of(seed.data(), seed.size());
}

}  // namespace magma::server::ops
