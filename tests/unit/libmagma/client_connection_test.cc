// Tests of libmagma/client_connection: many requests in flight on one connection, each
// caller getting its own answer although the volcano answers out of order; posted
// requests; timeouts; a volcano that goes away; the TLS handshake refused for another
// key or by a volcano that speaks no TLS. A fake volcano on loopback answers.
#include "libmagma/client_connection.h"

#include <boost/test/unit_test.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <tuple>
#include <vector>

#include "tests/unit/libmagma/loopback.h"
#include "tests/unit/libmagma/test_print.h"

namespace magma {
namespace {

// A one-connection fake volcano: collects `batch` request frames, then answers them in
// reverse order with payload = the request's payload, or stops without answering.
class FakeVolcano {
 public:
  FakeVolcano() { std::tie(listener_, port_) = listen_on_loopback(4); }
  ~FakeVolcano() {
    if (thread_.joinable()) thread_.join();
  }
  uint16_t port() const { return port_; }

  // Reads one request, answers nothing (or only half a header), then keeps the
  // connection open without a word until released.
  void stall(bool half_header) {
    thread_ = std::thread([this, half_header] {
      UniqueFd conn(::accept(listener_.get(), nullptr, nullptr));
      TlsPeer peer(conn.get());
      uint8_t head[kFrameHeaderSize];
      if (!peer.read(head, sizeof head)) return;
      if (half_header) peer.write(head, sizeof head / 2);
      std::unique_lock<std::mutex> lock(mu_);
      released_.wait(lock, [this] { return release_; });
    });
  }
  void release() {
    std::lock_guard<std::mutex> lock(mu_);
    release_ = true;
    released_.notify_all();
  }

  // Serves one connection in the background: rounds of `batch` requests each.
  void serve(size_t batch, size_t rounds, bool answer = true) {
    thread_ = std::thread([this, batch, rounds, answer] {
      UniqueFd conn(::accept(listener_.get(), nullptr, nullptr));
      TlsPeer peer(conn.get());
      for (size_t r = 0; r < rounds; ++r) {
        std::vector<Frame> got;
        for (size_t i = 0; i < batch; ++i) {
          std::optional<Frame> f = read_frame(peer);
          if (!f) return;
          got.push_back(std::move(*f));
        }
        if (!answer) return;
        for (auto it = got.rbegin(); it != got.rend(); ++it)
          send_frame(peer, it->header.request_id, it->header.op, 0, it->payload);
      }
    });
  }

 private:
  UniqueFd listener_;
  uint16_t port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable released_;
  bool release_ = false;  // guarded by mu_
};

Bytes request(const std::string& text) {
  Bytes frame = start_frame(0, 1, 0);
  frame.insert(frame.end(), text.begin(), text.end());
  finish_frame(frame);
  return frame;
}

std::unique_ptr<ClientConnection> connect_to(const FakeVolcano& v,
                                             std::chrono::milliseconds request_timeout = std::chrono::seconds(30)) {
  ClientOptions o;
  o.host = "127.0.0.1";
  o.port = v.port();
  o.request_timeout = request_timeout;
  auto conn = ClientConnection::open(o, test_tls());
  BOOST_REQUIRE(conn.is_ok());
  return std::move(*conn);
}

constexpr std::chrono::milliseconds kPatience{10000};

}  // namespace

BOOST_AUTO_TEST_SUITE(client_connection_test)

BOOST_AUTO_TEST_CASE(answers_out_of_order_reach_their_own_callers) {
  constexpr size_t kCallers = 8;
  FakeVolcano volcano;
  volcano.serve(kCallers, 1);  // answers only once all eight are in flight, last first
  auto conn = connect_to(volcano);
  std::vector<std::string> answers(kCallers);
  std::vector<std::thread> callers;
  for (size_t i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      auto answer = conn->call(request("caller " + std::to_string(i)), kPatience);
      if (answer.is_ok()) answers[i].assign(answer->payload.begin(), answer->payload.end());
    });
  }
  for (auto& t : callers) t.join();
  for (size_t i = 0; i < kCallers; ++i) BOOST_TEST(answers[i] == "caller " + std::to_string(i));
}

BOOST_AUTO_TEST_CASE(a_posted_answer_is_dropped_by_the_next_reader) {
  FakeVolcano volcano;
  volcano.serve(2, 1);
  auto conn = connect_to(volcano);
  conn->post(request("posted"));
  auto answer = conn->call(request("called"), kPatience);
  BOOST_REQUIRE(answer.is_ok());
  BOOST_TEST(std::string(answer->payload.begin(), answer->payload.end()) == "called");
  BOOST_TEST(conn->alive());
}

