// The console's own access rules, on top of the ACL that FlareService applies to every
// filesystem operation.
#include "server/console/console_access.h"

#include "acl/decision.h"

namespace magma::server::console {

bool is_local_peer(const boost::asio::ip::address& peer) {
  if (peer.is_v6()) {
    auto v6 = peer.to_v6();
    if (v6.is_v4_mapped()) return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).is_loopback();
  }
  return peer.is_loopback();
}

Status admit_peer(const boost::asio::ip::address& peer, const acl::Acl& acl) {
  if (is_local_peer(peer)) return Status::ok();
  acl::Decision decision = acl.decide(peer, "/");
  if (decision.access != acl::Access::None) return Status::ok();
  return Status(Errc::Access, "console refused to " + peer.to_string() + ": " + acl::decision_reason(decision));
}

Status check_local_command(const boost::asio::ip::address& peer, const std::string& what) {
  if (is_local_peer(peer)) return Status::ok();
  return Status(Errc::Access, what + " is only allowed from this host's loopback, not from " + peer.to_string());
}

}  // namespace magma::server::console
