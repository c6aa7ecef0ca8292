// Tests of RpcDispatcher without sockets: how each call message is answered, credentials
// handed to the program, and the duplicate-request cache around non-idempotent calls.
#include "nfs_gateway/rpc/rpc_dispatcher.h"

#include <boost/test/unit_test.hpp>
#include <future>

#include "nfs_gateway/rpc/rpc_message.h"
#include "tests/unit/nfs_gateway/rpc/server_fixture.h"

namespace magma::nfs::rpc {
namespace {

using namespace test;
using namespace std::chrono_literals;

struct DispatcherFixture {
  DispatcherFixture() {
    auto created = RpcDispatcher::create({program}, 64, 60s);
    BOOST_REQUIRE(created);
    dispatcher = std::move(created).value();
    peer.address = boost::asio::ip::make_address("127.0.0.1");
    peer.port = 800;
  }
  // The reply to message from peer; nullopt when there is none.
  std::optional<Reply> answer(const Bytes& message) {
    Bytes m = message;
    DupCache::Reply reply = dispatcher->handle(m, peer);
    if (!reply) return std::nullopt;
    auto parsed = parse_reply(*reply);
    BOOST_REQUIRE(parsed);
    return parsed;
  }
  std::optional<Reply> answer(const CallSpec& call) { return answer(encode_call(call)); }

