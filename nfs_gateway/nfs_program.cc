// NfsProgram: the procedure table, the call's identity and the fsid.
#include "nfs_gateway/nfs_program.h"

#include <array>
#include <exception>

#include "libmagma/logging.h"
#include "nfs_gateway/nfs_attr.h"
#include "nfs_gateway/nfs_caller.h"
#include "nfs_gateway/nfs_procs.h"
#include "nfs_gateway/nfs_reply.h"

namespace magma::nfs {

using rpc::AcceptStat;

namespace {

constexpr uint64_t kFsidKnown = uint64_t{1} << 32;

struct Procedure {
  const char* name;
  NfsProcedure run;
  bool idempotent;
  bool has_status;  // results start with an nfsstat (all but the void ones)
};

// Indexed by procedure number (RFC 1094 section 2.2; nfs_prot.x).
constexpr std::array<Procedure, 18> kProcedures = {{
    {"NULL", proc_void, true, false},
    {"GETATTR", proc_getattr, true, true},
    {"SETATTR", proc_setattr, false, true},
    {"ROOT", proc_void, true, false},
    {"LOOKUP", proc_lookup, true, true},
    {"READLINK", proc_readlink, true, true},
    {"READ", proc_read, true, true},
    {"WRITECACHE", proc_void, true, false},
    {"WRITE", proc_write, false, true},
    {"CREATE", proc_create, false, true},
    {"REMOVE", proc_remove, false, true},
    {"RENAME", proc_rename, false, true},
    {"LINK", proc_link, false, true},
    {"SYMLINK", proc_symlink, false, true},
    {"MKDIR", proc_mkdir, false, true},
    {"RMDIR", proc_rmdir, false, true},
    {"READDIR", proc_readdir, true, true},
    {"STATFS", proc_statfs, true, true},
}};

const Procedure* find_procedure(uint32_t version, uint32_t procedure) {
  if (version != NfsProgram::kVersion || procedure >= kProcedures.size()) return nullptr;
  return &kProcedures[procedure];
}

// An exception stops at the door: the call fails with NFSERR_IO (SystemErr for the void
// procedures, which have no status), written over whatever results held.
AcceptStat reply_thrown(const NfsCall& call, XDR* results, u_int results_start, bool has_status, const char* what) {
  Status failed(Errc::Io, std::string("threw ") + what);
  if (!has_status || !xdr_setpos(results, results_start)) {
    MAGMA_LOG(error) << "NFS " << call.procedure << " " << failed.message();
    return AcceptStat::SystemErr;
  }
  return reply_error(call, results, failed);
}

}  // namespace

// void arguments are no bytes and void results none (bytes after the arguments are not
// looked at, by this procedure as by any other).
AcceptStat proc_void(NfsCall&, XDR*, XDR*) { return AcceptStat::Success; }

Status check_writable(const NfsCall& call) {
  if (call.share && call.share->read_only) return Status(Errc::ReadOnly, "share " + call.share->name + " is read-only");
  return Status::ok();
}

NfsProgram::NfsProgram(server::FlareService& service, ShareSource shares, KeyFunction key_of)
    : service_(service), shares_(std::move(shares)), key_of_(std::move(key_of)) {}

bool NfsProgram::is_idempotent(uint32_t version, uint32_t procedure) const {
  const Procedure* p = find_procedure(version, procedure);
  return !p || p->idempotent;
}

Result<uint32_t> NfsProgram::fsid() {
  uint64_t known = fsid_.load(std::memory_order_acquire);
  if (known & kFsidKnown) return static_cast<uint32_t>(known);
  Result<EntryResponse> root = service_.handle(server::CallContext{}, LookupRequest{"/"});
  if (!root) return root.status();
  uint32_t id = fileid_of(root->entry.attr);
  fsid_.store(kFsidKnown | id, std::memory_order_release);
  return id;
}

AcceptStat NfsProgram::dispatch(const rpc::RpcCall& rpc_call, XDR* args, XDR* results) {
  const Procedure* p = find_procedure(rpc_call.version, rpc_call.procedure);
  if (!p) return AcceptStat::ProcUnavail;
  NfsCall call{service_, shares_(), rpc_call.caller, key_of_, server::CallContext{}, nullptr, 0, p->name};
  u_int results_start = xdr_getpos(results);
  try {
    call.ctx.creds = credentials_of(rpc_call.caller, acl::Share{});  // squashed until a share is known
    call.ctx.client = rpc_call.caller.address;
    if (p->has_status) {
      Result<uint32_t> lava_fsid = fsid();
      if (!lava_fsid) return reply_error(call, results, lava_fsid.status());
      call.fsid = *lava_fsid;
    }
    return p->run(call, args, results);
  } catch (const std::exception& e) {
    return reply_thrown(call, results, results_start, p->has_status, e.what());
  } catch (...) {
    return reply_thrown(call, results, results_start, p->has_status, "an unknown exception");
  }
}

}  // namespace magma::nfs
