// LavaFixture: a lava of volcanos inside one test process. Each volcano has its own
// storage directory, Lava, FlareService, and flare and node ports listening on its own
// loopback address (127.0.0.1, 127.0.0.2, ...; ports chosen by the system), so every
// cross-volcano step crosses a real socket. Two ways to make one:
// - LavaFixture(n): n volcanos on a ring cut in advance (epoch 2), so that volcano 0
//   owns the keys of "/" and "/.dht" (it bootstraps the namespace) and the others split
//   the rest evenly: any path set of a few dozen names lands on every volcano.
// - LavaFixture(): one bootstrapped volcano (magmad -b, epoch 1) that grows as magmad's
//   lava does: join() starts an empty volcano and joins it through a live one (magmad -r),
//   so the joins, splits and hand-offs under test run for real.
//
// Ports: each volcano's are picked free just before its listeners start (a tiny race
// with other processes, harmless on a test machine).
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
#include "server/lava/membership.h"
#include "tests/unit/server/service_fixture.h"

namespace magma::server::test {

// The lava key every volcano of a fixture holds: their ports speak TLS as magmad's do.
inline constexpr const char* kTestLavaKey = "unit-test-lava-key";

// A volcano called nickname on address, with the default ports and no slice yet.
inline VolcanoInfo volcano(std::string nickname, std::string address) {
  VolcanoInfo v;
  v.nickname = std::move(nickname);
  v.address = std::move(address);
  return v;
}

class LavaFixture {
 public:
  // A lava of one volcano, "v0", that owns the whole ring and grows by join().
  LavaFixture() {
    VolcanoInfo self = info(0);
    volcanos_.push_back(start(self, Topology::bootstrap(self), /*bootstrap=*/true));
    BOOST_REQUIRE(volcanos_.back());
  }

  // A lava of n volcanos on the ring described above.
  explicit LavaFixture(int n) {
    BOOST_REQUIRE(n >= 1);
    std::vector<VolcanoInfo> selves;
    for (int i = 0; i < n; ++i) selves.push_back(info(i));  // the topology names the ports
    Topology topology = ring(selves);
    volcanos_.resize(n);
    // Volcano 0 last: its bootstrap creates "/" and "/.dht", which may call the others.
    for (int i = n - 1; i >= 0; --i) {
      volcanos_[i] = start(*topology.find(nickname(i)), topology, /*bootstrap=*/i == 0);
      BOOST_REQUIRE(volcanos_[i]);
    }
  }

  ~LavaFixture() {
    // The newest first: none outlives a volcano it may still call.
    while (!volcanos_.empty()) volcanos_.pop_back();
  }

  // Starts the next volcano ("v<size()>" on 127.0.0.<size()+1>) and joins it through
  // volcano via. It stays in the lava only when the join succeeds.
  Status join(size_t via = 0) { return join_as(info(volcanos_.size()), via); }

