// FlareClient: blocking calls over a pipelined connection, reconnecting after a break.
#include "libmagma/flare_client.h"

#include <unistd.h>

#include "libmagma/client_connection.h"
#include "libmagma/tls_context.h"

namespace magma {

Credentials process_credentials() {
  Credentials creds;
  creds.uid = ::getuid();
  creds.gid = ::getgid();
  gid_t groups[Credentials::kMaxGroups];
  int n = ::getgroups(Credentials::kMaxGroups, groups);
  if (n > 0) creds.groups.assign(groups, groups + n);
  return creds;
}

FlareClient::FlareClient(ClientOptions options, std::shared_ptr<SSL_CTX> tls)
    : options_(std::move(options)), tls_(std::move(tls)) {}
FlareClient::~FlareClient() = default;

Result<std::unique_ptr<FlareClient>> FlareClient::connect(const ClientOptions& options) {
  Result<SslCtxPtr> tls = make_tls_context(options.key);
  if (!tls) return Status(tls.code(), "no TLS for " + options.host + ": " + tls.status().message());
  std::unique_ptr<FlareClient> client(new FlareClient(options, std::move(*tls)));
  auto conn = ClientConnection::open(options, client->tls_.get());
  if (!conn) return conn.status();
  client->conn_ = std::move(*conn);
  return client;
}

Result<std::shared_ptr<ClientConnection>> FlareClient::connection() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!conn_ || !conn_->alive()) {
    // Replace a broken connection; callers still holding the old one finish with it.
    auto fresh = ClientConnection::open(options_, tls_.get());
    if (!fresh) return fresh.status();
    conn_ = std::move(*fresh);
  }
  return conn_;
}

Result<RawAnswer> FlareClient::call_frame(Bytes frame) {
  auto conn = connection();
  if (!conn) return conn.status();
  return (*conn)->call(std::move(frame), options_.request_timeout);
}

void FlareClient::post_frame(Bytes frame) {
  if (auto conn = connection()) (*conn)->post(std::move(frame));
}

}  // namespace magma
