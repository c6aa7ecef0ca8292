// TLS for the flare and node ports: TLS 1.3 authenticated by the lava key alone, used as
// an external pre-shared key (RFC 8446 section 2.2) derived from the key with HKDF.
//
// Why a PSK and no certificates: every volcano and client already holds the lava key, so
// nothing else needs distributing. The key itself never crosses the wire: the handshake
// only proves that both ends derived the same PSK (the ClientHello's binder and the
// Finished MACs), and OpenSSL's psk_dhe_ke mode adds an (EC)DHE exchange, so recorded
// traffic stays secret even if the key leaks later. A peer with another key fails the
// binder check: the server answers with an alert (illegal_parameter from OpenSSL 3.0,
// decrypt_error in the RFC), which both ends report as "wrong lava key"
// (is_wrong_key_error).
//
// Wire constants: PSK identity "magma-lava", cipher suite TLS_AES_128_GCM_SHA256, TLS 1.3
// only, no session tickets. Changing any of them (or the HKDF salt and info) breaks
// compatibility with older volcanos.
#pragma once

#include <openssl/ssl.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "libmagma/errc.h"

namespace magma {

// The identity both ends name for the PSK: one lava, one key.
constexpr std::string_view kTlsPskIdentity = "magma-lava";
// SHA-256's output size: the hash of the cipher suite, so the PSK is one hash wide.
constexpr size_t kTlsPskSize = 32;
using TlsPsk = std::array<uint8_t, kTlsPskSize>;

// What a peer with another lava key is told, and what we report when it happens to us.
constexpr std::string_view kWrongLavaKey = "wrong lava key";

// HKDF-SHA256 (RFC 5869) of lava_key with Magma's fixed salt and info: the same key always
// gives the same PSK, different keys different ones, and the PSK does not reveal the key.
// Fails with Invalid for an empty key, Io when OpenSSL fails. Pure, thread-safe.
Result<TlsPsk> derive_tls_psk(std::string_view lava_key);

struct SslCtxDeleter {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxDeleter>;
struct SslDeleter {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
using SslPtr = std::unique_ptr<SSL, SslDeleter>;

// A context for either end of a connection (the role is chosen per connection): TLS 1.3
// only, TLS_AES_128_GCM_SHA256, authenticated by the PSK of lava_key, no certificates, no
// session tickets. The context keeps only the PSK, not the key. Fails as derive_tls_psk,
// or Io. Thread-safe; the context may serve many connections on many threads.
Result<SslCtxPtr> make_tls_context(std::string_view lava_key);

// Whether OpenSSL's error code err (ERR_get_error's, or Asio's ssl error value) means the
// peer holds another lava key: a failed binder check (ours, or the peer's alert saying
// so) or a record that did not decrypt (bad_record_mac). Pure.
bool is_wrong_key_error(unsigned long err);

// The failure of a handshake with the peer named by where, from this thread's OpenSSL
// error queue (which it empties): Access "wrong lava key ..." when the keys differ,
// otherwise Disconnected with OpenSSL's reason.
Status tls_handshake_failure(const std::string& where);

}  // namespace magma
