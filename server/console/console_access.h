// Who may use the console (issue 7.4): the console listens on loopback unless configured
// otherwise; a peer on this host may always connect, any other peer only when the shares
// in force grant it at least read access to "/" of the lava. The commands that change or
// stop the lava behind the ACL's back (erase, shutdown) are for peers on this host only.
// Pure functions, thread-safe.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>

#include "acl/acl.h"

namespace magma::server::console {

// True for 127.0.0.0/8, ::1 and their IPv4-mapped forms (::ffff:127.x.y.z).
bool is_local_peer(const boost::asio::ip::address& peer);

// Ok when peer may open a console session under acl; Access, naming the peer and the
// ACL's reason, otherwise.
Status admit_peer(const boost::asio::ip::address& peer, const acl::Acl& acl);

// Ok when peer may run a command reserved to this host (what: "erase", "shutdown");
// Access otherwise.
Status check_local_command(const boost::asio::ip::address& peer, const std::string& what);

}  // namespace magma::server::console
