// The coordinator's lookups across volcanos.
#include "server/ops/steps.h"

#include "libmagma/path.h"

namespace magma::server::ops {

namespace {

// A GetInodes answer that names refs moved since the batch was formed is retried for those
// alone, this many times, as the topology settles.
constexpr int kFetchRounds = 3;

}  // namespace

Result<std::optional<RecordRow>> find_record(OpEnv& env, const std::string& path) {
  Result<NamedResponse> r = at_owner(env, GetRecordRequest{path});
  if (!r) return r.status();
  if (!r->found) return std::optional<RecordRow>();
  return std::optional<RecordRow>(RecordRow{path, r->id, r->type});
}

Status missing_status(OpEnv& env, const std::string& path) {
  for (std::string dir = parent_path(path);; dir = parent_path(dir)) {
    Result<std::optional<RecordRow>> rec = find_record(env, dir);
    if (!rec) return rec.status();
    if (*rec) {
      if ((*rec)->type != FlareType::Directory) return Status(Errc::NotDir, dir + " is not a directory");
      return Status(Errc::NotFound, path + " does not exist");
    }
    if (dir == "/") return Status(Errc::NotFound, path + " does not exist");
  }
}

Result<RecordRow> need_record(OpEnv& env, const std::string& path) {
  Result<std::optional<RecordRow>> rec = find_record(env, path);
  if (!rec) return rec.status();
  if (!*rec) return missing_status(env, path);
  return std::move(**rec);
}

InodeRef ref_of(OpEnv& env, const std::string& path, const FlareId& id, FlareType type) {
  if (type == FlareType::Directory) return InodeRef{id, env.store.key_of()(path)};
  return InodeRef{id, Key{}};
}

Key place_key(const InodeRef& ref) { return place_of(ref.id, ref.place); }

Result<std::map<FlareId, FlareEntry>> fetch_entries(OpEnv& env, const std::vector<InodeRef>& refs) {
  std::map<FlareId, FlareEntry> found;
  std::vector<InodeRef> todo = refs;
  for (int round = 0; !todo.empty(); ++round) {
    // One batch per owner, as the topology stands now.
    std::map<std::string, std::vector<InodeRef>> by_owner;
    for (const InodeRef& ref : todo) by_owner[env.lava.owner_of(place_key(ref)).nickname].push_back(ref);
    std::vector<InodeRef> moved;
    for (auto& [owner, batch] : by_owner) {
      for (size_t at = 0; at < batch.size(); at += kMaxRowsPerPage) {
        GetInodesRequest req;
        req.refs.assign(batch.begin() + at, batch.begin() + std::min(batch.size(), at + kMaxRowsPerPage));
        Result<GetInodesResponse> got = at_owner(env, req);
        if (!got) return got.status();
        for (FlareEntry& e : got->found) found[e.id] = std::move(e);
        for (const FlareId& id : got->moved)
          for (const InodeRef& ref : req.refs)
            if (ref.id == id) moved.push_back(ref);
      }
    }
    if (!moved.empty() && round + 1 == kFetchRounds)
      return Status(Errc::Moved, "the owners of " + std::to_string(moved.size()) + " flares keep changing");
    todo = std::move(moved);
  }
  return found;
}

Result<AddLinksResponse> add_links(OpEnv& env, const InodeRef& ref, int delta, bool for_link,
                                   const std::string& new_path) {
  return at_owner(env, AddLinksRequest{ref.id, ref.place, delta, for_link, new_path});
}

}  // namespace magma::server::ops
