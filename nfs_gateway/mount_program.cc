// The MOUNT v1 procedures on rpcgen's XDR routines (rpcgen/mount.x). Paths are looked up
// through the FlareService, so any volcano's gateway mounts any directory of the lava.
#include "nfs_gateway/mount_program.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "libmagma/logging.h"
#include "libmagma/path.h"
#include "nfs_gateway/file_handle.h"
#include "rpcgen/mount.h"
#include "server/flare_service.h"

namespace magma::nfs {

using rpc::AcceptStat;

namespace {

// What a DUMP reply may fill: the results buffer less room for what the RPC layer adds.
constexpr size_t kDumpBudget = rpc::RpcProgram::kMaxResultBytes - 1024;

// Bytes of a string<> in XDR: its length word and its bytes padded to 4.
size_t xdr_string_size(const std::string& s) { return 4 + (s.size() + 3) / 4 * 4; }

// Reads a dirpath argument. xdr_bytes rather than rpcgen's xdr_dirpath (the same bytes on
// the wire): a C string would hide a NUL inside the path, which normalise_path refuses.
std::optional<std::string> decode_dirpath(XDR* args) {
  char buf[MNTPATHLEN];
  char* data = buf;
  u_int length = 0;
  if (!xdr_bytes(args, &data, &length, MNTPATHLEN)) return std::nullopt;
  return std::string(data, length);
}

AcceptStat encode(XDR* results, xdrproc_t proc, void* value) {
  return proc(results, value) ? AcceptStat::Success : AcceptStat::SystemErr;
}

// The addresses share's rules grant anything to, each once, in file order.
std::vector<std::string> groups_of(const acl::Share& share) {
  std::vector<std::string> groups;
  for (const acl::Rule& r : share.rules)
    if (r.access != acl::Access::None && std::find(groups.begin(), groups.end(), r.address) == groups.end())
      groups.push_back(r.address);
  return groups;
}

}  // namespace

MountProgram::MountProgram(server::FlareService& service, ShareSource shares, KeyFunction key_of)
    : service_(service), shares_(std::move(shares)), key_of_(std::move(key_of)) {}

// Running any MOUNT procedure twice answers the same: MNT gives the same handle and keeps
// one entry per host and path, UMNT and UMNTALL reply void whether or not the entry was
// still there. None needs the duplicate-request cache.
bool MountProgram::is_idempotent(uint32_t, uint32_t) const { return true; }

AcceptStat MountProgram::dispatch(const rpc::RpcCall& call, XDR* args, XDR* results) {
  switch (call.procedure) {
    case MOUNTPROC_NULL:
      return AcceptStat::Success;
    case MOUNTPROC_MNT:
      return mnt(call, args, results);
    case MOUNTPROC_DUMP:
      return dump(results);
    case MOUNTPROC_UMNT:
      return umnt(call, args);
    case MOUNTPROC_UMNTALL:
      mounts_.remove_host(call.caller.address.to_string());
      return AcceptStat::Success;
    case MOUNTPROC_EXPORT:
      return export_list(results);
    default:
      return AcceptStat::ProcUnavail;
  }
}

AcceptStat MountProgram::mnt(const rpc::RpcCall& call, XDR* args, XDR* results) {
  std::optional<std::string> requested = decode_dirpath(args);
  if (!requested) return AcceptStat::GarbageArgs;
  std::string host = call.caller.address.to_string();
  Mounted m = mount(*requested, call.caller.address);
  fhstatus reply{};
  reply.fhs_status = static_cast<u_int>(m.error);
  if (m.error == 0) {
    std::memcpy(reply.fhstatus_u.fhs_fhandle, m.handle.data(), FHSIZE);
    MAGMA_LOG(info) << "nfs: " << host << " mounted " << m.path;
    mounts_.add(std::move(host), std::move(m.path));
  } else {
    MAGMA_DEBUG('n') << "nfs: " << host << " cannot mount '" << *requested << "': " << std::strerror(m.error);
  }
  return encode(results, reinterpret_cast<xdrproc_t>(xdr_fhstatus), &reply);
}

MountProgram::Mounted MountProgram::mount(const std::string& requested, const boost::asio::ip::address& client) const {
  Result<std::string> path = normalise_path(requested);
  if (!path) return Mounted::failed(to_errno(path.code()));
  std::shared_ptr<const acl::Acl> shares = shares_();
  acl::Decision may = shares->decide(client, *path);
  if (!acl::allows(may.access, acl::Access::Read)) {
    MAGMA_DEBUG('n') << "nfs: " << client << " may not mount " << *path << ": " << acl::decision_reason(may);
    return Mounted::failed(EACCES);
  }
  server::CallContext ctx;  // the gateway itself: no permission bits stop a mount
  Result<EntryResponse> found = service_.handle(ctx, LookupRequest{*path});
  if (!found) return Mounted::failed(found.code() == Errc::NotFound ? missing_errno(*path) : to_errno(found.code()));
  if (found->entry.attr.type != FlareType::Directory) return Mounted::failed(ENOTDIR);
  HandleBytes handle = encode_handle(ref_of(found->entry, *path, key_of_, may.share->name));
  return {0, std::move(*path), {handle.begin(), handle.end()}};
}

// ENOTDIR when the nearest ancestor of the missing path that exists is not a directory
// (a file's name used as a directory), ENOENT otherwise.
int MountProgram::missing_errno(const std::string& path) const {
  server::CallContext ctx;
  for (std::string dir = parent_path(path);; dir = parent_path(dir)) {
    Result<EntryResponse> found = service_.handle(ctx, LookupRequest{dir});
    if (found) return found->entry.attr.type == FlareType::Directory ? ENOENT : ENOTDIR;
    if (found.code() != Errc::NotFound || dir == "/") return ENOENT;
  }
}

AcceptStat MountProgram::umnt(const rpc::RpcCall& call, XDR* args) {
  std::optional<std::string> requested = decode_dirpath(args);
  if (!requested) return AcceptStat::GarbageArgs;
  // The table holds normalised paths; a path that does not normalise was never mounted.
  Result<std::string> path = normalise_path(*requested);
  if (path) mounts_.remove(call.caller.address.to_string(), *path);
  return AcceptStat::Success;
}

// The newest mounts that fit one reply; the RFC's list is advisory, so a huge table is
// shown in part rather than not at all.
AcceptStat MountProgram::dump(XDR* results) const {
  std::vector<MountEntry> entries = mounts_.entries();
  size_t size = 4, first = entries.size();
  while (first > 0) {
    const MountEntry& e = entries[first - 1];
    size_t more = 4 + xdr_string_size(e.host) + xdr_string_size(e.path);
    if (size + more > kDumpBudget) break;
    size += more;
    --first;
  }
  std::vector<mountbody> nodes(entries.size() - first);
  for (size_t i = 0; i < nodes.size(); ++i) {
    nodes[i].ml_hostname = entries[first + i].host.data();
    nodes[i].ml_directory = entries[first + i].path.data();
    nodes[i].ml_next = i + 1 < nodes.size() ? &nodes[i + 1] : nullptr;
  }
  mountlist list = nodes.empty() ? nullptr : nodes.data();
  return encode(results, reinterpret_cast<xdrproc_t>(xdr_mountlist), &list);
}

AcceptStat MountProgram::export_list(XDR* results) const {
  std::shared_ptr<const acl::Acl> shares = shares_();
  size_t count = shares->shares().size();
  std::vector<std::string> dirs(count);
  std::vector<std::vector<std::string>> groups(count);
  std::vector<std::vector<groupnode>> group_nodes(count);
  std::vector<exportnode> nodes(count);
  for (size_t i = 0; i < count; ++i) {
    const acl::Share& share = shares->shares()[i];
    groups[i] = groups_of(share);
    group_nodes[i].resize(groups[i].size());
    for (size_t g = 0; g < groups[i].size(); ++g) {
      group_nodes[i][g].gr_name = groups[i][g].data();
      group_nodes[i][g].gr_next = g + 1 < groups[i].size() ? &group_nodes[i][g + 1] : nullptr;
    }
    dirs[i] = share.path;
    nodes[i].ex_dir = dirs[i].data();
    nodes[i].ex_groups = group_nodes[i].empty() ? nullptr : group_nodes[i].data();
    nodes[i].ex_next = i + 1 < count ? &nodes[i + 1] : nullptr;
  }
  mntexports list = nodes.empty() ? nullptr : nodes.data();
  return encode(results, reinterpret_cast<xdrproc_t>(xdr_mntexports), &list);
}

}  // namespace magma::nfs
