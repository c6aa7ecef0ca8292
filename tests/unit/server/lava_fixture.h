// LavaFixture: a lava of several volcanos inside one test process. Each volcano has its
// own storage directory, Lava, FlareService, and flare and node ports listening on its
// own loopback address (127.0.0.1, 127.0.0.2, ...; ports chosen by the system), so every
// cross-volcano step crosses a real socket.
//
// Ports: each volcano's are picked free just before its listeners start (a tiny race
// with other processes, harmless on a test machine).
//
// The ring is cut so that volcano 0 owns the keys of "/" and "/.dht" (it bootstraps the
// namespace); the other volcanos split the rest evenly, so any path set of a few dozen
// names lands on every volcano.
#pragma once

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>
#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "libmagma/topology.h"
#include "server/flare_listener.h"
#include "server/flare_service.h"
#include "server/lava.h"
#include "tests/unit/server/service_fixture.h"

namespace magma::server::test {

class LavaFixture {
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
  };

  explicit LavaFixture(int n) {
    BOOST_REQUIRE(n >= 1);
    for (int i = 0; i < n; ++i) volcanos_.push_back(std::make_unique<Volcano>());
    // Listen first: the topology names the ports.
    for (int i = 0; i < n; ++i) ports_.push_back(free_ports(address(i)));
    Topology topology = ring(n);
    for (int i = 0; i < n; ++i) {
      Volcano& v = *volcanos_[i];
      v.lava = std::make_unique<Lava>(*topology.find(nickname(i)), v.dir.path());
      BOOST_REQUIRE(must(v.lava->adopt(topology)));
    }
    // Volcano 0 last: its bootstrap creates "/" and "/.dht", which may call the others.
    for (int i = n - 1; i >= 0; --i) open(*volcanos_[i], i, i == 0);
  }

  ~LavaFixture() {
    for (auto& v : volcanos_) {
      v->flare_listener->stop();
      v->node_listener->stop();
      v->io.stop();
      if (v->io_thread.joinable()) v->io_thread.join();
      v->flare_pool.join();
      v->node_pool.join();
    }
    // Services go before their Lavas (a service's Lava must outlive it).
    for (auto& v : volcanos_) v->service.reset();
  }

  size_t size() const { return volcanos_.size(); }
  FlareService& service(size_t i) { return *volcanos_.at(i)->service; }
  Lava& lava(size_t i) { return *volcanos_.at(i)->lava; }
  static std::string nickname(size_t i) { return "v" + std::to_string(i); }

  // The index of the volcano that owns key.
  size_t owner_of(const Key& key) const {
    std::string name = volcanos_.front()->lava->owner_of(key).nickname;
    return std::stoul(name.substr(1));
  }

 private:
  // Volcano 0 owns key("/") = 4209.. and key("/.dht") = a140..: [0x40.., 0xaf..ff], or
  // [min, 0xaf..ff] in a lava of two. Volcano 1 owns [min, 0x3f..ff] (from three on) and
  // the rest share [0xb0.., max] evenly.
  Topology ring(int n) {
    std::vector<Key> starts;  // by volcano index
    if (n == 1) starts = {Key::min()};
    if (n == 2) starts = {Key::min(), key_at(0xb0)};
    if (n >= 3) {
      starts = {key_at(0x40), Key::min()};
      for (int i = 2; i < n; ++i) starts.push_back(key_at(0xb0 + (i - 2) * 0x50 / (n - 2)));
    }
    Topology t;
    t.epoch = 2;
    for (int i = 0; i < n; ++i) {
      VolcanoInfo v;
      v.nickname = nickname(i);
      v.fqdn = v.nickname + ".test";
      v.address = address(i);
      v.flare_port = ports_[i].first;
      v.node_port = ports_[i].second;
      v.slice.start = starts[i];
      t.volcanos.push_back(v);
    }
    std::sort(t.volcanos.begin(), t.volcanos.end(),
              [](const VolcanoInfo& a, const VolcanoInfo& b) { return a.slice.start < b.slice.start; });
    for (size_t i = 0; i < t.volcanos.size(); ++i)
      t.volcanos[i].slice.stop =
          i + 1 < t.volcanos.size() ? key_before(t.volcanos[i + 1].slice.start) : Key::max();
    return t;
  }

  static Key key_at(int first_byte) {
    Key k = Key::min();
    k.bytes[0] = static_cast<uint8_t>(first_byte);
    return k;
  }
  static Key key_before(const Key& k) {
    Key prev = k;
    for (int i = Key::kSize - 1; i >= 0; --i)
      if (prev.bytes[i]-- != 0) break;
    return prev;
  }

  static std::string address(int i) { return "127.0.0." + std::to_string(i + 1); }

  // Two ports free on address now (the system's choice, both held at once so they
  // differ), for listeners started moments later.
  static std::pair<uint16_t, uint16_t> free_ports(const std::string& address) {
    boost::asio::io_context io;
    auto ip = boost::asio::ip::make_address(address);
    boost::asio::ip::tcp::acceptor a(io, {ip, 0}), b(io, {ip, 0});
    return {a.local_endpoint().port(), b.local_endpoint().port()};
  }

  void open(Volcano& v, int i, bool bootstrap) {
    ServiceOptions options;
    options.storage_dir = v.dir.path();
    options.nickname = nickname(i);
    options.bootstrap = bootstrap;
    options.joining = !bootstrap;
    options.lava = v.lava.get();
    v.service = must(FlareService::open(options));
    v.flare_listener = std::make_unique<FlareListener>(v.io, v.flare_pool, *v.service, Door::Flare);
    v.node_listener = std::make_unique<FlareListener>(v.io, v.node_pool, *v.service, Door::Node);
    auto at = [&](uint16_t port) { return boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address(address(i)), port); };
    BOOST_REQUIRE(v.flare_listener->start(at(ports_[i].first)).is_ok());
    BOOST_REQUIRE(v.node_listener->start(at(ports_[i].second)).is_ok());
    v.io_thread = std::thread([&v] {
      auto work = boost::asio::make_work_guard(v.io);
      v.io.run();
    });
  }

  std::vector<std::unique_ptr<Volcano>> volcanos_;
  std::vector<std::pair<uint16_t, uint16_t>> ports_;  // (flare, node) by volcano index
};

}  // namespace magma::server::test
