// Tests of the RPC call header decoder and the reply encoders.
#include "nfs_gateway/rpc/rpc_message.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/nfs_gateway/rpc/rpc_test_client.h"
#include "tests/unit/nfs_gateway/rpc/test_print.h"

namespace magma::nfs::rpc {
namespace {

using test::CallSpec;
using test::XdrWriter;

CallSpec sample_call() {
  CallSpec c;
  c.xid = 0x01020304;
  c.program = 100003;
  c.version = 2;
  c.procedure = 9;
  c.cred_flavor = AUTH_UNIX;
  c.cred_body = test::AuthUnix().encode();
  c.args = XdrWriter().word(7).word(8).take();
  return c;
}

BOOST_AUTO_TEST_SUITE(rpc_message)

BOOST_AUTO_TEST_CASE(a_well_formed_call_decodes_field_by_field) {
  CallSpec c = sample_call();
  Bytes message = test::encode_call(c);
  CallHeader h = decode_call_header(message);
  BOOST_REQUIRE_EQUAL(h.fault, CallFault::None);
  BOOST_CHECK_EQUAL(h.xid, c.xid);
  BOOST_CHECK_EQUAL(h.program, c.program);
  BOOST_CHECK_EQUAL(h.version, c.version);
  BOOST_CHECK_EQUAL(h.procedure, c.procedure);
  BOOST_CHECK_EQUAL(h.cred_flavor, static_cast<uint32_t>(AUTH_UNIX));
  BOOST_CHECK_EQUAL_COLLECTIONS(h.cred_body.begin(), h.cred_body.end(), c.cred_body.begin(), c.cred_body.end());
  BOOST_CHECK_EQUAL_COLLECTIONS(h.args.begin(), h.args.end(), c.args.begin(), c.args.end());
}

BOOST_AUTO_TEST_CASE(an_odd_sized_credential_is_padded_and_the_args_follow_it) {
  CallSpec c = sample_call();
  c.cred_flavor = 9;
  c.cred_body = {1, 2, 3, 4, 5};  // 3 bytes of padding follow
  Bytes message = test::encode_call(c);
  CallHeader h = decode_call_header(message);
  BOOST_REQUIRE_EQUAL(h.fault, CallFault::None);
  BOOST_CHECK_EQUAL(h.cred_body.size(), 5u);
  BOOST_CHECK_EQUAL_COLLECTIONS(h.args.begin(), h.args.end(), c.args.begin(), c.args.end());
}

BOOST_AUTO_TEST_CASE(faults_are_found_in_the_order_of_the_fields) {
  Bytes good = test::encode_call(sample_call());
  auto with_word = [&](size_t index, uint32_t value) {
    Bytes m = good;
    Bytes w = XdrWriter().word(value).take();
    std::copy(w.begin(), w.end(), m.begin() + static_cast<std::ptrdiff_t>(index * 4));
    return m;
  };
  struct Case {
    const char* what;
    Bytes message;
    CallFault fault;
  };
  Bytes long_cred = test::encode_call([] {
    CallSpec c = sample_call();
    c.cred_flavor = AUTH_NONE;
    c.cred_body = Bytes(401, 0);
    return c;
  }());
  Bytes long_verf = XdrWriter().word(1).word(0).word(2).word(1).word(1).word(0).word(0).word(0).word(0).opaque(
      Bytes(404, 0)).take();
  const std::vector<Case> cases = {
      {"empty", {}, CallFault::Drop},
      {"xid only", Bytes(good.begin(), good.begin() + 4), CallFault::Drop},
      {"a reply", with_word(1, 1), CallFault::Drop},
      {"an unknown message type", with_word(1, 7), CallFault::Drop},
      {"no rpcvers", Bytes(good.begin(), good.begin() + 8), CallFault::Garbage},
      {"rpcvers 3", with_word(2, 3), CallFault::RpcMismatch},
      {"rpcvers 1 and nothing else", XdrWriter().word(5).word(0).word(1).take(), CallFault::RpcMismatch},
      {"cut in the procedure", Bytes(good.begin(), good.begin() + 22), CallFault::Garbage},
      {"cred length past the end", with_word(7, 300), CallFault::Garbage},
      {"cred longer than 400", long_cred, CallFault::BadCred},
      {"verf longer than 400", long_verf, CallFault::BadVerf},
      {"cut in the verifier", Bytes(good.begin(), good.end() - 12), CallFault::Garbage},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.what) {
      Bytes m = c.message;
      BOOST_CHECK_EQUAL(decode_call_header(m).fault, c.fault);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_prefix_of_a_call_decodes_without_reading_past_it) {
  Bytes good = test::encode_call(sample_call());
  for (size_t n = 0; n < good.size() - 8; ++n) {  // the last 8 bytes are args
    Bytes m(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
    CallHeader h = decode_call_header(m);
    BOOST_TEST_CONTEXT("prefix of " << n << " bytes") {
      BOOST_CHECK(h.fault == (n < 8 ? CallFault::Drop : CallFault::Garbage));
    }
  }
}

BOOST_AUTO_TEST_CASE(replies_are_encoded_word_by_word) {
  auto words = [](std::initializer_list<uint32_t> ws) {
    XdrWriter w;
    for (uint32_t v : ws) w.word(v);
    return w.take();
  };
  BOOST_CHECK(encode_accepted(7, AcceptStat::GarbageArgs) == words({7, 1, 0, 0, 0, 4}));
  BOOST_CHECK(encode_accepted(7, AcceptStat::ProgUnavail) == words({7, 1, 0, 0, 0, 1}));
  BOOST_CHECK(encode_prog_mismatch(8, 1, 3) == words({8, 1, 0, 0, 0, 2, 1, 3}));
  BOOST_CHECK(encode_rpc_mismatch(9) == words({9, 1, 1, 0, 2, 2}));
  BOOST_CHECK(encode_auth_error(10, AUTH_REJECTEDCRED) == words({10, 1, 1, 1, 2}));
}

BOOST_AUTO_TEST_CASE(a_success_reply_carries_the_results_after_its_header) {
  SuccessReply reply(64);
  u_int a = 0xdeadbeef, b = 5;
  BOOST_REQUIRE(xdr_u_int(reply.xdr(), &a) && xdr_u_int(reply.xdr(), &b));
  Bytes message = std::move(reply).finish(11);
  Bytes expected = XdrWriter().word(11).word(1).word(0).word(0).word(0).word(0).word(a).word(b).take();
  BOOST_CHECK(message == expected);
}

BOOST_AUTO_TEST_CASE(results_cannot_overrun_the_room_given) {
  SuccessReply reply(8);
  u_int v = 1;
  BOOST_CHECK(xdr_u_int(reply.xdr(), &v));
  BOOST_CHECK(xdr_u_int(reply.xdr(), &v));
  BOOST_CHECK(!xdr_u_int(reply.xdr(), &v));
  BOOST_CHECK_EQUAL(std::move(reply).finish(1).size(), kAcceptedHeaderBytes + 8);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::rpc