  std::shared_ptr<FakeProgram> program = std::make_shared<FakeProgram>();
  std::unique_ptr<RpcDispatcher> dispatcher;
  RpcCaller peer;
};

BOOST_FIXTURE_TEST_SUITE(rpc_dispatcher, DispatcherFixture)

BOOST_AUTO_TEST_CASE(a_good_call_runs_the_procedure) {
  auto r = answer(fake_call(5, kEcho, 41));
  BOOST_REQUIRE(r);
  BOOST_CHECK_EQUAL(r->xid, 5u);
  BOOST_CHECK_EQUAL(r->reply_stat, 0u);
  BOOST_REQUIRE_EQUAL(r->accept_stat, 0u);
  BOOST_CHECK_EQUAL(r->result_word(0), 42u);
}

BOOST_AUTO_TEST_CASE(rpc_layer_errors_are_answered_as_rfc_5531_has_them) {
  CallSpec bad_rpcvers = fake_call(1, kNull);
  bad_rpcvers.rpcvers = 3;
  auto r = answer(bad_rpcvers);
  BOOST_REQUIRE(r);
  BOOST_CHECK_EQUAL(r->reply_stat, 1u);   // MSG_DENIED
  BOOST_CHECK_EQUAL(r->reject_stat, 0u);  // RPC_MISMATCH
  BOOST_CHECK_EQUAL(r->low, 2u);
  BOOST_CHECK_EQUAL(r->high, 2u);

  CallSpec unknown_program = fake_call(2, kNull);
  unknown_program.program = kFakeProgram + 1;
  r = answer(unknown_program);
  BOOST_REQUIRE(r);
  BOOST_CHECK_EQUAL(r->accept_stat, static_cast<uint32_t>(PROG_UNAVAIL));

  CallSpec wrong_version = fake_call(3, kNull);
  wrong_version.version = kFakeMaxVersion + 1;
  r = answer(wrong_version);
  BOOST_REQUIRE(r);
  BOOST_CHECK_EQUAL(r->accept_stat, static_cast<uint32_t>(PROG_MISMATCH));
  BOOST_CHECK_EQUAL(r->low, kFakeMinVersion);
  BOOST_CHECK_EQUAL(r->high, kFakeMaxVersion);

  r = answer(fake_call(4, 99));
  BOOST_REQUIRE(r);
  BOOST_CHECK_EQUAL(r->accept_stat, static_cast<uint32_t>(PROC_UNAVAIL));

  r = answer(fake_call(5, kEcho));  // no argument
  BOOST_REQUIRE(r);
  BOOST_CHECK_EQUAL(r->accept_stat, static_cast<uint32_t>(GARBAGE_ARGS));

  r = answer(fake_call(6, kThrow));
  BOOST_REQUIRE(r);
  BOOST_CHECK_EQUAL(r->accept_stat, static_cast<uint32_t>(SYSTEM_ERR));
}

BOOST_AUTO_TEST_CASE(bad_credentials_are_an_auth_error) {
  CallSpec bad_body = fake_call(1, kNull);
  bad_body.cred_flavor = AUTH_UNIX;
  bad_body.cred_body = XdrWriter().word(1).take();
  auto r = answer(bad_body);
  BOOST_REQUIRE(r);
  BOOST_CHECK_EQUAL(r->reply_stat, 1u);   // MSG_DENIED
  BOOST_CHECK_EQUAL(r->reject_stat, 1u);  // AUTH_ERROR
  BOOST_CHECK_EQUAL(r->auth_stat, static_cast<uint32_t>(AUTH_BADCRED));

  CallSpec des = fake_call(2, kNull);
  des.cred_flavor = 3;  // AUTH_DES
  des.cred_body = Bytes(8, 1);
  r = answer(des);
  BOOST_REQUIRE(r);
  BOOST_CHECK_EQUAL(r->auth_stat, static_cast<uint32_t>(AUTH_REJECTEDCRED));
}

BOOST_AUTO_TEST_CASE(the_program_sees_the_callers_credentials) {
  CallSpec c = fake_call(1, kWhoAmI);
  AuthUnix creds;
  creds.uid = 501;
  creds.gid = 20;
  creds.gids = {20, 12, 61};
  c.cred_flavor = AUTH_UNIX;
  c.cred_body = creds.encode();
  auto r = answer(c);
  BOOST_REQUIRE(r);
  BOOST_REQUIRE_EQUAL(r->accept_stat, 0u);
  BOOST_CHECK_EQUAL(r->result_word(0), 1u);
  BOOST_CHECK_EQUAL(r->result_word(1), 501u);
  BOOST_CHECK_EQUAL(r->result_word(2), 20u);
  BOOST_CHECK_EQUAL(r->result_word(3), 3u);
  BOOST_CHECK_EQUAL(r->result_word(6), 61u);

  r = answer(fake_call(2, kWhoAmI));  // AUTH_NONE
  BOOST_REQUIRE(r);
  BOOST_CHECK_EQUAL(r->result_word(0), 0u);
}

BOOST_AUTO_TEST_CASE(messages_that_are_not_calls_get_no_reply) {
  BOOST_CHECK(!answer(Bytes{}));
  BOOST_CHECK(!answer(Bytes{0, 0, 0, 1}));
  Bytes reply_message = encode_call(fake_call(1, kNull));
  reply_message[7] = 1;  // REPLY
  BOOST_CHECK(!answer(reply_message));
}

BOOST_AUTO_TEST_CASE(a_retransmitted_non_idempotent_call_is_answered_from_the_cache) {
  auto first = answer(fake_call(9, kCount));
  auto again = answer(fake_call(9, kCount));
  BOOST_REQUIRE(first && again);
  BOOST_CHECK(first->raw == again->raw);
  BOOST_CHECK_EQUAL(program->count.load(), 1);
  auto other = answer(fake_call(10, kCount));
  BOOST_REQUIRE(other);
  BOOST_CHECK_EQUAL(other->result_word(0), 2u);
  peer.port = 801;  // another client that happens to use xid 9
  auto elsewhere = answer(fake_call(9, kCount));
  BOOST_REQUIRE(elsewhere);
  BOOST_CHECK_EQUAL(elsewhere->result_word(0), 3u);
}

BOOST_AUTO_TEST_CASE(idempotent_calls_run_each_time) {
  answer(fake_call(9, kIdemCount));
  auto again = answer(fake_call(9, kIdemCount));
  BOOST_REQUIRE(again);
  BOOST_CHECK_EQUAL(again->result_word(0), 2u);
  BOOST_CHECK_EQUAL(program->count.load(), 2);
}

BOOST_AUTO_TEST_CASE(a_retransmission_while_the_first_runs_is_dropped) {
  Bytes message = encode_call(fake_call(7, kSlowCount));
  Bytes first_copy = message;
  auto first = std::async(std::launch::async, [&] { return dispatcher->handle(first_copy, peer); });
  BOOST_REQUIRE(program->gate.wait_for_waiters(1));
  BOOST_CHECK(!answer(message));
  program->gate.open();
  DupCache::Reply first_reply = first.get();
  BOOST_REQUIRE(first_reply);
  auto reply = parse_reply(*first_reply);
  BOOST_REQUIRE(reply);
  BOOST_CHECK_EQUAL(reply->result_word(0), 1u);
  auto later = answer(message);
  BOOST_REQUIRE(later);
  BOOST_CHECK(later->raw == reply->raw);
  BOOST_CHECK_EQUAL(program->count.load(), 1);
}

BOOST_AUTO_TEST_CASE(a_reply_too_large_for_a_datagram_is_a_system_error_over_udp_only) {
  // The largest opaque whose reply fits: XDR pads it to 4 bytes and adds its length.
  const uint32_t largest = (kMaxUdpReplyBytes - kAcceptedHeaderBytes - 4) / 4 * 4;
  auto fits = answer(fake_call(1, kFill, largest));
  BOOST_REQUIRE(fits);
  BOOST_REQUIRE_EQUAL(fits->accept_stat, 0u);
  BOOST_CHECK_EQUAL(fits->raw.size(), kAcceptedHeaderBytes + 4 + largest);
  auto too_large = answer(fake_call(2, kFill, largest + 4));
  BOOST_REQUIRE(too_large);
  BOOST_CHECK_EQUAL(too_large->accept_stat, static_cast<uint32_t>(SYSTEM_ERR));
  peer.tcp = true;
  auto over_tcp = answer(fake_call(3, kFill, 65000));
  BOOST_REQUIRE(over_tcp);
  BOOST_REQUIRE_EQUAL(over_tcp->accept_stat, 0u);
  BOOST_CHECK_EQUAL(over_tcp->result_word(0), 65000u);
}

BOOST_AUTO_TEST_CASE(programs_must_have_distinct_numbers_and_a_version) {
  auto twice = RpcDispatcher::create({program, std::make_shared<FakeProgram>()}, 1, 1s);
  BOOST_CHECK(!twice);
  BOOST_CHECK(twice.code() == Errc::Invalid);
  auto none = RpcDispatcher::create({nullptr}, 1, 1s);
  BOOST_CHECK(none.code() == Errc::Invalid);
  BOOST_CHECK_EQUAL(dispatcher->versions().size(), 2u);
  BOOST_CHECK(dispatcher->versions().front() == std::make_pair(kFakeProgram, kFakeMinVersion));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::rpc
