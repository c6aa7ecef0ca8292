// A directory rename's re-keying across the lava: freeze, copy, delete.
#include "server/ops/subtree.h"

#include <cstring>
#include <map>

#include "libmagma/logging.h"
#include "libmagma/path.h"
#include "server/ops/steps.h"

namespace magma::server::ops {

namespace {

uint64_t random_token() {
  FlareId salt = new_flare_id(Key{});
  uint64_t token = 0;
  std::memcpy(&token, salt.bytes.data() + Key::kSize - sizeof(token), sizeof(token));
  return token;
}

// path with its prefix from replaced by to. REQUIRES: path is at or below from.
Result<std::string> repath(const std::string& path, const std::string& from, const std::string& to) {
  std::string moved = to + path.substr(from.size());
  if (moved.size() > kMaxPathLength) return Status(Errc::NameTooLong, "moving " + path + " to " + moved);
  return moved;
}

Status repath_rows(Rows& rows, const std::string& from, const std::string& to) {
  // The record at from itself is the caller's: it is put once the new entry is in place.
  std::erase_if(rows.records, [&](const RecordRow& r) { return r.path == from; });
  for (RecordRow& r : rows.records) MAGMA_RETURN_IF_ERROR(assign(repath(r.path, from, to), r.path));
  for (InodeRow& r : rows.inodes) MAGMA_RETURN_IF_ERROR(assign(repath(r.path, from, to), r.path));
  for (EntryRow& e : rows.entries) MAGMA_RETURN_IF_ERROR(assign(repath(e.dir, from, to), e.dir));
  return Status::ok();
}

// Stores rows at the owners of their keys, one ImportRows per owner. A Moved answer (the
// topology changed since the rows were grouped) groups them again.
Status import_everywhere(OpEnv& env, const Rows& rows) {
  const KeyFunction& key_of = env.store.key_of();
  for (int round = 0;; ++round) {
    std::map<std::string, Rows> by_owner;
    auto owner = [&](const Key& k) -> Rows& { return by_owner[env.lava.owner_of(k).nickname]; };
    for (const RecordRow& r : rows.records) owner(key_of(r.path)).records.push_back(r);
    for (const InodeRow& r : rows.inodes) owner(place_of_inode(r, key_of)).inodes.push_back(r);
    for (const EntryRow& e : rows.entries) owner(key_of(e.dir)).entries.push_back(e);
    Status s;
    for (auto& [nickname, part] : by_owner) {
      Result<EmptyResponse> r = at_owner(env, ImportRowsRequest{std::move(part), true});
      if (!r) {
        s = r.status();
        break;
      }
    }
    if (s.code() != Errc::Moved || round == Lava::kMaxMoves) return s;
  }
}

}  // namespace

Frozen::Frozen(OpEnv& env) : env_(env), token_(random_token()), renewed_(std::chrono::steady_clock::now()) {}

Frozen::~Frozen() {
  for (const std::string& path : paths_) {
    Status s = send(path, false);
    if (!s.is_ok()) MAGMA_LOG(warning) << "cannot thaw " << path << " everywhere: " << s.to_string();
  }
}

Status Frozen::send(const std::string& path, bool frozen) {
  for (const VolcanoInfo& v : env_.lava.topology().volcanos) {
    Result<EmptyResponse> r = env_.lava.call(v, FreezeSubtreeRequest{path, token_, frozen});
    if (!r) return r.status();
  }
  return Status::ok();
}

Status Frozen::add(const std::string& path) {
  paths_.push_back(path);  // thawed by the destructor even when a volcano failed now
  return send(path, true);
}

Status Frozen::renew_if_due() {
  auto now = std::chrono::steady_clock::now();
  if (now - renewed_ < Guards::kFreezeLease / 2) return Status::ok();
  renewed_ = now;
  for (const std::string& path : paths_) MAGMA_RETURN_IF_ERROR(send(path, true));
  return Status::ok();
}

Status copy_subtree(OpEnv& env, Frozen& frozen, const std::string& from, const std::string& to) {
  for (const VolcanoInfo& v : env.lava.topology().volcanos) {
    RowCursor cursor;
    while (cursor.table != RowCursor::kDone) {
      Result<RowsResponse> page = env.lava.call(v, ExportSubtreeRequest{from, cursor, kMaxRowsPerPage});
      if (!page) return page.status();
      MAGMA_RETURN_IF_ERROR(repath_rows(page->rows, from, to));
      if (page->rows.size() > 0) MAGMA_RETURN_IF_ERROR(import_everywhere(env, page->rows));
      cursor = page->next;
      MAGMA_RETURN_IF_ERROR(frozen.renew_if_due());
    }
  }
  return Status::ok();
}

Status delete_subtree(OpEnv& env, const std::string& path, bool keep_root_record, const FlareId& keep_inode) {
  for (const VolcanoInfo& v : env.lava.topology().volcanos) {
    Result<EmptyResponse> r = env.lava.call(v, DeleteSubtreeRequest{path, keep_root_record, keep_inode});
    if (!r) return r.status();
  }
  return Status::ok();
}

// "\x01" cannot be typed in a shell, so no client stumbles on one.
std::string parking_path() { return "/\x01" "exchange-" + new_flare_id(Key{}).hex(); }

}  // namespace magma::server::ops
