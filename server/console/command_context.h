// What a console command works on: the volcano's parts, shared by every session, and the
// state of the session that runs it. A command runs on the console's thread pool and may
// block (FlareService, other volcanos); the session runs one command at a time, so its
// state needs no lock.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>

#include "acl/share.h"
#include "server/console/console_access.h"
#include "server/flare_service.h"

namespace magma::server {
class Lava;
class Shares;
}  // namespace magma::server

namespace magma::server::console {

// The volcano's parts; they outlive the console.
struct ConsoleServices {
  FlareService& service;
  Lava& lava;
  Shares& shares;
};

struct SessionState {
  boost::asio::ip::address peer;  // the client at the other end of the session
  std::string cwd = "/";          // normalised; cd changes it
  bool closing = false;           // set by exit, quit and shutdown: the session ends
};

struct CommandContext {
  ConsoleServices& services;
  SessionState& session;

  // How every filesystem command calls FlareService: from the peer's address, which the
  // ACL judges; as root for a peer on this host (the operator), as nobody for one the
  // ACL let in from elsewhere, as NFS squashes root. The console never holds a flare
  // open, so session 0 (no session) will do.
  CallContext call() const {
    CallContext ctx;
    ctx.client = session.peer;
    if (!is_local_peer(session.peer)) ctx.creds = Credentials{acl::kNobody, acl::kNobody, {}, {}};
    return ctx;
  }
};

}  // namespace magma::server::console
