// FlareClient: a connection to a volcano's flare port that keeps many requests in flight.
// Each call() sends one frame with a fresh 64-bit request id and waits for the answer
// with that id; answers may arrive in any order.
//
// Every connection is TLS, authenticated by the lava key (tls_context.h).
//
// Thread-safety: call() may be used from many threads at once (FUSE worker threads do).
// The callers themselves send and read (see client_connection.h); there is no I/O
// thread. A broken connection fails every request in flight with Disconnected; the next
// call() reconnects.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "libmagma/byte_codec.h"
#include "libmagma/errc.h"
#include "libmagma/flare_messages.h"
#include "libmagma/frame.h"

// OpenSSL's context type, declared as <openssl/types.h> does: this header stays free of
// OpenSSL's.
typedef struct ssl_ctx_st SSL_CTX;

namespace magma {

struct ClientOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 12000;
  // A request unanswered for this long fails with Timeout, so a dead volcano never
  // hangs a caller forever.
  std::chrono::milliseconds request_timeout{30000};
  std::chrono::milliseconds connect_timeout{5000};
  // The lava key (lava_key.h): authenticates the connection. Never logged or sent.
  std::string key;
  // The local address connections come from (mount.magma -o source=); empty: the
  // kernel's choice. The ACL (acl/) decides by it.
  std::string source;
};

// A raw answer: the header's status and the payload bytes.
struct RawAnswer {
  Errc status = Errc::Ok;
  bool stale_topology = false;  // the answer frame carried kOpStaleTopology
  Bytes payload;
};

// A decoded answer with what the frame said beside it.
template <class Response>
struct Answer {
  Response response;
  bool stale_topology = false;
};

// This process's own identity (uid, gid, supplementary groups), for a client that asks
// as itself rather than for another caller. Never fails.
Credentials process_credentials();

class ClientConnection;

class FlareClient {
 public:
  // Connects to options.host:options.port. Fails with Disconnected (refused, unreachable,
  // unknown host, TLS handshake failed), Timeout, Access "wrong lava key" (the volcano
  // holds another key), or Invalid (no key in options).
  static Result<std::unique_ptr<FlareClient>> connect(const ClientOptions& options);
  ~FlareClient();

  // Sends req as creds and blocks until its answer. Returns the Response, the server's
  // error (with its message), Disconnected, Timeout or Protocol (undecodable answer).
  template <class Request>
  Result<typename FlareOpTraits<Request>::Response> call(const Credentials& creds,
                                                         const Request& req) {
    auto answer = call_answer(creds, req);
    if (!answer) return answer.status();
    return std::move(answer->response);
  }

  // As call(), also telling whether the answer said the caller's topology is stale.
  // op_flags (kOpForwarded) are or-ed into the request's op.
  template <class Request>
  Result<Answer<typename FlareOpTraits<Request>::Response>> call_answer(const Credentials& creds,
                                                                      const Request& req,
                                                                      uint16_t op_flags = 0) {
    Result<RawAnswer> raw = call_frame(request_frame(creds, req, op_flags));
    if (!raw) return raw.status();
    if (raw->status != Errc::Ok)
      return Status(raw->status, std::string(raw->payload.begin(), raw->payload.end()));
    Answer<typename FlareOpTraits<Request>::Response> answer;
    answer.stale_topology = raw->stale_topology;
    MAGMA_RETURN_IF_ERROR(decode_message(raw->payload.data(), raw->payload.size(), answer.response));
    return answer;
  }

  // Sends req as creds without waiting: its answer, success or error, is dropped. For
  // requests whose outcome the caller cannot act on (Release).
  template <class Request>
  void post(const Credentials& creds, const Request& req) {
    post_frame(request_frame(creds, req));
  }

  // Sends a finished request frame (its request id is assigned here) and waits for the
  // answer with the same id.
  Result<RawAnswer> call_frame(Bytes frame);

  const ClientOptions& options() const { return options_; }

 private:
  // Encoded straight into the frame: a WRITE's data is copied once, not twice.
  template <class Request>
  static Bytes request_frame(const Credentials& creds, const Request& req, uint16_t op_flags = 0) {
    Bytes frame = start_frame(0, static_cast<uint16_t>(FlareOpTraits<Request>::op) | op_flags, 0);
    encode_message(creds, frame);
    encode_message(req, frame);
    finish_frame(frame);
    return frame;
  }
  void post_frame(Bytes frame);

  FlareClient(ClientOptions options, std::shared_ptr<SSL_CTX> tls);
  // The live connection, reconnecting if the last one broke; fails as connect().
  Result<std::shared_ptr<ClientConnection>> connection();

  const ClientOptions options_;
  const std::shared_ptr<SSL_CTX> tls_;  // make_tls_context's; for every connection opened
  std::mutex mu_;  // guards conn_
  std::shared_ptr<ClientConnection> conn_;  // guarded by mu_
};

}  // namespace magma
