// The ACL at the serving volcano: what each flare request needs, and the check.
#include "server/access_guard.h"

#include "acl/acl.h"
#include "server/flare_store.h"
#include "server/ops/names.h"
#include "server/ops/ops.h"
#include "server/shares.h"

namespace magma::server {

namespace {

using acl::Access;

// Judges one request's client against the rules in force when it arrived.
class Judge {
 public:
  Judge(OpEnv& env, const boost::asio::ip::address& client)
      : env_(env), client_(client), acl_(env.shares.current()) {}

  Status path(std::string_view lava_path, Access want) const {
    Status s = acl::check_access(acl_->decide(client_, lava_path), want);
    if (s.is_ok()) return s;
    return Status(s.code(), client_.to_string() + " may not " + (want == Access::Write ? "change " : "read ") +
                                std::string(lava_path) + ": " + s.message());
  }

  // A flare by its id, or a directory by its place and inode number: judged by its
  // inode's path (see the header).
  Status id(const FlareId& flare, Access want) const {
    return stored(want, [&](FlareStore::Txn& t) { return t.inode(flare); });
  }
  Status dir(const Key& place, uint64_t ino, Access want) const {
    return stored(want, [&](FlareStore::Txn& t) { return t.dir_inode_at(place, ino); });
  }

 private:
  // One share on "/" whose rules all apply to the whole share (the built-in default, a
  // lava shared whole): the decision is the same for every path, so no inode is read.
  bool path_independent() const {
    const auto& shares = acl_->shares();
    if (shares.size() != 1 || shares[0].path != "/") return false;
    for (const acl::Rule& r : shares[0].rules)
      if (r.subpath != "/") return false;
    return true;
  }

  // The decision on the path of the inode find reads, if it finds one.
  template <class Find>
  Status stored(Access want, Find find) const {
    if (path_independent()) return path("/", want);
    std::optional<Inode> inode;
    MAGMA_RETURN_IF_ERROR(env_.store.read([&](FlareStore::Txn& t) { return ops::assign(find(t), inode); }));
    return inode ? path(inode->path, want) : Status::ok();
  }

  OpEnv& env_;
  const boost::asio::ip::address& client_;
  std::shared_ptr<const acl::Acl> acl_;
};

// Requests that touch no flare need nothing (node ops among them).
template <class Request>
Status check(const Judge&, const Request&) {
  return Status::ok();
}

Status check(const Judge& j, const LookupRequest& r) { return j.path(r.path, Access::Read); }
Status check(const Judge& j, const ReadDirRequest& r) { return j.path(r.path, Access::Read); }
Status check(const Judge& j, const MknodRequest& r) { return j.path(r.path, Access::Write); }
Status check(const Judge& j, const SymlinkRequest& r) { return j.path(r.path, Access::Write); }
Status check(const Judge& j, const UnlinkRequest& r) { return j.path(r.path, Access::Write); }
Status check(const Judge& j, const RmdirRequest& r) { return j.path(r.path, Access::Write); }
Status check(const Judge& j, const RenameRequest& r) {
  MAGMA_RETURN_IF_ERROR(j.path(r.from, Access::Write));
  return j.path(r.to, Access::Write);
}
Status check(const Judge& j, const LinkRequest& r) {
  MAGMA_RETURN_IF_ERROR(j.path(r.new_path, Access::Write));
  return j.id(r.id, Access::Read);
}
Status check(const Judge& j, const ResolveDirRequest& r) { return j.dir(r.place, r.ino, Access::Read); }
Status check(const Judge& j, const GetAttrRequest& r) { return j.id(r.id, Access::Read); }
Status check(const Judge& j, const OpenRequest& r) { return j.id(r.id, Access::Read); }
Status check(const Judge& j, const ReadRequest& r) { return j.id(r.id, Access::Read); }
Status check(const Judge& j, const ReadlinkRequest& r) { return j.id(r.id, Access::Read); }
Status check(const Judge& j, const FsyncRequest& r) { return j.id(r.id, Access::Read); }
Status check(const Judge& j, const GetXattrRequest& r) { return j.id(r.id, Access::Read); }
Status check(const Judge& j, const ListXattrRequest& r) { return j.id(r.id, Access::Read); }
Status check(const Judge& j, const SetAttrRequest& r) { return j.id(r.id, Access::Write); }
Status check(const Judge& j, const WriteRequest& r) { return j.id(r.id, Access::Write); }
Status check(const Judge& j, const SetXattrRequest& r) { return j.id(r.id, Access::Write); }
Status check(const Judge& j, const RemoveXattrRequest& r) { return j.id(r.id, Access::Write); }

}  // namespace

#define MAGMA_FLARE_OP(Name, id, Request, Response)                            \
  Status guard_access(OpEnv& env, const CallContext& ctx, const Request& req) { \
    if (!ctx.client) return Status::ok();                                      \
    return check(Judge(env, *ctx.client), req);                                \
  }
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP

}  // namespace magma::server