  // Starts a volcano that calls itself `as` (its ports are free ones whatever as says)
  // and joins it through volcano via.
  Status join_as(VolcanoInfo as, size_t via = 0) {
    std::tie(as.flare_port, as.node_port) = free_ports(as.address);
    auto v = start(as, Topology{}, /*bootstrap=*/false);
    if (!v) return Status(Errc::Io, "cannot start " + as.nickname);
    // A copy: topology() returns one, gone at the end of this statement.
    const VolcanoInfo entry = *lava(via).topology().find(nickname(via));
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
  size_t owner_of(const Key& key) const {
    std::string name = volcanos_.front()->lava->owner_of(key).nickname;
    return std::stoul(name.substr(1));
  }

 private:
  struct Volcano {
    TempDir dir;
    std::unique_ptr<Lava> lava;
    std::unique_ptr<FlareService> service;
    std::unique_ptr<boost::asio::ssl::context> tls;  // before io: its connections use it
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

  // Volcano i with free ports, its slice left to the topology.
  static VolcanoInfo info(size_t i) {
    VolcanoInfo v = volcano(nickname(i), address(i));
    v.fqdn = v.nickname + ".test";
    std::tie(v.flare_port, v.node_port) = free_ports(v.address);
    return v;
  }

  // Two ports free on address now (the system's choice, both held at once so they
  // differ), for listeners started moments later.
  static std::pair<uint16_t, uint16_t> free_ports(const std::string& address) {
    boost::asio::io_context io;
    auto ip = boost::asio::ip::make_address(address);
    boost::asio::ip::tcp::acceptor a(io, {ip, 0}), b(io, {ip, 0});
    return {a.local_endpoint().port(), b.local_endpoint().port()};
  }

  // Volcano 0 owns key("/") = 4209.. and key("/.dht") = a140..: [0x40.., 0xaf..ff], or
  // [min, 0xaf..ff] in a lava of two. Volcano 1 owns [min, 0x3f..ff] (from three on) and
  // the rest share [0xb0.., max] evenly.
  static Topology ring(std::vector<VolcanoInfo> volcanos) {
    size_t n = volcanos.size();
    std::vector<Key> starts;  // by volcano index
    if (n == 1) starts = {Key::min()};
    if (n == 2) starts = {Key::min(), key_at(0xb0)};
    if (n >= 3) {
      starts = {key_at(0x40), Key::min()};
      for (size_t i = 2; i < n; ++i) starts.push_back(key_at(0xb0 + (i - 2) * 0x50 / (n - 2)));
    }
    for (size_t i = 0; i < n; ++i) volcanos[i].slice.start = starts[i];
    std::sort(volcanos.begin(), volcanos.end(),
              [](const VolcanoInfo& a, const VolcanoInfo& b) { return a.slice.start < b.slice.start; });
    for (size_t i = 0; i < n; ++i)
      volcanos[i].slice.stop = i + 1 < n ? key_before(volcanos[i + 1].slice.start) : Key::max();
    Topology t;
    t.epoch = 2;
    t.volcanos = std::move(volcanos);
    return t;
  }

  static Key key_at(size_t first_byte) {
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

  // A volcano serving both ports as self (ports included): with topology adopted, or,
  // when its epoch is 0, with none yet, empty and waiting to join. nullptr on failure.
  static std::unique_ptr<Volcano> start(const VolcanoInfo& self, const Topology& topology, bool bootstrap) {
    auto v = std::make_unique<Volcano>();
    v->lava = std::make_unique<Lava>(self, v->dir.path(), kTestLavaKey);
    if (topology.epoch != 0 && !v->lava->adopt(topology).is_ok()) return nullptr;
    ServiceOptions options;
    options.storage_dir = v->dir.path();
    options.nickname = self.nickname;
    options.bootstrap = bootstrap;
    options.joining = !bootstrap;
    options.lava = v->lava.get();
    auto service = FlareService::open(options);
    if (!service) return nullptr;
    v->service = std::move(*service);
    auto tls = make_listener_tls(kTestLavaKey);
    if (!tls) return nullptr;
    v->tls = std::move(*tls);
    v->flare_listener = std::make_unique<FlareListener>(v->io, v->flare_pool, *v->service, *v->tls, Door::Flare);
    v->node_listener = std::make_unique<FlareListener>(v->io, v->node_pool, *v->service, *v->tls, Door::Node);
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

  std::vector<std::unique_ptr<Volcano>> volcanos_;  // by index
};

// The text of test file i: a few hundred bytes, different for each i.
inline std::string sample_text(int i) { return "file " + std::to_string(i) + " " + std::string(i % 7 * 100, 'x'); }

// Requests as uid 0, sent to one volcano, which forwards what it does not own.
class Client : public FlareCalls<Client> {
 public:
  explicit Client(FlareService& service) : service_(service) {}

  template <class Request>
  auto call(const Request& req) {
    return service_.handle(CallContext{}, req);
  }
  // Creates path holding text.
  Status put(const std::string& path, const std::string& text) {
    auto made = mknod(path);
    if (!made) return made.status();
    auto written = write(made->entry.id, 0, text);
    return written.status();
  }
  Result<std::string> get(const std::string& path) {
    auto found = lookup(path);
    if (!found) return found.status();
    auto data = read(found->entry.id, 0, static_cast<uint32_t>(found->entry.attr.size));
    if (!data) return data.status();
    return string_of(data->data);
  }

 private:
  FlareService& service_;
};

// The set-up most lava tests start from: a lava of one volcano that grows by joins, and
// a client entering at volcano 0.
struct GrowingLava {
  LavaFixture lava;
  Client client{lava.service(0)};
};

}  // namespace magma::server::test
