// Tests of the RPC server's UDP door over real sockets on 127.0.0.1: whole 64 KiB
// datagrams, hostile bytes, a slow call beside a fast one, retransmissions.
#include "nfs_gateway/rpc/udp_door.h"

#include <boost/test/unit_test.hpp>
#include <random>

#include "tests/unit/nfs_gateway/rpc/server_fixture.h"

namespace magma::nfs::rpc {
namespace {

using namespace test;
using namespace std::chrono_literals;

BOOST_FIXTURE_TEST_SUITE(udp_door, ServerFixture)

BOOST_AUTO_TEST_CASE(a_call_is_answered) {
  UdpClient client(port());
  check_answer(client.call(fake_call(1, kEcho, 9)), 1, 10);
}

BOOST_AUTO_TEST_CASE(a_datagram_near_64_kib_is_read_whole) {
  CallSpec c = fake_call(2, kSize);
  Bytes data(65400);
  uint32_t sum = 0;
  for (size_t i = 0; i < data.size(); ++i) sum += data[i] = static_cast<uint8_t>(i * 7 + 3);
  c.args = XdrWriter().opaque(data).take();
  Bytes message = encode_call(c);
  BOOST_REQUIRE_LE(message.size(), 65507u);  // the largest UDP payload over IPv4
  UdpClient client(port());
  client.send(message);
  auto reply = client.receive();
  check_answer(reply, 2, 65400);
  BOOST_CHECK_EQUAL(reply->result_word(1), sum);
}

BOOST_AUTO_TEST_CASE(a_message_that_is_not_a_call_is_ignored) {
  UdpClient client(port());
  Bytes not_a_call = encode_call(fake_call(3, kNull));
  not_a_call[7] = 1;  // REPLY
  client.send(not_a_call);
  BOOST_CHECK(!client.receive(300ms));
  BOOST_CHECK_EQUAL(client.malformed(), 0);
  check_answer(client.call(fake_call(4, kEcho, 1)), 4, 2);
}

BOOST_AUTO_TEST_CASE(random_and_truncated_datagrams_leave_the_server_serving) {
  UdpClient client(port());
  std::mt19937 random(4);
  for (int round = 0; round < 4; ++round) {
    Bytes noise(65507);
    for (uint8_t& b : noise) b = static_cast<uint8_t>(random());
    if (round % 2) noise[4] = noise[5] = noise[6] = noise[7] = 0;  // a CALL, then garbage
    client.send(noise);
  }
  Bytes call = encode_call(fake_call(5, kEcho, 1));
  for (size_t n = 0; n < call.size() - 4; ++n) client.send(Bytes(call.begin(), call.begin() + static_cast<long>(n)));
  // Whatever came back must be well formed (receive checks it) and may only refuse.
  while (auto reply = client.receive(300ms)) {
    BOOST_CHECK(reply->reply_stat == 1 || reply->accept_stat != 0);
  }
  BOOST_CHECK_EQUAL(client.malformed(), 0);
  check_answer(client.call(fake_call(6, kEcho, 41)), 6, 42);
}

BOOST_AUTO_TEST_CASE(a_slow_call_does_not_stall_a_fast_one) {
  UdpClient client(port());
  client.send(encode_call(fake_call(7, kSlow, 70)));
  BOOST_REQUIRE(program->gate.wait_for_waiters(1));
  check_answer(client.call(fake_call(8, kEcho, 80)), 8, 81);
  program->gate.open();
  check_answer(client.receive(), 7, 70);
}

BOOST_AUTO_TEST_CASE(a_retransmitted_non_idempotent_call_runs_once) {
  UdpClient client(port());
  Bytes count = encode_call(fake_call(9, kCount));
  client.send(count);
  auto first = client.receive();
  client.send(count);
  auto again = client.receive();
  check_answer(first, 9, 1);
  BOOST_REQUIRE(again);
  BOOST_CHECK(again->raw == first->raw);
  BOOST_CHECK_EQUAL(program->count.load(), 1);
}

BOOST_AUTO_TEST_CASE(a_retransmission_while_the_call_runs_does_not_run_it_again) {
  UdpClient client(port());
  Bytes slow = encode_call(fake_call(10, kSlowCount));
  client.send(slow);
  BOOST_REQUIRE(program->gate.wait_for_waiters(1));
  client.send(slow);
  check_answer(client.call(fake_call(11, kEcho, 1)), 11, 2);
  program->gate.open();
  auto reply = client.receive();
  check_answer(reply, 10, 1);
  // The retransmission was dropped while the call ran or, if a worker reached it only
  // afterwards, answered from the cache: the same bytes either way, never a second run.
  while (auto more = client.receive(300ms)) BOOST_CHECK(more->raw == reply->raw);
  BOOST_CHECK_EQUAL(client.malformed(), 0);
  BOOST_CHECK_EQUAL(program->count.load(), 1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::rpc
