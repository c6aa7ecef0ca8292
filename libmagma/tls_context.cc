// TLS contexts keyed by the lava key: HKDF, the PSK session and OpenSSL's PSK callbacks.
#include "libmagma/tls_context.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/kdf.h>

#include <memory>

namespace magma {
namespace {

// Fixed inputs of the derivation: they tie the PSK to this use of the key, so the same
// key used elsewhere (another protocol, a later version) yields unrelated secrets.
constexpr std::string_view kHkdfSalt = "magma lava key v1";
constexpr std::string_view kHkdfInfo = "magma tls1.3 external psk";
// TLS_AES_128_GCM_SHA256's two-byte id in the protocol.
constexpr unsigned char kCipherId[] = {0x13, 0x01};

struct KdfDeleter {
  void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
  void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};

// The PSK a context keeps (in its ex_data), wiped when the context is freed.
struct PskSecret {
  TlsPsk psk;
  ~PskSecret() { OPENSSL_cleanse(psk.data(), psk.size()); }
};

void free_psk(void*, void* ptr, CRYPTO_EX_DATA*, int, long, void*) {
  std::unique_ptr<PskSecret> adopted(static_cast<PskSecret*>(ptr));  // released by attach_psk
}

int psk_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, free_psk);
  return index;
}

bool attach_psk(SSL_CTX* ctx, const TlsPsk& psk) {
  auto secret = std::make_unique<PskSecret>();
  secret->psk = psk;
  if (!SSL_CTX_set_ex_data(ctx, psk_index(), secret.get())) return false;
  (void)secret.release();  // owned by ctx: free_psk deletes it
  return true;
}

// A new session (owned by the caller) holding the context's PSK, for one handshake. One
// session kept for every handshake would not do: OpenSSL gives each session a lifetime
// (304 s by default), after which the server ignores the PSK and every handshake fails.
SSL_SESSION* psk_session(SSL* ssl) {
  auto* secret = static_cast<PskSecret*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), psk_index()));
  const SSL_CIPHER* cipher = SSL_CIPHER_find(ssl, kCipherId);
  if (secret == nullptr || cipher == nullptr) return nullptr;
  SSL_SESSION* session = SSL_SESSION_new();
  if (session != nullptr && SSL_SESSION_set1_master_key(session, secret->psk.data(), secret->psk.size()) &&
      SSL_SESSION_set_cipher(session, cipher) && SSL_SESSION_set_protocol_version(session, TLS1_3_VERSION))
    return session;
  SSL_SESSION_free(session);
  return nullptr;
}

// Client: offers the lava's PSK. md is set when the server already chose a hash (after a
// HelloRetryRequest); a PSK for another hash must not be offered then.
int use_psk(SSL* ssl, const EVP_MD* md, const unsigned char** id, size_t* id_len, SSL_SESSION** out) {
  *out = nullptr;
  SSL_SESSION* session = psk_session(ssl);
  if (session == nullptr) return 0;
  const EVP_MD* ours = SSL_CIPHER_get_handshake_digest(SSL_SESSION_get0_cipher(session));
  if (md != nullptr && EVP_MD_get_type(md) != EVP_MD_get_type(ours)) {
    SSL_SESSION_free(session);
    return 1;
  }
  *out = session;
  *id = reinterpret_cast<const unsigned char*>(kTlsPskIdentity.data());
  *id_len = kTlsPskIdentity.size();
  return 1;
}

// Server: accepts the lava's identity only; whether the client's PSK matches ours is then
// checked by OpenSSL (the binder).
int find_psk(SSL* ssl, const unsigned char* id, size_t id_len, SSL_SESSION** out) {
  *out = nullptr;
  if (std::string_view(reinterpret_cast<const char*>(id), id_len) != kTlsPskIdentity) return 1;
  *out = psk_session(ssl);
  return *out != nullptr ? 1 : 0;
}

