// Tests of libmagma/tls_context: the PSK derivation (a known answer computed apart from
// OpenSSL, same key same PSK, another key another PSK) and handshakes between two
// contexts in memory: the same key agrees on TLS 1.3 with the one cipher suite, another
// key fails on both ends as "wrong lava key".
#include "libmagma/tls_context.h"

#include <openssl/err.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <ctime>
#include <memory>
#include <string>
#include <thread>

#include "tests/unit/libmagma/test_print.h"

namespace magma {
namespace {

std::string hex(const TlsPsk& psk) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (uint8_t b : psk) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

// The two ends of a handshake joined by an in-memory BIO pair, stepped in turns.
struct Handshake {
  SslPtr client, server;
  bool client_done = false, server_done = false;
  unsigned long client_error = 0, server_error = 0;  // OpenSSL's first error on each end

  Handshake(SSL_CTX* client_ctx, SSL_CTX* server_ctx) : client(SSL_new(client_ctx)), server(SSL_new(server_ctx)) {
    BIO *client_bio = nullptr, *server_bio = nullptr;
    BOOST_REQUIRE(BIO_new_bio_pair(&client_bio, 0, &server_bio, 0) == 1);
    SSL_set_bio(client.get(), client_bio, client_bio);
    SSL_set_bio(server.get(), server_bio, server_bio);
    SSL_set_connect_state(client.get());
    SSL_set_accept_state(server.get());
  }

  // Runs both ends until each has finished or failed.
  void run() {
    for (int round = 0; round < 20 && !(finished(client_done, client_error) &&
                                        finished(server_done, server_error));
         ++round) {
      step(client.get(), client_done, client_error);
      step(server.get(), server_done, server_error);
    }
  }

 private:
  static bool finished(bool done, unsigned long error) { return done || error != 0; }
  static void step(SSL* ssl, bool& done, unsigned long& error) {
    if (done || error != 0) return;
    int rc = SSL_do_handshake(ssl);
    if (rc == 1) {
      done = true;
      return;
    }
    int err = SSL_get_error(ssl, rc);
    if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) error = ERR_get_error();
    ERR_clear_error();
  }
};

SslCtxPtr context(const std::string& key) {
  auto ctx = make_tls_context(key);
  BOOST_REQUIRE(ctx.is_ok());
  return std::move(*ctx);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tls_context_test)

BOOST_AUTO_TEST_CASE(the_psk_is_hkdf_sha256_of_the_key_with_magmas_salt_and_info) {
  // Computed with Python's hmac (RFC 5869: extract with the salt, one expand block).
  BOOST_TEST(hex(*derive_tls_psk("lava-test-secret")) ==
             "cf3f13c11aa9a07a7daa48f8fa2519dfbff93827fa7efbbbbc8bbc5dab342a61");
}

BOOST_AUTO_TEST_CASE(the_same_key_gives_the_same_psk_and_another_key_another) {
  TlsPsk a = *derive_tls_psk("correct horse");
  BOOST_TEST(hex(*derive_tls_psk("correct horse")) == hex(a));
  BOOST_TEST(hex(*derive_tls_psk("correct horsf")) != hex(a));
  BOOST_TEST(hex(*derive_tls_psk(std::string("correct horse\0", 14))) != hex(a));
  BOOST_TEST(derive_tls_psk("").code() == Errc::Invalid);
  BOOST_TEST(make_tls_context("").code() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(the_same_key_makes_a_tls13_session_with_the_one_suite) {
  SslCtxPtr client = context("one lava"), server = context("one lava");
  Handshake h(client.get(), server.get());
  h.run();
  BOOST_TEST(h.client_done);
  BOOST_TEST(h.server_done);
  BOOST_TEST(SSL_version(h.client.get()) == TLS1_3_VERSION);
  BOOST_TEST(std::string(SSL_get_cipher_name(h.server.get())) == "TLS_AES_128_GCM_SHA256");
  BOOST_TEST(SSL_get0_peer_certificate(h.client.get()) == nullptr);  // the PSK alone
}

BOOST_AUTO_TEST_CASE(each_handshake_gets_a_fresh_psk_session) {
  // A session made with the context would expire with OpenSSL's session timeout (304 s):
  // a volcano would refuse every client after five minutes. Each handshake's session must
  // be as young as the handshake.
  SslCtxPtr client = context("one lava"), server = context("one lava");
  time_t made = std::time(nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  Handshake h(client.get(), server.get());
  h.run();
  BOOST_TEST_REQUIRE(h.server_done);
  BOOST_TEST(SSL_SESSION_get_time(SSL_get_session(h.server.get())) > made);
  BOOST_TEST(SSL_SESSION_get_time(SSL_get_session(h.client.get())) > made);
}

BOOST_AUTO_TEST_CASE(another_key_fails_on_both_ends_as_a_wrong_key) {
  SslCtxPtr client = context("one lava"), server = context("another lava");
  Handshake h(client.get(), server.get());
  h.run();
  BOOST_TEST(!h.client_done);
  BOOST_TEST(!h.server_done);
  BOOST_TEST(is_wrong_key_error(h.client_error));
  BOOST_TEST(is_wrong_key_error(h.server_error));
}

BOOST_AUTO_TEST_CASE(a_handshake_failure_names_the_wrong_key_or_the_reason) {
  ERR_raise(ERR_LIB_SSL, SSL_R_SSLV3_ALERT_ILLEGAL_PARAMETER);
  Status wrong = tls_handshake_failure("v2:12000");
  BOOST_TEST(wrong.code() == Errc::Access);
  BOOST_TEST(wrong.message() == "wrong lava key: v2:12000 holds another key");
  ERR_raise(ERR_LIB_SSL, SSL_R_WRONG_VERSION_NUMBER);
  Status other = tls_handshake_failure("v2:12000");
  BOOST_TEST(other.code() == Errc::Disconnected);
  BOOST_TEST(other.message().find("wrong version number") != std::string::npos);
  BOOST_TEST(ERR_peek_error() == 0u);  // the queue was emptied
  BOOST_TEST(!is_wrong_key_error(ERR_PACK(ERR_LIB_SSL, 0, SSL_R_WRONG_VERSION_NUMBER)));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
