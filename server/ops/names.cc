// Shared pieces of the operations on one volcano: inodes, links, reports and new ids.
#include "server/ops/names.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <shared_mutex>

#include "libmagma/logging.h"
#include "server/data_files.h"
#include "server/grace_holds.h"
#include "server/open_table.h"

namespace magma::server::ops {

Result<Inode> need_inode(Txn& t, const FlareId& id) {
  Result<std::optional<Inode>> in = t.inode(id);
  if (!in) return in.status();
  if (!*in) return Status(Errc::Stale, "no flare " + id.hex());
  return std::move(**in);
}

Status change_links(OpEnv& env, Txn& t, Inode& in, int delta, int64_t now, Doomed& doomed) {
  FlareAttr& a = in.attr;
  if (delta < 0) a.nlink = (a.type == FlareType::Directory || a.nlink == 0) ? 0 : a.nlink - 1;
  else a.nlink += static_cast<uint32_t>(delta);
  a.ctime_ns = now;
  if (delta < 0 && a.nlink == 0 && !is_kept(env, in.id)) {
    if (!env.grace.enabled()) {
      doomed.push_back(in.id);
      return t.delete_inode(in.id);
    }
    env.grace.hold(in.id);  // deleted by end_expired_graces once the grace has passed
  }
  return t.update_inode(in);
}

Status check_not_moving(OpEnv& env, const Inode& in) {
  return in.attr.type == FlareType::Directory ? env.guards->check_unfrozen(in.path) : Status::ok();
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

FlareId new_flare_id(const Key& path_key) {
  FlareId id = path_key;
  uint8_t* salt = id.bytes.data() + kIdPrefix;
  size_t want = Key::kSize - kIdPrefix, got = 0;
  while (got < want) {
    ssize_t n = ::getrandom(salt + got, want - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // Without a salt two flares created at one path would share an id.
      MAGMA_LOG(error) << "getrandom failed: " << std::strerror(errno);
      std::abort();
    }
    got += static_cast<size_t>(n);
  }
  return id;
}

}  // namespace magma::server::ops