Status openssl_failure(const char* what) {
  unsigned long err = ERR_get_error();
  ERR_clear_error();
  const char* reason = err != 0 ? ERR_reason_error_string(err) : nullptr;
  return Status(Errc::Io, std::string(what) + ": " + (reason != nullptr ? reason : "OpenSSL failed"));
}

}  // namespace

Result<TlsPsk> derive_tls_psk(std::string_view lava_key) {
  if (lava_key.empty()) return Status(Errc::Invalid, "the lava key is empty");
  std::unique_ptr<EVP_KDF, KdfDeleter> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  std::unique_ptr<EVP_KDF_CTX, KdfDeleter> ctx(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr);
  if (!ctx) return openssl_failure("cannot set up HKDF");
  auto octets = [](const char* name, std::string_view s) {
    return OSSL_PARAM_construct_octet_string(name, const_cast<char*>(s.data()), s.size());
  };
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
      octets(OSSL_KDF_PARAM_KEY, lava_key),
      octets(OSSL_KDF_PARAM_SALT, kHkdfSalt),
      octets(OSSL_KDF_PARAM_INFO, kHkdfInfo),
      OSSL_PARAM_construct_end(),
  };
  TlsPsk psk;
  if (EVP_KDF_derive(ctx.get(), psk.data(), psk.size(), params) != 1) return openssl_failure("HKDF failed");
  return psk;
}

Result<SslCtxPtr> make_tls_context(std::string_view lava_key) {
  Result<TlsPsk> psk = derive_tls_psk(lava_key);
  if (!psk) return psk.status();
  SslCtxPtr ctx(SSL_CTX_new(TLS_method()));
  if (!ctx || !SSL_CTX_set_min_proto_version(ctx.get(), TLS1_3_VERSION) ||
      !SSL_CTX_set_max_proto_version(ctx.get(), TLS1_3_VERSION) ||
      !SSL_CTX_set_ciphersuites(ctx.get(), "TLS_AES_128_GCM_SHA256") || !attach_psk(ctx.get(), *psk)) {
    OPENSSL_cleanse(psk->data(), psk->size());
    return openssl_failure("cannot set up TLS");
  }
  OPENSSL_cleanse(psk->data(), psk->size());
  // Connections live long and the PSK is always at hand: tickets would only cost bytes.
  SSL_CTX_set_num_tickets(ctx.get(), 0);
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_TICKET);
  SSL_CTX_set_psk_use_session_callback(ctx.get(), use_psk);
  SSL_CTX_set_psk_find_session_callback(ctx.get(), find_psk);
  return ctx;
}

bool is_wrong_key_error(unsigned long err) {
  if (ERR_GET_LIB(err) != ERR_LIB_SSL) return false;
  switch (ERR_GET_REASON(err)) {
    case SSL_R_BINDER_DOES_NOT_VERIFY:
    case SSL_R_TLSV1_ALERT_DECRYPT_ERROR:
    // What an OpenSSL 3.0 server actually sends when the binder fails: among peers that
    // agree on everything else (one version, one suite, one identity), only the key
    // can differ.
    case SSL_R_SSLV3_ALERT_ILLEGAL_PARAMETER:
    case SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC:
    case SSL_R_SSLV3_ALERT_BAD_RECORD_MAC:
      return true;
    default:
      return false;
  }
}

Status tls_handshake_failure(const std::string& where) {
  unsigned long first = 0;
  bool wrong_key = false;
  while (unsigned long err = ERR_get_error()) {
    if (first == 0) first = err;
    wrong_key = wrong_key || is_wrong_key_error(err);
  }
  if (wrong_key) return Status(Errc::Access, std::string(kWrongLavaKey) + ": " + where + " holds another key");
  const char* reason = first != 0 ? ERR_reason_error_string(first) : nullptr;
  return Status(Errc::Disconnected, "TLS handshake with " + where + " failed: " +
                                        (reason != nullptr ? reason : "the connection closed"));
}

}  // namespace magma
