// Tests of libmagma/lava_client.h: the pure routing and retry rules, then LavaClient
// against fake volcanos on loopback that answer Topology with a topology naming them all
// and mark their other answers, so each test sees which volcano served a request.
#include "libmagma/lava_client.h"

#include <boost/test/unit_test.hpp>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>
#include <vector>

#include "tests/unit/libmagma/loopback.h"
#include "tests/unit/libmagma/test_print.h"

namespace magma {
namespace {

using namespace std::chrono_literals;

// The key whose first byte is b and the rest `fill`.
Key key_at(uint8_t b, uint8_t fill = 0) {
  Key k;
  k.bytes.fill(fill);
  k.bytes[0] = b;
  return k;
}

// One fake volcano: answers Topology with its current topology, Ping with its nickname,
// attribute and entry requests with attributes whose uid is its mark, and everything else
// with an empty answer, unless a test overrides an op.
class FakeVolcano {
 public:
  struct Reply {
    Errc status = Errc::Ok;
    Bytes payload{};
    bool stale = false;
    bool hang = false;  // never answer (the connection stays open)
    bool drop = false;  // close the connection instead of answering
  };

  FakeVolcano(std::string nickname, uint32_t mark) : nickname_(std::move(nickname)), mark_(mark) {
    std::tie(listener_, port_) = listen_on_loopback(16);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~FakeVolcano() {
    kill();
    acceptor_.join();
    for (std::thread& t : servers_) t.join();
  }

  // Stops listening and breaks every connection: the port refuses from now on.
  void kill() {
    std::lock_guard lock(mu_);
    if (killed_) return;
    killed_ = true;
    ::shutdown(listener_.get(), SHUT_RDWR);
    for (const UniqueFd& fd : conns_) ::shutdown(fd.get(), SHUT_RDWR);
  }

  VolcanoInfo info(Slice slice) const {
    VolcanoInfo v;
    v.nickname = nickname_;
    v.address = "127.0.0.1";
    v.flare_port = port_;
    v.node_port = 0;
    v.slice = slice;
    return v;
  }
  ClientOptions options() const {
    ClientOptions o;
    o.port = port_;
    o.request_timeout = 5s;
    o.key = kTestLavaKey;
    return o;
  }
  void set_topology(Topology t) {
    std::lock_guard lock(mu_);
    topology_ = std::move(t);
  }
  void set_override(FlareOp op, std::function<Reply()> reply) {
    std::lock_guard lock(mu_);
    overrides_[op] = std::move(reply);
  }
  int count(FlareOp op) const {
    std::lock_guard lock(mu_);
    auto it = counts_.find(op);
    return it == counts_.end() ? 0 : it->second;
  }
  // The answers of GetAttr and Mknod that name this volcano (its mark as the uid).
  Bytes marked_attr() const {
    AttrResponse a;
    a.attr.uid = mark_;
    Bytes out;
    encode_message(a, out);
    return out;
  }
  Bytes marked_entry() const {
    EntryResponse e;
    e.entry.attr.uid = mark_;
    Bytes out;
    encode_message(e, out);
    return out;
  }

 private:
  void accept_loop() {
    for (;;) {
      int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC);
      std::lock_guard lock(mu_);
      if (killed_) {
        if (fd >= 0) ::close(fd);
        return;
      }
      if (fd < 0) continue;
      conns_.emplace_back(fd);
      servers_.emplace_back([this, fd] { serve(fd); });
    }
  }

  void serve(int fd) {
    TlsPeer peer(fd);
    while (std::optional<Frame> f = read_frame(peer)) {
      const FrameHeader& h = f->header;
      Reply r = reply_to(static_cast<FlareOp>(h.op & ~kOpFlagMask));
      if (r.drop) {
        ::shutdown(fd, SHUT_RDWR);
        return;
      }
      if (r.hang) continue;
      uint16_t op = static_cast<uint16_t>(h.op | (r.stale ? kOpStaleTopology : 0));
      send_frame(peer, h.request_id, op, static_cast<uint16_t>(r.status), r.payload);
    }
  }

  Reply reply_to(FlareOp op) {
    std::function<Reply()> special;
    Reply r;
    {
      std::lock_guard lock(mu_);
      ++counts_[op];
      if (auto it = overrides_.find(op); it != overrides_.end()) special = it->second;
      if (op == FlareOp::Topology) encode_message(TopologyResponse{topology_}, r.payload);
    }
    if (special) return special();
    if (op == FlareOp::Ping) encode_message(PingResponse{nickname_, "test"}, r.payload);
    if (op == FlareOp::GetAttr) r.payload = marked_attr();
    if (op == FlareOp::Mknod) r.payload = marked_entry();
    return r;
  }

