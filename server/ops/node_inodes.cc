// Node ops on inodes, at the owner of their place: GetInodes, AddLinks, PutInode,
// DropInode, InheritGroup.
#include "server/ops/names.h"
#include "server/ops/steps.h"
#include "server/ops/wire_checks.h"

namespace magma::server::ops {

Result<GetInodesResponse> run(OpEnv& env, const CallContext&, const GetInodesRequest& req) {
  if (req.refs.size() > kMaxRowsPerPage) return Status(Errc::Invalid, "too many inodes asked at once");
  GetInodesResponse resp;
  std::vector<Inode> found;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) -> Status {
    for (const InodeRef& ref : req.refs) {
      if (!env.lava.owns(place_key(ref))) {
        resp.moved.push_back(ref.id);
        continue;
      }
      std::optional<Inode> in;
      MAGMA_RETURN_IF_ERROR(assign(t.inode(ref.id), in));
      if (in) found.push_back(std::move(*in));
    }
    return Status::ok();
  }));
  // Outside the transaction: report() asks the data files for the blocks.
  for (const Inode& in : found) resp.found.push_back(entry_of(env, in));
  return resp;
}

Result<AddLinksResponse> run(OpEnv& env, const CallContext&, const AddLinksRequest& req) {
  if (req.delta < -1 || req.delta > 1) return Status(Errc::Invalid, "links change by one at a time");
  if (!req.new_path.empty()) MAGMA_RETURN_IF_ERROR(check_path(req.new_path));
  Inode in;
  Doomed doomed;
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(assign(need_inode(t, req.id), in));
    if (req.for_link) {
      // As link(2): EPERM for a directory, ENOENT for a flare whose last name is gone.
      if (in.attr.type == FlareType::Directory) return Status(Errc::Perm, "cannot hard-link directory " + in.path);
      if (in.attr.nlink == 0) return Status(Errc::NotFound, "flare " + req.id.hex() + " has no name left");
    }
    if (!req.new_path.empty() && in.attr.type != FlareType::Directory) in.path = req.new_path;
    return change_links(env, t, in, static_cast<int>(req.delta), now_ns(), doomed);
  }));
  remove_data(env, doomed);
  return AddLinksResponse{entry_of(env, in), in.attr.nlink == 0};
}

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const PutInodeRequest& req) {
  const InodeRow& row = req.inode;
  MAGMA_RETURN_IF_ERROR(check_inode_row(row));
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(t.insert_inode(Inode{row.id, row.attr, row.path, row.target, false}));
    for (const XattrRow& x : row.xattrs) MAGMA_RETURN_IF_ERROR(t.set_xattr(row.id, x.name, x.value));
    return Status::ok();
  }));
  return EmptyResponse{};
}

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const DropInodeRequest& req) {
  Doomed doomed;
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    std::optional<Inode> in;
    MAGMA_RETURN_IF_ERROR(assign(t.inode(req.id), in));
    if (!in) return Status::ok();  // an undo that ran before
    doomed.push_back(req.id);
    return t.delete_inode(req.id);
  }));
  remove_data(env, doomed);
  return EmptyResponse{};
}

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const InheritGroupRequest& req) {
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    Inode in;
    MAGMA_RETURN_IF_ERROR(assign(need_inode(t, req.id), in));
    in.attr.gid = req.gid;
    if (req.setgid && in.attr.type == FlareType::Directory) in.attr.mode |= S_ISGID;
    return t.update_inode(in);
  }));
  return EmptyResponse{};
}

}  // namespace magma::server::ops
