// LavaClient: a client of a whole lava, for mount.magma and magmactl. It downloads the
// topology from the entry volcano (the one the user named) and sends each request
// straight to the volcano that owns its route key (routing.h), over one FlareClient per
// volcano, opened on first use and shared by every thread.
//
// The proxy is the volcano that answers requests without a route key (Ping, Statfs,
// Topology) and forwards those whose owner cannot be reached: the entry volcano, or,
// while it cannot be reached, the volcano that last gave us the topology.
//
// Keeping up with the lava: an answer flagged stale (a volcano forwarded the request) or
// a Moved error refreshes the topology from the volcano that answered; a newer epoch is
// adopted, never an older one. Moved is retried at the new owner; a stale flag is only a
// hint, its answer is returned as it is.
//
// When a volcano does not answer (Disconnected, Timeout), the request is sent once more
// through the proxy. A request is sent twice only when that cannot apply it twice:
//   - the volcano was never sent it: the connection could not be opened (or failed to
//     open less than kDownFor ago), or
//   - it is repeatable (is_repeatable below: it reads, or it only waits, as Fsync).
// Anything else that may have reached the volcano (a Mknod whose answer was lost) fails
// with Disconnected or Timeout, as with a single FlareClient. Every retry counts against
// kMaxRetries.
//
// Thread-safety: every method may be called from any thread at once. A call blocks
// until its answer; the common path takes one short lock and copies no topology.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "libmagma/errc.h"
#include "libmagma/flare_client.h"
#include "libmagma/flare_messages.h"
#include "libmagma/host_port.h"
#include "libmagma/routing.h"
#include "libmagma/topology.h"

namespace magma {

// The flare port of the owner of key in t; nullopt when key is nullopt (any volcano
// answers: the proxy does). REQUIRES: t.validate() is ok. Pure.
std::optional<Endpoint> owner_endpoint(const Topology& t, const std::optional<Key>& key);

// True for the ops that change nothing a second copy could change again: reads, lookups,
// listings, attributes, Fsync, Ping, Statfs, Topology.
bool is_repeatable(FlareOp op);

// What LavaClient::call does after an attempt that failed with code, sent to the proxy
// or not (at_proxy), that may have reached the volcano or surely did not (sent). Pure:
// the retry rule of the header comment. A repeatable request that timed out at the proxy
// is not repeated: the proxy was already waiting for the owner as long as we would.
enum class NextStep {
  Return,           // the answer stands
  RefreshAndRetry,  // Moved: refresh the topology, send to the (new) owner
  RetryViaProxy,    // no answer: refresh the topology (and the proxy), send to the proxy
};
NextStep next_step(Errc code, bool at_proxy, bool sent, bool repeatable);

class LavaClient {
 public:
  // Retries of one call, of every kind, before its last answer is returned as it is.
  static constexpr int kMaxRetries = 5;
  // After a connection to a volcano failed to open, requests for it go to the proxy for
  // this long without trying again (a host that is down costs a connect timeout once,
  // not per request).
  static constexpr std::chrono::milliseconds kDownFor{1000};
  // A stale hint or an unreachable owner asks for the topology again only this long
  // after an attempt that found nothing newer (Moved always asks).
  static constexpr std::chrono::milliseconds kQuietAfterFruitlessRefresh{100};

  // Connects to the entry volcano at entry.host:entry.port (its timeouts and key apply to
  // every volcano) and downloads the topology. Fails with Access "wrong lava
  // key" (the volcano holds another key), Disconnected or Timeout (unreachable),
  // the volcano's error, or Invalid (a topology that does not validate or has epoch 0).
  static Result<std::unique_ptr<LavaClient>> connect(const ClientOptions& entry);
  ~LavaClient();
  LavaClient(const LavaClient&) = delete;
  LavaClient& operator=(const LavaClient&) = delete;

