// Tests of RPC over TCP connections on 127.0.0.1: fragments, the record bound, calls in
// flight answered as they complete, hostile bytes, a client that leaves mid-call.
#include "nfs_gateway/rpc/tcp_connection.h"

#include <boost/test/unit_test.hpp>
#include <random>

#include "tests/unit/nfs_gateway/rpc/server_fixture.h"

namespace magma::nfs::rpc {
namespace {

using namespace test;
using namespace std::chrono_literals;

// The 4-byte mark of one fragment.
Bytes mark(uint32_t length, bool last) { return XdrWriter().word(length | (last ? 0x80000000u : 0)).take(); }

BOOST_FIXTURE_TEST_SUITE(tcp_connection, ServerFixture)

BOOST_AUTO_TEST_CASE(a_record_in_many_fragments_is_one_call) {
  TcpClient client(port());
  client.send_record(encode_call(fake_call(1, kEcho, 6)), 5);
  check_answer(client.receive(), 1, 7);
  check_answer(client.call(fake_call(2, kEcho, 7)), 2, 8);
}

BOOST_AUTO_TEST_CASE(calls_in_flight_are_answered_as_they_complete) {
  TcpClient client(port());
  client.send_record(encode_call(fake_call(3, kSlow, 30)));
  BOOST_REQUIRE(program->gate.wait_for_waiters(1));
  check_answer(client.call(fake_call(4, kEcho, 40)), 4, 41);
  program->gate.open();
  check_answer(client.receive(), 3, 30);
}

BOOST_AUTO_TEST_CASE(a_slow_call_does_not_stall_other_connections) {
  TcpClient slow(port());
  slow.send_record(encode_call(fake_call(5, kSlow, 50)));
  BOOST_REQUIRE(program->gate.wait_for_waiters(1));
  TcpClient fast(port());
  check_answer(fast.call(fake_call(6, kEcho, 60)), 6, 61);
  UdpClient udp(port());
  check_answer(udp.call(fake_call(7, kEcho, 70)), 7, 71);
  program->gate.open();
  check_answer(slow.receive(), 5, 50);
}

BOOST_AUTO_TEST_CASE(a_record_over_the_bound_closes_the_connection) {
  TcpClient one_fragment(port());
  one_fragment.send_raw(mark(RpcServer::kMaxRecordBytes + 1, true));
  BOOST_CHECK(one_fragment.closed_by_server());

  TcpClient many_fragments(port());
  const uint32_t half = RpcServer::kMaxRecordBytes / 2;
  Bytes wire = mark(half, false);
  wire.resize(wire.size() + half);
  Bytes second = mark(half + 1, true);
  wire.insert(wire.end(), second.begin(), second.end());
  many_fragments.send_raw(wire);
  BOOST_CHECK(many_fragments.closed_by_server());

  TcpClient after(port());
  check_answer(after.call(fake_call(8, kEcho, 1)), 8, 2);
}

BOOST_AUTO_TEST_CASE(a_record_of_the_bound_is_served) {
  CallSpec c = fake_call(9, kSize);
  Bytes data(RpcServer::kMaxRecordBytes - 100, 1);  // the fake program takes up to 1 MiB
  c.args = XdrWriter().opaque(data).take();
  TcpClient client(port());
  client.send_record(encode_call(c), 100000);
  check_answer(client.receive(), 9, static_cast<uint32_t>(data.size()));
}

BOOST_AUTO_TEST_CASE(truncated_calls_are_refused_and_the_connection_serves_on) {
  TcpClient client(port());
  Bytes call = encode_call(fake_call(10, kEcho, 1));
  for (size_t n = 0; n < call.size() - 4; ++n) {
    client.send_record(Bytes(call.begin(), call.begin() + static_cast<long>(n)));
    uint32_t xid = 1000 + static_cast<uint32_t>(n);
    client.send_record(encode_call(fake_call(xid, kEcho, 1)));
    check_answer(receive_reply_to(client, xid), xid, 2);
  }
  BOOST_CHECK_EQUAL(client.malformed(), 0);
}

BOOST_AUTO_TEST_CASE(random_bytes_leave_the_server_serving) {
  std::mt19937 random(11);
  auto noise = [&](size_t n) {
    Bytes b(n);
    for (uint8_t& x : b) x = static_cast<uint8_t>(random());
    return b;
  };
  {
    TcpClient raw(port());
    raw.send_raw(noise(64 * 1024));
    raw.closed_by_server(1s);
  }
  TcpClient framed(port());
  for (int i = 0; i < 16; ++i) {
    Bytes message = noise(4096);
    if (i % 2) message[4] = message[5] = message[6] = message[7] = 0;  // a CALL, then garbage
    framed.send_record(message);
  }
  framed.send_record(encode_call(fake_call(12, kEcho, 5)));
  check_answer(receive_reply_to(framed, 12), 12, 6);
  BOOST_CHECK_EQUAL(framed.malformed(), 0);
}

BOOST_AUTO_TEST_CASE(a_client_that_leaves_during_a_call_hurts_no_one) {
  {
    TcpClient leaving(port());
    leaving.send_record(encode_call(fake_call(13, kSlow, 1)));
    BOOST_REQUIRE(program->gate.wait_for_waiters(1));
  }
  program->gate.open();
  TcpClient next(port());
  check_answer(next.call(fake_call(14, kEcho, 1)), 14, 2);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::rpc