  const std::string nickname_;
  const uint32_t mark_;
  UniqueFd listener_;
  uint16_t port_ = 0;
  std::thread acceptor_;
  mutable std::mutex mu_;
  bool killed_ = false;                                       // guarded by mu_
  std::vector<UniqueFd> conns_;                               // guarded by mu_
  std::vector<std::thread> servers_;                          // guarded by mu_
  Topology topology_;                                         // guarded by mu_
  std::map<FlareOp, std::function<Reply()>> overrides_;       // guarded by mu_
  std::map<FlareOp, int> counts_;                             // guarded by mu_
};

const Key kMid = key_at(0x7f, 0xff);
const FlareId kLowId = key_at(0x10, 0x33);   // in the lower half of the ring
const FlareId kHighId = key_at(0xf0, 0x33);  // in the upper half

// a owns the lower half of the ring, b the upper half.
Topology halves(const FakeVolcano& a, const FakeVolcano& b, uint64_t epoch = 1) {
  Topology t;
  t.epoch = epoch;
  t.volcanos = {a.info({Key::min(), kMid}), b.info({key_successor(kMid), Key::max()})};
  return t;
}

// A path whose key falls in the upper half of the ring (b's), or the lower (a's).
std::string path_in(bool upper_half) {
  for (int i = 0;; ++i) {
    std::string path = "/file" + std::to_string(i);
    if ((sha1_key(path) > kMid) == upper_half) return path;
  }
}
std::string high_path() { return path_in(true); }
std::string low_path() { return path_in(false); }

std::unique_ptr<LavaClient> connect_to(const FakeVolcano& entry, std::chrono::milliseconds timeout = 5s) {
  ClientOptions o = entry.options();
  o.request_timeout = timeout;
  auto lava = LavaClient::connect(o);
  BOOST_REQUIRE_MESSAGE(lava.is_ok(), lava.status().to_string());
  return std::move(*lava);
}

// A lava of two fakes, a (the entry, mark 1) and b (mark 2), that agree on halves().
struct TwoVolcanos {
  TwoVolcanos() {
    a.set_topology(halves(a, b));
    b.set_topology(halves(a, b));
  }
  FakeVolcano a{"wallace", 1};
  FakeVolcano b{"gromit", 2};
  const Credentials creds{};
};

GetAttrRequest get_attr(const FlareId& id, const Key& place = Key{}) { return GetAttrRequest{id, place}; }

// The mark of the volcano that answered (0: none did).
uint32_t served_by(const Result<AttrResponse>& r) { return r ? r->attr.uid : 0; }
uint32_t served_by(const Result<EntryResponse>& r) { return r ? r->entry.attr.uid : 0; }

}  // namespace

BOOST_AUTO_TEST_SUITE(lava_client_test)

BOOST_AUTO_TEST_CASE(owner_endpoint_is_the_owner_flare_port) {
  Topology t;
  t.epoch = 1;
  VolcanoInfo low{"low", "", "10.0.0.1", 12000, 12001, {Key::min(), kMid}};
  VolcanoInfo high{"high", "", "10.0.0.2", 13000, 13001, {key_successor(kMid), Key::max()}};
  t.volcanos = {low, high};
  BOOST_TEST_REQUIRE(t.validate().is_ok());
  BOOST_TEST((owner_endpoint(t, kLowId) == Endpoint{"10.0.0.1", 12000}));
  BOOST_TEST((owner_endpoint(t, kMid) == Endpoint{"10.0.0.1", 12000}));
  BOOST_TEST((owner_endpoint(t, key_successor(kMid)) == Endpoint{"10.0.0.2", 13000}));
  BOOST_TEST((owner_endpoint(t, Key::max()) == Endpoint{"10.0.0.2", 13000}));
  BOOST_TEST(!owner_endpoint(t, std::nullopt).has_value());
  BOOST_TEST(Endpoint({"10.0.0.2", 13000}).to_string() == "10.0.0.2:13000");
}

BOOST_AUTO_TEST_CASE(only_reads_are_repeatable) {
  for (FlareOp op : {FlareOp::Ping, FlareOp::Statfs, FlareOp::Lookup, FlareOp::GetAttr,
                     FlareOp::Readlink, FlareOp::ReadDir, FlareOp::Read, FlareOp::Fsync,
                     FlareOp::GetXattr, FlareOp::ListXattr, FlareOp::Topology, FlareOp::ResolveDir,
                     FlareOp::AclCheck, FlareOp::AclReload}) {
    BOOST_TEST(is_repeatable(op), flare_op_name(static_cast<uint16_t>(op)));
  }
  for (FlareOp op : {FlareOp::SetAttr, FlareOp::Mknod, FlareOp::Symlink, FlareOp::Unlink,
                     FlareOp::Rmdir, FlareOp::Rename, FlareOp::Link, FlareOp::Open,
                     FlareOp::Release, FlareOp::Write, FlareOp::SetXattr, FlareOp::RemoveXattr,
                     FlareOp::AddEntry, FlareOp::WriteData, FlareOp::Shutdown}) {
    BOOST_TEST(!is_repeatable(op), flare_op_name(static_cast<uint16_t>(op)));
  }
}

BOOST_AUTO_TEST_CASE(next_step_table) {
  struct Case {
    Errc code;
    bool at_proxy, sent, repeatable;
    NextStep step;
  };
  const Case cases[] = {
      {Errc::Ok, false, true, false, NextStep::Return},
      {Errc::NotFound, false, true, true, NextStep::Return},
      {Errc::Io, false, true, true, NextStep::Return},
      {Errc::Moved, false, true, false, NextStep::RefreshAndRetry},
      {Errc::Moved, true, true, false, NextStep::RefreshAndRetry},
      // A volcano that never got the request: anything may go (again) through the proxy,
      // which a refresh may have moved to a volcano that answers.
      {Errc::Disconnected, false, false, false, NextStep::RetryViaProxy},
      {Errc::Timeout, false, false, false, NextStep::RetryViaProxy},
      {Errc::Disconnected, true, false, false, NextStep::RetryViaProxy},
      // It may have got it: only a repeatable request goes again.
      {Errc::Disconnected, false, true, true, NextStep::RetryViaProxy},
      {Errc::Disconnected, true, true, true, NextStep::RetryViaProxy},
      {Errc::Disconnected, false, true, false, NextStep::Return},
      {Errc::Disconnected, true, true, false, NextStep::Return},
      {Errc::Timeout, false, true, true, NextStep::RetryViaProxy},
      {Errc::Timeout, false, true, false, NextStep::Return},
      // The proxy already waited for the owner as long as we would again.
      {Errc::Timeout, true, true, true, NextStep::Return},
  };
  for (const Case& c : cases) {
    BOOST_TEST((next_step(c.code, c.at_proxy, c.sent, c.repeatable) == c.step),
               errc_name(c.code) << " at_proxy " << c.at_proxy << " sent " << c.sent
                                 << " repeatable " << c.repeatable);
  }
}

BOOST_AUTO_TEST_CASE(connect_downloads_and_checks_the_topology) {
  TwoVolcanos lava;
  auto client = connect_to(lava.a);
  Topology t = client->topology();
  BOOST_TEST(t.epoch == 1u);
  BOOST_TEST_REQUIRE(t.volcanos.size() == 2u);
  BOOST_TEST(t.volcanos[1].nickname == "gromit");
  BOOST_TEST(lava.a.count(FlareOp::Topology) == 1);

  FakeVolcano gap("gap", 3);
  Topology bad = halves(lava.a, lava.b);
  bad.volcanos[1].slice.start = key_at(0x90);
  gap.set_topology(bad);
  BOOST_TEST(LavaClient::connect(gap.options()).code() == Errc::Invalid);

  FakeVolcano empty("empty", 4);  // epoch 0: no topology yet
  BOOST_TEST(LavaClient::connect(empty.options()).code() == Errc::Invalid);

  ClientOptions nowhere = gap.options();
  gap.kill();
  BOOST_TEST(LavaClient::connect(nowhere).code() == Errc::Disconnected);
}

BOOST_AUTO_TEST_CASE(a_client_with_another_key_is_refused_before_any_request) {
  TwoVolcanos lava;
  ClientOptions o = lava.a.options();
  o.key = "not the lava's key";
  auto client = LavaClient::connect(o);
  BOOST_TEST(client.code() == Errc::Access);
  BOOST_TEST(client.status().message().find("wrong lava key") != std::string::npos);
  BOOST_TEST(lava.a.count(FlareOp::Topology) == 0);
  o.key.clear();
  BOOST_TEST(LavaClient::connect(o).code() == Errc::Invalid);  // no key: no connection at all
}

BOOST_AUTO_TEST_CASE(requests_go_straight_to_their_owner) {
  TwoVolcanos lava;
  auto client = connect_to(lava.a);
  BOOST_TEST(served_by(client->call(lava.creds, get_attr(kHighId))) == 2u);
  BOOST_TEST(served_by(client->call(lava.creds, get_attr(kLowId))) == 1u);
  // A directory's place routes it, not its id.
  BOOST_TEST(served_by(client->call(lava.creds, get_attr(kLowId, kHighId))) == 2u);
  auto made = client->call(lava.creds, MknodRequest{high_path()});
  BOOST_TEST(served_by(made) == 2u);
  // No key: the entry volcano answers.
  auto ping = client->call(lava.creds, PingRequest{});
  BOOST_TEST((ping ? ping->nickname : "") == "wallace");
  BOOST_TEST(lava.a.count(FlareOp::GetAttr) == 1);
  BOOST_TEST(lava.b.count(FlareOp::GetAttr) == 2);
  BOOST_TEST(lava.a.count(FlareOp::Mknod) == 0);
  BOOST_TEST(lava.b.count(FlareOp::Topology) == 0);
}

BOOST_AUTO_TEST_CASE(a_stale_answer_refreshes_the_topology_and_still_counts) {
  TwoVolcanos lava;
  auto client = connect_to(lava.a);
  lava.b.set_topology(halves(lava.a, lava.b, 3));
  lava.b.set_override(FlareOp::GetAttr, [&] {
    return FakeVolcano::Reply{Errc::Ok, lava.b.marked_attr(), /*stale=*/true};
  });
  BOOST_TEST(served_by(client->call(lava.creds, get_attr(kHighId))) == 2u);
  BOOST_TEST(client->epoch() == 3u);
  BOOST_TEST(lava.b.count(FlareOp::Topology) == 1);
  BOOST_TEST(lava.b.count(FlareOp::GetAttr) == 1);
}

BOOST_AUTO_TEST_CASE(an_older_topology_is_never_adopted) {
  TwoVolcanos lava;
  lava.a.set_topology(halves(lava.a, lava.b, 5));
  auto client = connect_to(lava.a);
  lava.a.set_topology(halves(lava.a, lava.b, 4));
  BOOST_TEST(client->refresh().is_ok());
  BOOST_TEST(client->epoch() == 5u);
}

BOOST_AUTO_TEST_CASE(moved_refreshes_and_retries_at_the_new_owner) {
  TwoVolcanos lava;
  auto client = connect_to(lava.a);
  // b took over everything from 0x10.. while the client still routes kLowId to a.
  Topology moved;
  moved.epoch = 2;
  moved.volcanos = {lava.a.info({Key::min(), key_at(0x0f, 0xff)}), lava.b.info({key_at(0x10), Key::max()})};
  lava.a.set_topology(moved);
  lava.a.set_override(FlareOp::GetAttr, [] { return FakeVolcano::Reply{Errc::Moved}; });
  BOOST_TEST(served_by(client->call(lava.creds, get_attr(kLowId))) == 2u);
  BOOST_TEST(client->epoch() == 2u);
  BOOST_TEST(lava.a.count(FlareOp::GetAttr) == 1);
  BOOST_TEST(lava.b.count(FlareOp::GetAttr) == 1);
}

BOOST_AUTO_TEST_CASE(moved_for_ever_gives_up_after_the_retries) {
  TwoVolcanos lava;
  auto client = connect_to(lava.a);
  lava.a.set_override(FlareOp::Unlink, [] { return FakeVolcano::Reply{Errc::Moved}; });
  BOOST_TEST(client->call(lava.creds, UnlinkRequest{low_path()}).code() == Errc::Moved);
  BOOST_TEST(lava.a.count(FlareOp::Unlink) == LavaClient::kMaxRetries + 1);
}

BOOST_AUTO_TEST_CASE(an_unreachable_owner_is_bypassed_through_the_entry) {
  TwoVolcanos lava;
  auto client = connect_to(lava.a);
  lava.b.kill();
  // Nothing reached b, so even a create may go through the entry volcano.
  auto made = client->call(lava.creds, MknodRequest{high_path()});
  BOOST_TEST(served_by(made) == 1u);
  BOOST_TEST(served_by(client->call(lava.creds, get_attr(kHighId))) == 1u);
  BOOST_TEST(lava.a.count(FlareOp::Mknod) == 1);
  BOOST_TEST(lava.a.count(FlareOp::GetAttr) == 1);
}

BOOST_AUTO_TEST_CASE(a_lost_answer_is_retried_only_when_repeatable) {
  TwoVolcanos lava;
  auto client = connect_to(lava.a);
  lava.b.set_override(FlareOp::Mknod, [] { return FakeVolcano::Reply{.drop = true}; });
  lava.b.set_override(FlareOp::GetAttr, [] { return FakeVolcano::Reply{.drop = true}; });
  BOOST_TEST(client->call(lava.creds, MknodRequest{high_path()}).code() == Errc::Disconnected);
  BOOST_TEST(lava.a.count(FlareOp::Mknod) == 0);
  BOOST_TEST(served_by(client->call(lava.creds, get_attr(kHighId))) == 1u);
  // b is alive: the next request opens a new connection to it.
  lava.b.set_override(FlareOp::Mknod, [&] { return FakeVolcano::Reply{.payload = lava.b.marked_entry()}; });
  auto made = client->call(lava.creds, MknodRequest{high_path()});
  BOOST_TEST(served_by(made) == 2u);
}

BOOST_AUTO_TEST_CASE(a_silent_owner_times_out_and_reads_go_through_the_entry) {
  TwoVolcanos lava;
  auto client = connect_to(lava.a, 300ms);
  lava.b.set_override(FlareOp::Mknod, [] { return FakeVolcano::Reply{.hang = true}; });
  lava.b.set_override(FlareOp::GetAttr, [] { return FakeVolcano::Reply{.hang = true}; });
  BOOST_TEST(client->call(lava.creds, MknodRequest{high_path()}).code() == Errc::Timeout);
  BOOST_TEST(lava.a.count(FlareOp::Mknod) == 0);
  BOOST_TEST(served_by(client->call(lava.creds, get_attr(kHighId))) == 1u);
}

BOOST_AUTO_TEST_CASE(refresh_falls_back_to_another_volcano) {
  TwoVolcanos lava;
  auto client = connect_to(lava.a);
  lava.b.set_topology(halves(lava.a, lava.b, 9));
  lava.a.kill();
  BOOST_TEST(client->refresh().is_ok());
  BOOST_TEST(client->epoch() == 9u);
  lava.b.kill();
  BOOST_TEST(client->refresh().code() == Errc::Disconnected);
  BOOST_TEST(client->epoch() == 9u);
}

BOOST_AUTO_TEST_CASE(without_the_entry_volcano_another_one_proxies) {
  TwoVolcanos lava;
  auto client = connect_to(lava.a);
  lava.a.kill();
  // Ping has no owner: it goes to the proxy, which moves from a (dead) to b.
  auto ping = client->call(lava.creds, PingRequest{});
  BOOST_TEST((ping ? ping->nickname : ping.status().to_string()) == "gromit");
  // A request a owns, which nothing can have reached, goes through the new proxy.
  auto made = client->call(lava.creds, MknodRequest{low_path()});
  BOOST_TEST(served_by(made) == 2u);
  BOOST_TEST(lava.b.count(FlareOp::Mknod) == 1);
}

BOOST_AUTO_TEST_CASE(post_goes_to_the_owner) {
  TwoVolcanos lava;
  auto client = connect_to(lava.a);
  client->post(lava.creds, ReleaseRequest{kHighId, Key{}});
  for (int i = 0; i < 200 && lava.b.count(FlareOp::Release) == 0; ++i) std::this_thread::sleep_for(10ms);
  BOOST_TEST(lava.b.count(FlareOp::Release) == 1);
  BOOST_TEST(lava.a.count(FlareOp::Release) == 0);
}

BOOST_AUTO_TEST_CASE(many_threads_share_the_client) {
  TwoVolcanos lava;
  auto client = connect_to(lava.a);
  constexpr int kThreads = 8, kCalls = 100;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) {
        bool high = (i + t) % 2 == 0;
        uint32_t got = served_by(client->call(lava.creds, get_attr(high ? kHighId : kLowId)));
        if (got != (high ? 2u : 1u)) ++wrong;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  BOOST_TEST(wrong.load() == 0);
  BOOST_TEST(lava.a.count(FlareOp::GetAttr) + lava.b.count(FlareOp::GetAttr) == kThreads * kCalls);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
