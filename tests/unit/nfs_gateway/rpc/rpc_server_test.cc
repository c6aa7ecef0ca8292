// Tests of RpcServer as a whole: one port for UDP and TCP, start errors, many clients at
// once, a real libtirpc client, stop() while a call runs, a start without rpcbind.
#include "nfs_gateway/rpc/rpc_server.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <boost/test/unit_test.hpp>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "tests/unit/nfs_gateway/rpc/server_fixture.h"

namespace magma::nfs::rpc {
namespace {

using namespace test;
using namespace std::chrono_literals;

sockaddr_in loopback(uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  return addr;
}

bool tcp_connect_refused(uint16_t port) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr = loopback(port);
  return ::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0;
}

BOOST_AUTO_TEST_SUITE(rpc_server)

BOOST_FIXTURE_TEST_CASE(udp_and_tcp_share_one_port, ServerFixture) {
  BOOST_REQUIRE_NE(port(), 0);
  UdpClient udp(port());
  check_answer(udp.call(fake_call(1, kEcho, 1)), 1, 2);
  TcpClient tcp(port());
  check_answer(tcp.call(fake_call(2, kEcho, 2)), 2, 3);
}

BOOST_FIXTURE_TEST_CASE(libtirpc_clients_are_served_over_udp_and_tcp, ServerFixture) {
  sockaddr_in addr = loopback(port());
  int udp_socket = RPC_ANYSOCK;
  CLIENT* udp = clntudp_create(&addr, kFakeProgram, kFakeMinVersion, timeval{1, 0}, &udp_socket);
  BOOST_REQUIRE(udp);
  BOOST_CHECK(tirpc_echo(udp, 10) == 11u);
  clnt_destroy(udp);
  int tcp_socket = RPC_ANYSOCK;
  CLIENT* tcp = clnttcp_create(&addr, kFakeProgram, kFakeMaxVersion, &tcp_socket, 0, 0);
  BOOST_REQUIRE(tcp);
  BOOST_CHECK(tirpc_echo(tcp, 20) == 21u);
  clnt_destroy(tcp);
}

RpcServerOptions with_connection_cap(size_t cap) {
  RpcServerOptions options = loopback_options();
  options.max_tcp_connections = cap;
  return options;
}

struct CappedFixture : ServerFixture {
  CappedFixture() : ServerFixture(with_connection_cap(3)) {}
};

BOOST_FIXTURE_TEST_CASE(connections_beyond_the_cap_are_closed_and_a_freed_slot_serves_again, CappedFixture) {
  std::vector<std::unique_ptr<TcpClient>> open;
  for (uint32_t i = 0; i < 3; ++i) {
    open.push_back(std::make_unique<TcpClient>(port()));
    check_answer(open.back()->call(fake_call(i, kEcho, i)), i, i + 1);
  }
  TcpClient over(port());
  BOOST_CHECK(over.closed_by_server());
  UdpClient udp(port());  // UDP is not counted
  check_answer(udp.call(fake_call(7, kEcho, 7)), 7, 8);
  open.front()->close();
  std::optional<Reply> answer;
  for (int attempt = 0; attempt < 50 && !answer; ++attempt) {  // until the server saw the close
    TcpClient again(port());
    answer = again.call(fake_call(9, kEcho, 9), 200ms);
  }
  BOOST_REQUIRE(answer);
  check_answer(answer, 9, 10);
  check_answer(open.back()->call(fake_call(10, kEcho, 10)), 10, 11);  // the others still serve
}

BOOST_FIXTURE_TEST_CASE(a_taken_port_fails_with_io_naming_the_address, ServerFixture) {
  RpcServerOptions options = loopback_options();
  options.port = port();
  auto second = RpcServer::start(options, {std::make_shared<FakeProgram>()});
  BOOST_REQUIRE(!second);
  BOOST_CHECK(second.code() == Errc::Io);
  BOOST_CHECK_MESSAGE(second.status().message().find("127.0.0.1:" + std::to_string(port())) != std::string::npos,
                      second.status().message());
}

BOOST_AUTO_TEST_CASE(a_bad_bind_address_is_invalid) {
  RpcServerOptions options = loopback_options();
  options.bind = "not-an-address";
  auto server = RpcServer::start(options, {std::make_shared<FakeProgram>()});
  BOOST_CHECK(server.code() == Errc::Invalid);
}

BOOST_FIXTURE_TEST_CASE(many_clients_are_served_at_once, ServerFixture) {
  constexpr uint32_t kClients = 8, kCalls = 50;
  // Each client thread only talks; the main thread checks what came back.
  std::vector<std::future<std::vector<std::optional<Reply>>>> clients;
  for (uint32_t c = 0; c < kClients; ++c) {
    clients.push_back(std::async(std::launch::async, [this, c] {
      std::vector<std::optional<Reply>> replies;
      UdpClient udp(port());
      TcpClient tcp(port());
      for (uint32_t i = 0; i < kCalls; ++i) {
        replies.push_back(udp.call(fake_call(c * 1000 + i, kEcho, c * 100000 + i)));
        replies.push_back(tcp.call(fake_call(c * 1000 + i, kEcho, c * 100000 + i)));
      }
      return replies;
    }));
  }
  for (uint32_t c = 0; c < kClients; ++c) {
    std::vector<std::optional<Reply>> replies = clients[c].get();
    BOOST_REQUIRE_EQUAL(replies.size(), 2 * kCalls);
    for (uint32_t i = 0; i < 2 * kCalls; ++i) check_answer(replies[i], c * 1000 + i / 2, c * 100000 + i / 2 + 1);
  }
}

BOOST_FIXTURE_TEST_CASE(stop_finishes_the_running_call_and_closes_the_port, ServerFixture) {
  TcpClient client(port());
  client.send_record(encode_call(fake_call(1, kSlow, 1)));
  BOOST_REQUIRE(program->gate.wait_for_waiters(1));
  auto stopped = std::async(std::launch::async, [this] { server->stop(); });
  BOOST_CHECK(stopped.wait_for(300ms) == std::future_status::timeout);  // waits for the call
  program->gate.open();
  BOOST_REQUIRE(stopped.wait_for(5s) == std::future_status::ready);
  BOOST_CHECK(client.closed_by_server(1s));
  BOOST_CHECK(tcp_connect_refused(port()));
  server->stop();  // idempotent
}

BOOST_AUTO_TEST_CASE(asking_for_rpcbind_never_delays_start_or_stop) {
  RpcServerOptions options = loopback_options();
  options.register_with_rpcbind = true;
  auto program = std::make_shared<FakeProgram>();
  auto began = std::chrono::steady_clock::now();
  auto server = RpcServer::start(options, {program});
  auto took = std::chrono::steady_clock::now() - began;
  BOOST_REQUIRE(server);
  BOOST_CHECK_LT(std::chrono::duration_cast<std::chrono::milliseconds>(took).count(), 3000);
  UdpClient udp((*server)->port());
  check_answer(udp.call(fake_call(1, kEcho, 1)), 1, 2);
  began = std::chrono::steady_clock::now();
  server->reset();  // the destructor stops and unregisters
  took = std::chrono::steady_clock::now() - began;
  BOOST_CHECK_LT(std::chrono::duration_cast<std::chrono::milliseconds>(took).count(), 3000);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::rpc
