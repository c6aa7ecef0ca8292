// Readying a store when the service opens: bootstrap, orphans, and data-file repair after
// an unclean shutdown.
#include "libmagma/logging.h"
#include "server/data_files.h"
#include "server/ops/names.h"

namespace magma::server::ops {

namespace {

Status ensure_root(OpEnv& env, bool bootstrap) {
  return env.store.write([&](Txn& t) -> Status {
    Result<std::optional<FlareId>> root_record = t.record("/");
    if (!root_record) return root_record.status();
    if (*root_record) return Status::ok();  // bootstrapping again keeps what is there
    if (!bootstrap)
      return Status(Errc::Invalid, "storage directory " + env.options.storage_dir +
                                       " is not bootstrapped (start with -b)");
    int64_t now = now_ns();
    Inode root;
    root.id = new_flare_id("/", now);
    root.path = std::string(1, '/');  // not = "/": GCC 12 warns falsely (PR 105329)
    root.attr.type = FlareType::Directory;
    root.attr.mode = 0755;
    root.attr.nlink = 2;
    root.attr.atime_ns = root.attr.mtime_ns = root.attr.ctime_ns = now;
    MAGMA_RETURN_IF_ERROR(t.insert_inode(root));
    MAGMA_RETURN_IF_ERROR(t.insert_record("/", root.id));
    NewFlare dht;
    dht.type = FlareType::Directory;
    dht.mode = 0755;
    MAGMA_RETURN_IF_ERROR(create_flare(t, "/.dht", dht, now));
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
