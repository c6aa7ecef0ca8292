// RpcDispatcher: from a call message to its reply.
#include "nfs_gateway/rpc/rpc_dispatcher.h"

#include <exception>
#include <variant>

#include "libmagma/logging.h"
#include "nfs_gateway/rpc/credentials.h"
#include "nfs_gateway/rpc/rpc_message.h"
#include "nfs_gateway/rpc/xdr_mem.h"

namespace magma::nfs::rpc {

namespace {

DupCache::Reply share(Bytes reply) { return std::make_shared<const Bytes>(std::move(reply)); }

// The reply to a header that failed to decode; null when none is due.
DupCache::Reply reply_to_fault(const CallHeader& h) {
  switch (h.fault) {
    case CallFault::None:
    case CallFault::Drop: return nullptr;
    case CallFault::RpcMismatch: return share(encode_rpc_mismatch(h.xid));
    case CallFault::Garbage: return share(encode_accepted(h.xid, AcceptStat::GarbageArgs));
    case CallFault::BadCred: return share(encode_auth_error(h.xid, AUTH_BADCRED));
    case CallFault::BadVerf: return share(encode_auth_error(h.xid, AUTH_BADVERF));
  }
  return nullptr;
}

// Runs the procedure; an exception out of the program becomes SYSTEM_ERR.
AcceptStat dispatch_guarded(RpcProgram& program, const RpcCall& call, XDR* args, XDR* results) {
  try {
    return program.dispatch(call, args, results);
  } catch (const std::exception& e) {
    MAGMA_LOG(error) << "RPC program " << call.program << " procedure " << call.procedure << ": " << e.what();
  } catch (...) {
    MAGMA_LOG(error) << "RPC program " << call.program << " procedure " << call.procedure << ": unknown exception";
  }
  return AcceptStat::SystemErr;
}

}  // namespace

Result<std::unique_ptr<RpcDispatcher>> RpcDispatcher::create(std::vector<std::shared_ptr<RpcProgram>> programs,
                                                             size_t dup_cache_entries,
                                                             DupCache::Clock::duration dup_cache_age) {
  std::map<uint32_t, std::shared_ptr<RpcProgram>> by_number;
  for (auto& program : programs) {
    if (!program) return Status(Errc::Invalid, "no RPC program given");
    uint32_t number = program->program();
    if (program->min_version() > program->max_version()) {
      return Status(Errc::Invalid, "RPC program " + std::to_string(number) + " serves no version");
    }
    if (!by_number.emplace(number, std::move(program)).second) {
      return Status(Errc::Invalid, "RPC program " + std::to_string(number) + " given twice");
    }
  }
  return std::unique_ptr<RpcDispatcher>(new RpcDispatcher(std::move(by_number), dup_cache_entries, dup_cache_age));
}

RpcDispatcher::RpcDispatcher(std::map<uint32_t, std::shared_ptr<RpcProgram>> programs, size_t dup_cache_entries,
                             DupCache::Clock::duration dup_cache_age)
    : programs_(std::move(programs)), dup_cache_(dup_cache_entries, dup_cache_age) {}

std::vector<std::pair<uint32_t, uint32_t>> RpcDispatcher::versions() const {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (const auto& [number, program] : programs_) {
    for (uint64_t v = program->min_version(); v <= program->max_version(); ++v) {
      out.emplace_back(number, static_cast<uint32_t>(v));
    }
  }
  return out;
}

DupCache::Reply RpcDispatcher::handle(std::span<uint8_t> message, const RpcCaller& peer) {
  CallHeader h = decode_call_header(message);
  if (h.fault != CallFault::None) {
    MAGMA_DEBUG('p') << "RPC call from " << peer.address << ":" << peer.port << " refused ("
                     << static_cast<int>(h.fault) << ")";
    return reply_to_fault(h);
  }
  auto creds = decode_credentials(h.cred_flavor, h.cred_body);
  if (const auth_stat* why = std::get_if<auth_stat>(&creds)) {
    MAGMA_DEBUG('p') << "RPC call from " << peer.address << " refused: auth_stat " << *why;
    return share(encode_auth_error(h.xid, *why));
  }
  auto found = programs_.find(h.program);
  if (found == programs_.end()) return share(encode_accepted(h.xid, AcceptStat::ProgUnavail));
  RpcProgram& program = *found->second;
  if (h.version < program.min_version() || h.version > program.max_version()) {
    return share(encode_prog_mismatch(h.xid, program.min_version(), program.max_version()));
  }
  RpcCall call{h.xid, h.program, h.version, h.procedure, peer};
  call.caller.unix_creds = std::move(std::get<std::optional<UnixCredentials>>(creds));
  if (program.is_idempotent(h.version, h.procedure)) return run_once(program, call, h.args);

  DupKey key = DupKey::of(peer.address, peer.port, h.xid, h.program, h.version, h.procedure);
  DupCache::Lookup seen = dup_cache_.begin(key);
  if (seen.seen != DupCache::Seen::New) {
    MAGMA_DEBUG('p') << "RPC retransmission xid " << h.xid << " from " << peer.address << ":" << peer.port
                     << (seen.reply ? ": answered from the cache" : ": still running, dropped");
    return seen.reply;
  }
  DupCache::Reply reply = run_once(program, call, h.args);
  dup_cache_.finish(key, reply);
  return reply;
}

DupCache::Reply RpcDispatcher::run_once(RpcProgram& program, const RpcCall& call, std::span<uint8_t> args) {
  SuccessReply results;
  XdrMem in(args, XDR_DECODE);
  AcceptStat stat = dispatch_guarded(program, call, in.get(), results.xdr());
  switch (stat) {
    case AcceptStat::Success: {
      Bytes reply = std::move(results).finish(call.xid);
      if (!call.caller.tcp && reply.size() > kMaxUdpReplyBytes) {
        MAGMA_LOG(warning) << "RPC program " << call.program << " procedure " << call.procedure << ": "
                           << reply.size() << "-byte reply does not fit a UDP datagram";
        return share(encode_accepted(call.xid, AcceptStat::SystemErr));
      }
      reply.shrink_to_fit();  // the buffer had room for the largest results; keep what is used
      return share(std::move(reply));
    }
    case AcceptStat::ProgMismatch:
      return share(encode_prog_mismatch(call.xid, program.min_version(), program.max_version()));
    case AcceptStat::ProgUnavail:
    case AcceptStat::ProcUnavail:
    case AcceptStat::GarbageArgs:
    case AcceptStat::SystemErr: break;
  }
  return share(encode_accepted(call.xid, stat));
}

}  // namespace magma::nfs::rpc
