// FakeProgram's procedures.
#include "tests/unit/nfs_gateway/rpc/fake_program.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace magma::nfs::rpc::test {

void Gate::pass() {
  std::unique_lock lock(mu_);
  ++waiting_;
  cv_.notify_all();
  cv_.wait_for(lock, std::chrono::seconds(10), [this] { return open_; });
  --waiting_;
}

void Gate::open() {
  std::lock_guard lock(mu_);
  open_ = true;
  cv_.notify_all();
}

bool Gate::wait_for_waiters(int n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [this, n] { return waiting_ >= n; });
}

bool FakeProgram::is_idempotent(uint32_t, uint32_t procedure) const {
  return procedure != kCount && procedure != kSlowCount;
}

AcceptStat FakeProgram::dispatch(const RpcCall& call, XDR* args, XDR* results) {
  u_int n = 0;
  switch (call.procedure) {
    case kNull: return AcceptStat::Success;
    case kEcho:
      if (!xdr_u_int(args, &n)) return AcceptStat::GarbageArgs;
      ++n;
      return xdr_u_int(results, &n) ? AcceptStat::Success : AcceptStat::SystemErr;
    case kWhoAmI: return who_am_i(call, results);
    case kSlow:
      if (!xdr_u_int(args, &n)) return AcceptStat::GarbageArgs;
      gate.pass();
      return xdr_u_int(results, &n) ? AcceptStat::Success : AcceptStat::SystemErr;
    case kSlowCount: gate.pass(); [[fallthrough]];
    case kCount:
    case kIdemCount:
      n = static_cast<u_int>(++count);
      return xdr_u_int(results, &n) ? AcceptStat::Success : AcceptStat::SystemErr;
    case kSize: return size(args, results);
    case kThrow: throw std::runtime_error("fake procedure failure");
    case kFill: {
      if (!xdr_u_int(args, &n) || n > kMaxResultBytes) return AcceptStat::GarbageArgs;
      std::vector<char> data(n, 'f');
      char* p = data.data();
      return xdr_bytes(results, &p, &n, n) ? AcceptStat::Success : AcceptStat::SystemErr;
    }
    default: return AcceptStat::ProcUnavail;
  }
}

AcceptStat FakeProgram::who_am_i(const RpcCall& call, XDR* results) {
  const auto& creds = call.caller.unix_creds;
  u_int has = creds ? 1 : 0, uid = creds ? creds->uid : 0, gid = creds ? creds->gid : 0;
  u_int ngids = creds ? static_cast<u_int>(creds->gids.size()) : 0, tcp = call.caller.tcp ? 1 : 0;
  bool ok = xdr_u_int(results, &has) && xdr_u_int(results, &uid) && xdr_u_int(results, &gid) &&
            xdr_u_int(results, &ngids);
  for (u_int i = 0; ok && i < ngids; ++i) ok = xdr_u_int(results, const_cast<uint32_t*>(&creds->gids[i]));
  std::string machine = creds ? creds->machine : "";
  char* p = machine.data();
  ok = ok && xdr_string(results, &p, 255) && xdr_u_int(results, &tcp);
  return ok ? AcceptStat::Success : AcceptStat::SystemErr;
}

AcceptStat FakeProgram::size(XDR* args, XDR* results) {
  u_int length = 0;
  if (!xdr_u_int(args, &length) || length > 1 << 20) return AcceptStat::GarbageArgs;
  std::vector<char> data(length);
  if (!xdr_opaque(args, data.data(), length)) return AcceptStat::GarbageArgs;
  u_int sum = 0;
  for (char c : data) sum += static_cast<uint8_t>(c);
  return xdr_u_int(results, &length) && xdr_u_int(results, &sum) ? AcceptStat::Success : AcceptStat::SystemErr;
}

}  // namespace magma::nfs::rpc::test