  // Sends req as creds to its owner and blocks until the answer, as FlareClient::call
  // (same errors), retrying as the header comment says. Moved is returned only when the
  // topology kept changing for kMaxRetries rounds.
  template <class Request>
  Result<typename FlareOpTraits<Request>::Response> call(const Credentials& creds,
                                                         const Request& req) {
    using Response = typename FlareOpTraits<Request>::Response;
    const std::optional<Key> key = route_key(req);
    const bool repeatable = is_repeatable(FlareOpTraits<Request>::op);
    bool via_proxy = false;
    for (int retries = 0;; ++retries) {
      Route route = route_for(key, via_proxy);
      Result<Answer<Response>> answer = route.client
                                            ? route.client->call_answer(creds, req)
                                            : Result<Answer<Response>>(route.unreachable);
      const bool stale = answer && answer->stale_topology;
      if (!retry_after(route, answer.status(), stale, repeatable, retries, via_proxy)) {
        if (!answer) return answer.status();
        return std::move(answer->response);
      }
    }
  }

  // Sends req as creds to its owner (the proxy if the owner cannot be reached) without
  // waiting; its answer, success or error, is dropped. For Release.
  template <class Request>
  void post(const Credentials& creds, const Request& req) {
    Route route = route_for(route_key(req), false);
    if (!route.client) route = route_for(std::nullopt, true);
    if (route.client) route.client->post(creds, req);
  }

  // A copy of the current topology (never empty) and its epoch.
  Topology topology() const;
  uint64_t epoch() const;
  // Downloads the topology from the entry volcano or, if it does not answer, from each
  // volcano of the current topology in turn; adopts it if its epoch is newer, and makes
  // the volcano that gave it the proxy. Fails as connect() does when none gave a valid
  // topology. Blocks.
  Status refresh();

 private:
  // Where one attempt goes.
  struct Route {
    std::shared_ptr<FlareClient> client;  // null: no connection, nothing was sent
    Status unreachable;                   // why client is null
    Endpoint endpoint;
    bool at_proxy = false;
    uint64_t epoch = 0;  // of the topology it was chosen with
  };
  // A volcano this client talks to.
  struct Link {
    std::shared_ptr<FlareClient> client;  // null until first used, or after it broke
    std::chrono::steady_clock::time_point down_until{};  // set when opening failed
  };

  explicit LavaClient(const ClientOptions& entry);

  // The owner of key (or the proxy, for nullopt or via_proxy), connected if possible.
  Route route_for(const std::optional<Key>& key, bool via_proxy);
  // The open client of ep, opening it if needed; fails (nothing sent) when it cannot.
  Result<std::shared_ptr<FlareClient>> client_for(const Endpoint& ep);
  // Forgets ep's client if it is still client, so that the next use reopens it.
  void drop(const Endpoint& ep, const FlareClient* client);

  // Acts on the outcome of an attempt along route (refreshing the topology when it asks
  // for that) and says whether to try again, and how (via_proxy).
  bool retry_after(const Route& route, const Status& status, bool stale, bool repeatable,
                   int retries, bool& via_proxy);
  // Refreshes after an attempt routed with epoch `seen`, asking `from` first when given.
  // Does nothing when another thread installed a newer topology meanwhile, nor, unless
  // urgent, within kQuietAfterFruitlessRefresh of a refresh that found nothing newer.
  void refresh_after(uint64_t seen, const std::shared_ptr<FlareClient>& from, bool urgent);
  // REQUIRES: refresh_mu_ held.
  Status refresh_from_any();
  // Adopts t if newer.
  void adopt(Topology t);

  const ClientOptions entry_options_;
  const Endpoint entry_;
  // Lock order: refresh_mu_, then mu_. mu_ is held only for lookups, never during I/O.
  std::mutex refresh_mu_;  // one topology download at a time
  std::chrono::steady_clock::time_point quiet_until_{};  // guarded by refresh_mu_
  mutable std::mutex mu_;
  std::shared_ptr<const Topology> topology_;  // guarded by mu_; replaced, never changed
  Endpoint proxy_;                            // guarded by mu_
  std::map<Endpoint, Link> links_;            // guarded by mu_
};

}  // namespace magma
