// What a console command works on: the volcano's parts, shared by every session, and the
// state of the session that runs it. A command runs on the console's thread pool and may
// block (FlareService, other volcanos); the session runs one command at a time, so its
// state needs no lock.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>

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

  // How every filesystem command calls FlareService: as root (the console is an
  // operator's tool) from the peer's address, which the ACL judges. The console never
  // holds a flare open, so session 0 (no session) will do.
  CallContext call() const {
    CallContext ctx;
    ctx.client = session.peer;
    return ctx;
  }
};

}  // namespace magma::server::console
