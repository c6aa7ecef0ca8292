// A volcano for the console's command tests: a bootstrapped FlareService in a temporary
// directory with a lava of one and the built-in shares, and a session on it from a peer.
#pragma once

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

#include "server/console/command_context.h"
#include "server/console/console_commands.h"
#include "server/flare_service.h"
#include "server/lava.h"
#include "server/shares.h"
#include "tests/unit/temp_dir.h"

namespace magma::server::console::test {

template <class T>
T must(Result<T> r) {
  BOOST_REQUIRE_MESSAGE(r.is_ok(), "unexpected error: " << (r ? std::string() : r.status().to_string()));
  return std::move(*r);
}

class ConsoleFixture {
 public:
  ConsoleFixture() : lava(self(), ""), shares(Shares::open_to_all()) {
    BOOST_REQUIRE(must(lava.adopt(Topology::bootstrap(self()))));
    ServiceOptions o;
    o.storage_dir = dir.path();
    o.bootstrap = true;
    o.nickname = "v1";
    o.lava = &lava;
    o.shares = shares.get();
    service = must(FlareService::open(o));
    session.peer = boost::asio::ip::make_address("127.0.0.1");
  }

  // What the console prints for line, run in this fixture's session.
  std::string run(const std::string& line) {
    ConsoleServices services{*service, lava, *shares};
    CommandContext ctx{services, session};
    return run_line(ctx, line);
  }

  // Flares made as root, the way a mount would make them.
  FlareEntry make(const std::string& path, FlareType type, uint32_t mode) {
    MknodRequest req;
    req.path = path;
    req.type = type;
    req.mode = mode;
    return must(service->handle(CallContext{}, req)).entry;
  }
  FlareEntry make_file(const std::string& path, const std::string& data) {
    FlareEntry e = make(path, FlareType::Regular, 0640);
    WriteRequest w{e.id, 0, Bytes(data.begin(), data.end()), false};
    e.attr = must(service->handle(CallContext{}, w)).attr;
    return e;
  }
  FlareEntry lookup(const std::string& path) {
    return must(service->handle(CallContext{}, LookupRequest{path})).entry;
  }
  bool exists(const std::string& path) { return service->handle(CallContext{}, LookupRequest{path}).is_ok(); }

  static VolcanoInfo self() {
    VolcanoInfo v;
    v.nickname = "v1";
    v.fqdn = "v1.example.org";
    v.address = "127.0.0.1";
    return v;
  }

  magma::test::TempDir dir;
  Lava lava;
  std::unique_ptr<Shares> shares;
  std::unique_ptr<FlareService> service;
  SessionState session;
};

}  // namespace magma::server::console::test