BOOST_AUTO_TEST_CASE(an_unanswered_request_times_out_and_the_connection_lives_on) {
  FakeVolcano volcano;
  volcano.stall(/*half_header=*/false);
  auto conn = connect_to(volcano);
  auto answer = conn->call(request("ignored"), std::chrono::milliseconds(200));
  volcano.release();
  BOOST_TEST(answer.code() == Errc::Timeout);
  BOOST_TEST(conn->alive());  // a slow volcano is not a broken connection
}

BOOST_AUTO_TEST_CASE(a_vanished_volcano_fails_the_call_and_the_connection) {
  FakeVolcano volcano;
  volcano.serve(1, 1, /*answer=*/false);
  auto conn = connect_to(volcano);
  auto answer = conn->call(request("lost"), kPatience);
  BOOST_TEST(answer.code() == Errc::Disconnected);
  BOOST_TEST(!conn->alive());
  BOOST_TEST(conn->call(request("after"), kPatience).code() == Errc::Disconnected);
}

BOOST_AUTO_TEST_CASE(a_volcano_stalled_mid_frame_does_not_hang_the_caller) {
  FakeVolcano volcano;
  volcano.stall(/*half_header=*/true);
  auto conn = connect_to(volcano, std::chrono::milliseconds(300));
  auto started = std::chrono::steady_clock::now();
  auto answer = conn->call(request("stalled"), std::chrono::milliseconds(300));
  auto waited = std::chrono::steady_clock::now() - started;
  volcano.release();
  BOOST_TEST(!answer.is_ok());
  BOOST_TEST(waited < std::chrono::seconds(5));  // bounded by the request timeout, not forever
}

BOOST_AUTO_TEST_CASE(connecting_to_a_closed_port_is_disconnected) {
  uint16_t port;
  {
    FakeVolcano gone;
    port = gone.port();
  }
  ClientOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  BOOST_TEST(ClientConnection::open(o, test_tls()).code() == Errc::Disconnected);
  o.host = "no-such-host.invalid";
  BOOST_TEST(ClientConnection::open(o, test_tls()).code() == Errc::Disconnected);
}

BOOST_AUTO_TEST_CASE(a_volcano_with_another_key_is_refused_as_a_wrong_key) {
  FakeVolcano volcano;
  volcano.serve(1, 1);
  ClientOptions o;
  o.port = volcano.port();
  auto conn = ClientConnection::open(o, test_tls("another key"));
  BOOST_TEST(conn.code() == Errc::Access);
  BOOST_TEST(conn.status().message().find("wrong lava key") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_volcano_without_tls_fails_the_handshake_without_a_hang) {
  auto [listener, port] = listen_on_loopback(1);
  // Answers the ClientHello with a frame in clear, as a volcano before TLS would.
  std::thread plain([fd = listener.get()] {
    UniqueFd conn(::accept(fd, nullptr, nullptr));
    Bytes frame = start_frame(1, 1, 0);
    finish_frame(frame);
    ::send(conn.get(), frame.data(), frame.size(), MSG_NOSIGNAL);
    uint8_t hello[512];
    (void)::recv(conn.get(), hello, sizeof hello, 0);
  });
  ClientOptions o;
  o.port = port;
  o.connect_timeout = std::chrono::seconds(5);
  auto started = std::chrono::steady_clock::now();
  auto conn = ClientConnection::open(o, test_tls());
  auto waited = std::chrono::steady_clock::now() - started;
  plain.join();
  BOOST_TEST(conn.code() == Errc::Disconnected);
  BOOST_TEST(conn.status().message().find("TLS handshake") != std::string::npos);
  BOOST_TEST(waited < std::chrono::seconds(4));
}

BOOST_AUTO_TEST_CASE(a_large_frame_crosses_many_records_both_ways) {
  FakeVolcano volcano;
  volcano.serve(1, 1);
  auto conn = connect_to(volcano);
  std::string big(3 << 20, 'q');
  for (size_t i = 0; i < big.size(); i += 4099) big[i] = static_cast<char>('a' + i % 26);
  auto answer = conn->call(request(big), kPatience);
  BOOST_REQUIRE(answer.is_ok());
  BOOST_TEST((std::string(answer->payload.begin(), answer->payload.end()) == big));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
