// Readying a store when the service opens: bootstrap, orphans, and data-file repair after
// an unclean shutdown.
#include "libmagma/logging.h"
#include "server/data_files.h"
#include "server/ops/names.h"

namespace magma::server::ops {

namespace {

// A directory inode for bootstrap, made by the volcano that owns every key.
Inode bootstrap_dir(OpEnv& env, const std::string& path, int64_t now) {
  Inode dir;
  dir.id = new_flare_id(env.store.key_of()(path));
  dir.path = path;
  dir.attr.type = FlareType::Directory;
  dir.attr.mode = 0755;
  dir.attr.nlink = 2;  // its name and its own "."
  dir.attr.atime_ns = dir.attr.mtime_ns = dir.attr.ctime_ns = now;
  return dir;
}

Status ensure_root(OpEnv& env, bool bootstrap) {
  return env.store.write([&](Txn& t) -> Status {
    std::optional<RecordRow> root_record;
    MAGMA_RETURN_IF_ERROR(assign(t.record("/"), root_record));
    if (root_record) return Status::ok();  // bootstrapping again keeps what is there
    // Only one volcano of a lava holds "/": a joiner's store fills up by hand-off.
    if (!bootstrap && env.options.joining) return Status::ok();
    if (!bootstrap)
      return Status(Errc::Invalid, "storage directory " + env.options.storage_dir +
                                       " is not bootstrapped (start with -b)");
    int64_t now = now_ns();
    Inode root = bootstrap_dir(env, "/", now), dht = bootstrap_dir(env, "/.dht", now);
    root.attr.nlink += 1;  // /.dht's ".."
    for (const Inode* dir : {&root, &dht}) {
      MAGMA_RETURN_IF_ERROR(t.insert_inode(*dir));
      MAGMA_RETURN_IF_ERROR(t.insert_record(dir->path, dir->id, FlareType::Directory));
    }
    uint64_t cookie = 0;
    MAGMA_RETURN_IF_ERROR(assign(t.take_cookie(root.id), cookie));
    MAGMA_RETURN_IF_ERROR(t.insert_entry("/", ".dht", cookie, dht.id, FlareType::Directory));
    MAGMA_LOG(info) << "bootstrapped storage " << env.options.storage_dir;
    return Status::ok();
  });
}

// Flares with no name left were kept only for sessions that held them open; no session
// survives a restart.
Status delete_orphans(OpEnv& env) {
  Doomed doomed;
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(assign(t.orphans(), doomed));
    for (const FlareId& id : doomed) MAGMA_RETURN_IF_ERROR(t.delete_inode(id));
    return Status::ok();
  }));
  if (!doomed.empty()) MAGMA_LOG(info) << "deleted " << doomed.size() << " orphaned flares";
  remove_data(env, doomed);
  return Status::ok();
}

// After a crash a data file may hold bytes past its flare's size (a write whose size never
// committed) or belong to no flare (a deletion whose unlink never ran). Cut the first so
// that no stale byte shows up inside a later extension; delete the second. Costs a walk of
// every data file, so it runs only after an unclean shutdown.
Status repair_data_files(OpEnv& env) {
  std::vector<std::pair<FlareId, uint64_t>> files;
  MAGMA_RETURN_IF_ERROR(env.data.for_each([&](const FlareId& id, uint64_t length) {
    files.emplace_back(id, length);
    return Status::ok();
  }));
  Doomed strays;
  std::vector<std::pair<FlareId, uint64_t>> cuts;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) -> Status {
    for (const auto& [id, length] : files) {
      Result<std::optional<Inode>> in = t.inode(id);
      if (!in) return in.status();
      if (!*in) strays.push_back(id);
      else if (length > (*in)->attr.size) cuts.emplace_back(id, (*in)->attr.size);
    }
    return Status::ok();
  }));
  for (const auto& [id, size] : cuts) MAGMA_RETURN_IF_ERROR(env.data.truncate(id, size));
  remove_data(env, strays);
  MAGMA_LOG(info) << "unclean shutdown: checked " << files.size() << " data files, cut " << cuts.size()
                  << ", removed " << strays.size();
  return Status::ok();
}

}  // namespace

Status prepare_store(OpEnv& env, bool bootstrap) {
  MAGMA_RETURN_IF_ERROR(ensure_root(env, bootstrap));
  MAGMA_RETURN_IF_ERROR(delete_orphans(env));
  if (!env.store.clean_start()) MAGMA_RETURN_IF_ERROR(repair_data_files(env));
  return Status::ok();
}

}  // namespace magma::server::ops
