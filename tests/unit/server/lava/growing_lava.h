// GrowingLava: a lava inside one test process that grows as magmad's does. Volcano 0
// bootstraps (magmad -b); every further volcano starts with an empty store and no
// topology, serves its ports, and joins through a live volcano (magmad -r), so the joins,
// splits and hand-offs under test cross real sockets on 127.0.0.x.
#pragma once

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "libmagma/topology.h"
#include "server/flare_listener.h"
#include "server/flare_service.h"
#include "server/lava.h"
#include "server/lava/membership.h"
#include "tests/unit/server/service_fixture.h"

namespace magma::server::test {

class GrowingLava {
 public:
  struct Volcano {
    TempDir dir;
    std::unique_ptr<Lava> lava;
    std::unique_ptr<FlareService> service;
    boost::asio::io_context io;
    boost::asio::thread_pool flare_pool{4};
    boost::asio::thread_pool node_pool{4};
    std::unique_ptr<FlareListener> flare_listener;
    std::unique_ptr<FlareListener> node_listener;
    std::thread io_thread;

    ~Volcano() {
      if (flare_listener) flare_listener->stop();
      if (node_listener) node_listener->stop();
      io.stop();
      if (io_thread.joinable()) io_thread.join();
      flare_pool.join();
      node_pool.join();
      service.reset();  // before its Lava
    }
  };

  // A lava of one volcano, "v0", that owns the whole ring.
  GrowingLava() {
    auto v = start(info(0), /*bootstrap=*/true);
    BOOST_REQUIRE(v);
    volcanos_.push_back(std::move(v));
  }

  ~GrowingLava() {
    // The newest first: none outlives a volcano it may still call.
    while (!volcanos_.empty()) volcanos_.pop_back();
  }

  // Starts the next volcano ("v<size()>" on 127.0.0.<size()+1>) and joins it through
  // volcano via. It stays in the lava only when the join succeeds.
  Status join(size_t via = 0) { return join_as(info(volcanos_.size()), via); }

  // Starts a volcano that calls itself `as` (its ports are free ones whatever as says)
  // and joins it through volcano via.
  Status join_as(VolcanoInfo as, size_t via = 0) {
    auto v = start(as, /*bootstrap=*/false);
    if (!v) return Status(Errc::Io, "cannot start " + as.nickname);
    const VolcanoInfo& entry = *lava(via).topology().find(nickname(via));
    Status joined = join_lava(*v->lava, entry.address, entry.flare_port);
    if (joined.is_ok()) volcanos_.push_back(std::move(v));
    return joined;
  }

  size_t size() const { return volcanos_.size(); }
  FlareService& service(size_t i) { return *volcanos_.at(i)->service; }
  Lava& lava(size_t i) { return *volcanos_.at(i)->lava; }
  const std::string& storage_dir(size_t i) const { return volcanos_.at(i)->dir.path(); }
  static std::string nickname(size_t i) { return "v" + std::to_string(i); }
  static std::string address(size_t i) { return "127.0.0." + std::to_string(i + 1); }

  // What volcano i holds (its Load).
  LoadResponse load(size_t i) { return must(service(i).handle(CallContext{}, LoadRequest{})); }

  // The index of the volcano that owns key, in volcano 0's topology.
  size_t owner_of(const Key& key) {
    std::string name = lava(0).owner_of(key).nickname;
    return std::stoul(name.substr(1));
  }

 private:
  static VolcanoInfo info(size_t i) {
    VolcanoInfo v;
    v.nickname = nickname(i);
    v.fqdn = v.nickname + ".test";
    v.address = address(i);
    return v;
  }

  // Two ports free on address now, both held at once so they differ.
  static std::pair<uint16_t, uint16_t> free_ports(const std::string& address) {
    boost::asio::io_context io;
    auto ip = boost::asio::ip::make_address(address);
    boost::asio::ip::tcp::acceptor a(io, {ip, 0}), b(io, {ip, 0});
    return {a.local_endpoint().port(), b.local_endpoint().port()};
  }

  // A volcano serving both ports: bootstrapped, or empty and waiting to join.
  static std::unique_ptr<Volcano> start(VolcanoInfo self, bool bootstrap) {
    auto v = std::make_unique<Volcano>();
    std::tie(self.flare_port, self.node_port) = free_ports(self.address);
    v->lava = std::make_unique<Lava>(self, v->dir.path());
    if (bootstrap && !v->lava->adopt(Topology::bootstrap(self)).is_ok()) return nullptr;
    ServiceOptions options;
    options.storage_dir = v->dir.path();
    options.nickname = self.nickname;
    options.bootstrap = bootstrap;
    options.joining = !bootstrap;
    options.lava = v->lava.get();
    auto service = FlareService::open(options);
    if (!service) return nullptr;
    v->service = std::move(*service);
    v->flare_listener = std::make_unique<FlareListener>(v->io, v->flare_pool, *v->service, Door::Flare);
    v->node_listener = std::make_unique<FlareListener>(v->io, v->node_pool, *v->service, Door::Node);
    auto at = [&](uint16_t port) {
      return boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address(self.address), port);
    };
    if (!v->flare_listener->start(at(self.flare_port)).is_ok()) return nullptr;
    if (!v->node_listener->start(at(self.node_port)).is_ok()) return nullptr;
    Volcano* raw = v.get();
    v->io_thread = std::thread([raw] {
      auto work = boost::asio::make_work_guard(raw->io);
      raw->io.run();
    });
    return v;
  }

  std::vector<std::unique_ptr<Volcano>> volcanos_;
};

// The text of test file i: a few hundred bytes, different for each i.
inline std::string sample_text(int i) { return "file " + std::to_string(i) + " " + std::string(i % 7 * 100, 'x'); }

// Requests as uid 0, sent to one volcano, which forwards what it does not own.
class Client {
 public:
  explicit Client(FlareService& service) : service_(service) {}

  template <class Request>
  auto call(const Request& req) {
    return service_.handle(ctx_, req);
  }
  Result<FlareId> mkdir(const std::string& path) {
    auto made = call(MknodRequest{path, FlareType::Directory, 0755, 0, false});
    if (!made) return made.status();
    return made->entry.id;
  }
  // Creates path holding text.
  Status put(const std::string& path, const std::string& text) {
    auto made = call(MknodRequest{path, FlareType::Regular, 0644, 0, false});
    if (!made) return made.status();
    auto written = call(WriteRequest{made->entry.id, 0, bytes_of(text), false});
    return written ? Status::ok() : written.status();
  }
  Result<std::string> get(const std::string& path) {
    auto found = call(LookupRequest{path});
    if (!found) return found.status();
    auto read = call(ReadRequest{found->entry.id, 0, static_cast<uint32_t>(found->entry.attr.size)});
    if (!read) return read.status();
    return string_of(read->data);
  }

 private:
  FlareService& service_;
  CallContext ctx_;
};

}  // namespace magma::server::test
