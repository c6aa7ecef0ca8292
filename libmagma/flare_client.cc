// FlareClient: blocking calls over a pipelined connection, reconnecting after a break.
#include "libmagma/flare_client.h"

#include "libmagma/client_connection.h"

namespace magma {

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

Result<std::future<Result<RawAnswer>>> FlareClient::send_frame(
    Bytes frame, uint64_t* request_id, std::shared_ptr<ClientConnection>* conn) {
  std::shared_ptr<ClientConnection> live = connection();
  if (!live)
    return Status(Errc::Disconnected, "cannot reach the volcano at " + options_.host + ":" +
                                          std::to_string(options_.port));
  uint64_t id = 0;
  auto future = live->submit(std::move(frame), &id);
  if (request_id) *request_id = id;
  if (conn) *conn = std::move(live);
  return future;
}

Result<RawAnswer> FlareClient::call_frame(Bytes frame) {
  uint64_t id = 0;
  std::shared_ptr<ClientConnection> conn;
  auto future = send_frame(std::move(frame), &id, &conn);
  if (!future) return future.status();
  if (future->wait_for(options_.request_timeout) != std::future_status::ready) {
    conn->abandon(id);
    return Status(Errc::Timeout, "the volcano did not answer in time");
  }
  return future->get();
}

}  // namespace magma
