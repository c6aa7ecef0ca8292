// FlareClient: blocking calls over a pipelined connection, reconnecting after a break.
#include "libmagma/flare_client.h"

#include <unistd.h>

#include "libmagma/client_connection.h"

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

FlareClient::FlareClient(ClientOptions options) : options_(std::move(options)) {}
FlareClient::~FlareClient() = default;

Result<std::unique_ptr<FlareClient>> FlareClient::connect(const ClientOptions& options) {
  std::unique_ptr<FlareClient> client(new FlareClient(options));
  auto conn = ClientConnection::open(options);
  if (!conn) return conn.status();
  client->conn_ = std::move(*conn);
  return client;
}

std::shared_ptr<ClientConnection> FlareClient::connection() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!conn_ || !conn_->alive()) {
    // Replace a broken connection; callers still holding the old one finish with it.
    auto fresh = ClientConnection::open(options_);
    if (!fresh) return nullptr;
    conn_ = std::move(*fresh);
  }
  return conn_;
}

Result<RawAnswer> FlareClient::call_frame(Bytes frame) {
  std::shared_ptr<ClientConnection> conn = connection();
  if (!conn) return unreachable();
  return conn->call(std::move(frame), options_.request_timeout);
}

void FlareClient::post_frame(Bytes frame) {
  if (std::shared_ptr<ClientConnection> conn = connection()) conn->post(std::move(frame));
}

Status FlareClient::unreachable() const {
  return Status(Errc::Disconnected, "cannot reach the volcano at " + options_.host + ":" +
                                        std::to_string(options_.port));
}

}  // namespace magma
