// SetXattr, GetXattr, ListXattr, RemoveXattr: extended attributes by id, with the errors
// of Linux's user namespace (the only one stored; others are NotSupported).
#include <functional>

#include "server/ops/steps.h"

namespace magma::server::ops {

namespace {

constexpr std::string_view kUserPrefix = "user.";
constexpr size_t kMaxXattrName = 255;  // as XATTR_NAME_MAX

Status check_xattr_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxXattrName)
    return Status(Errc::Range, "xattr name of " + std::to_string(name.size()) + " bytes");
  if (name.compare(0, kUserPrefix.size(), kUserPrefix) != 0)
    return Status(Errc::NotSupported, "only user.* xattrs are stored, not " + name);
  if (name.size() == kUserPrefix.size()) return Status(Errc::Invalid, "empty xattr name after user.");
  return Status::ok();
}

// Linux keeps user.* xattrs only on files and directories: changing one elsewhere is
// EPERM, reading one finds nothing.
Status check_holder(const Inode& in, Errc otherwise) {
  if (in.attr.type == FlareType::Regular || in.attr.type == FlareType::Directory) return Status::ok();
  return Status(otherwise, std::string("no user xattrs on a ") + type_name(in.attr.type));
}

// A change of xattr name on id inside t, after fn decided it: ctime moves.
Status change(OpEnv& env, const FlareId& id, const std::string& name,
              const std::function<Status(Txn&, const std::optional<Bytes>&)>& fn) {
  MAGMA_RETURN_IF_ERROR(check_xattr_name(name));
  auto apply = [&](Txn& t) -> Status {
    Inode in;
    MAGMA_RETURN_IF_ERROR(assign(need_inode(t, id), in));
    MAGMA_RETURN_IF_ERROR(check_holder(in, Errc::Perm));
    MAGMA_RETURN_IF_ERROR(check_not_moving(env, in));
    std::optional<Bytes> old;
    MAGMA_RETURN_IF_ERROR(assign(t.xattr(id, name), old));
    MAGMA_RETURN_IF_ERROR(fn(t, old));
    return t.add_links(id, 0, now_ns());
  };
  return retry_busy([&] { return env.store.write(apply); });
}

}  // namespace

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const SetXattrRequest& req) {
  if (req.flags & ~uint32_t{kXattrCreate | kXattrReplace}) return Status(Errc::Invalid, "unknown xattr flags");
  if ((req.flags & kXattrCreate) && (req.flags & kXattrReplace))
    return Status(Errc::Invalid, "xattr flags Create and Replace exclude each other");
  if (req.value.size() > kMaxXattrValue)
    return Status(Errc::Range, "xattr value of " + std::to_string(req.value.size()) + " bytes");
  MAGMA_RETURN_IF_ERROR(change(env, req.id, req.name, [&](Txn& t, const std::optional<Bytes>& old) {
    if (old && (req.flags & kXattrCreate)) return Status(Errc::Exists, req.name + " exists");
    if (!old && (req.flags & kXattrReplace)) return Status(Errc::NoData, "no xattr " + req.name);
    return t.set_xattr(req.id, req.name, req.value);
  }));
  return EmptyResponse{};
}

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const RemoveXattrRequest& req) {
  MAGMA_RETURN_IF_ERROR(change(env, req.id, req.name, [&](Txn& t, const std::optional<Bytes>& old) {
    if (!old) return Status(Errc::NoData, "no xattr " + req.name);
    return t.remove_xattr(req.id, req.name).status();
  }));
  return EmptyResponse{};
}

Result<XattrValueResponse> run(OpEnv& env, const CallContext&, const GetXattrRequest& req) {
  MAGMA_RETURN_IF_ERROR(check_xattr_name(req.name));
  std::optional<Bytes> value;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) -> Status {
    Inode in;
    MAGMA_RETURN_IF_ERROR(assign(need_inode(t, req.id), in));
    MAGMA_RETURN_IF_ERROR(check_holder(in, Errc::NoData));
    return assign(t.xattr(req.id, req.name), value);
  }));
  if (!value) return Status(Errc::NoData, "no xattr " + req.name);
  return XattrValueResponse{std::move(*value)};
}

Result<XattrListResponse> run(OpEnv& env, const CallContext&, const ListXattrRequest& req) {
  XattrListResponse resp;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(need_inode(t, req.id));
    return assign(t.xattr_names(req.id), resp.names);
  }));
  return resp;
}

}  // namespace magma::server::ops
