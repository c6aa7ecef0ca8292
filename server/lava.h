// Lava: this volcano's view of the lava it belongs to: the topology (persisted in the
// storage directory, newest epoch wins), connections to the other volcanos, and the gate
// that holds requests back while a range of keys is being handed off.
//
// Every cross-volcano step goes through call()/call_owner(): a node op on the volcano
// that owns a key. When that volcano is this one, the op runs in-process through the
// FlareService (same code path, no socket), so a lava of one volcano runs exactly the
// code a lava of five does.
//
// Thread-safety: every method may be called from any thread at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

#include "libmagma/errc.h"
#include "libmagma/flare_client.h"
#include "libmagma/topology.h"
#include "server/flare_service.h"

namespace magma::server {

class Lava {
 public:
  // A Moved answer means the topology changed under a call; this many refresh-and-retry
  // rounds cover any sequence of joins a request can race with.
  static constexpr int kMaxMoves = 5;
  // Longest a join may take, hand-off included, before the caller gives up.
  static constexpr std::chrono::hours kHandOffTimeout{1};

  // self: this volcano (its slice comes from the topology); state_dir: where the topology
  // is persisted (state_dir/topology); lava_key: authenticates every connection to another
  // volcano (libmagma/tls_context.h), kept in memory only. Without a key every connection
  // fails with Invalid: only a Lava that never leaves its process (tests) goes without.
  // source: the local address its connections to the other volcanos come from (magmad's
  // -i when it names one address, since the others trust a forwarded client address by
  // the address a volcano calls from); empty: the kernel chooses.
  Lava(VolcanoInfo self, std::string state_dir, std::string lava_key = {}, std::string source = {});
  ~Lava();

  // The service that runs the requests this volcano serves itself. Set once, before any
  // call; must outlive the Lava's use.
  void attach(FlareService& service);

  // Reads the persisted topology: true when there was one (then adopted, and the volcano
  // serves no flare request until catch_up says so), false when none. Fails with Io
  // (unreadable) or Invalid (corrupt, or not naming this volcano).
  Result<bool> load();
  // Installs t if its epoch is newer than the current one, persisting it first (so a
  // restart never goes back in time). Returns whether it was installed; Invalid when t
  // does not validate or does not name this volcano.
  Result<bool> adopt(const Topology& t);

  const std::string& nickname() const { return self_.nickname; }
  // This volcano as the current topology describes it (its slice included).
  VolcanoInfo self() const;
  Topology topology() const;
  uint64_t epoch() const;
  // Connections to other volcanos kept open for reuse (console `print cache`).
  size_t connection_count() const;
  bool owns(const Key& key) const;
  VolcanoInfo owner_of(const Key& key) const;

  // Runs node op req on volcano v (in-process when v is this volcano) and returns its
  // answer: Disconnected/Timeout when v cannot be reached.
  template <class Request>
  Result<typename FlareOpTraits<Request>::Response> call(const VolcanoInfo& v, const Request& req) {
    if (v.nickname == self_.nickname) return service().handle(CallContext{}, req);
    auto client = node_client(v);
    if (!client) return client.status();
    return (*client)->call(Credentials{}, req);
  }

  // As call(), for node ops that last as long as a hand-off (a Join waits for the whole
  // split it causes, a Split for every row and byte it copies): over a connection of its
  // own that waits up to kHandOffTimeout for the answer, not call()'s batch-sized limit.
  template <class Request>
  Result<typename FlareOpTraits<Request>::Response> call_patiently(const VolcanoInfo& v, const Request& req) {
    if (v.nickname == self_.nickname) return call(v, req);
    auto client = connect(v.address, v.node_port, kHandOffTimeout);
    if (!client) return client.status();
    return (*client)->call(Credentials{}, req);
  }

  // A connection of its own to address:port, under the lava key, whose calls wait up to
  // request_timeout for their answer. Fails as FlareClient::connect.
  Result<std::unique_ptr<FlareClient>> connect(const std::string& address, uint16_t port,
                                               std::chrono::milliseconds request_timeout) const;

  // Runs node op req on the owner of key. A Moved answer (the topology changed under the
  // call) refreshes the topology from the volcano that answered and retries.
  template <class Request>
  Result<typename FlareOpTraits<Request>::Response> call_owner(const Key& key, const Request& req) {
    for (int round = 0;; ++round) {
      VolcanoInfo owner = owner_of(key);
      auto answer = call(owner, req);
      if (answer || answer.status().code() != Errc::Moved || round == kMaxMoves) return answer;
      refresh_from(owner);
    }
  }

  // Sends flare request req, as ctx's caller, to the flare port of the owner of key,
  // marked as forwarded (the owner serves it or answers Moved, never forwards it on), with
  // ctx's client address for the owner's ACL. Retries on Moved as call_owner does.
  template <class Request>
  Result<typename FlareOpTraits<Request>::Response> forward(const Key& key, const CallContext& ctx,
                                                            const Request& req) {
    Credentials creds = ctx.creds;
    creds.client = ctx.client ? ctx.client->to_string() : std::string();
    for (int round = 0;; ++round) {
      VolcanoInfo owner = owner_of(key);
      Result<typename FlareOpTraits<Request>::Response> answer = Status(Errc::Moved, "");
      if (owner.nickname == self_.nickname) {
        // The topology changed since the caller looked: ours now, unless we have none.
        if (epoch() == 0) return Status(Errc::Busy, "volcano " + self_.nickname + " has no topology yet");
        answer = service().handle(CallContext{ctx.creds, ctx.client}, req);
      } else if (auto client = flare_client(owner); !client) {
        answer = client.status();
      } else if (auto reply = (*client)->call_answer(creds, req, kOpForwarded); !reply) {
        answer = reply.status();
      } else {
        answer = std::move(reply->response);
      }
      if (answer || answer.status().code() != Errc::Moved || round == kMaxMoves) return answer;
      refresh_from(owner);
    }
  }

  // Asks v for its topology and adopts it if newer; when it is not, waits a moment (the
  // change that caused a Moved is being pushed). Errors are logged, not returned.
  void refresh_from(const VolcanoInfo& v);

  // ---- stopping
  // What shutdown() runs: magmad's stop of its listeners and io_context (the path
  // SIGTERM takes). Set before serving; replaces an earlier hook.
  void on_shutdown(std::function<void()> hook);
  // Asks this volcano's process to stop cleanly (the Shutdown node op): runs the hook
  // once, on the calling thread; the hook must only start the stop, not wait for it.
  // Without a hook (tests, tools) it only logs.
  void shutdown();

  // Whether address is one of the lava's volcanos' (their addresses resolved once per
  // topology epoch): a request one of them forwards names its client, and the ACL
  // decides for that client. Blocks on name resolution when the topology changed.
  bool is_volcano_address(const boost::asio::ip::address& address);

  // ---- the restart barrier (membership.h: catch_up)
  // Whether flare requests are served. True, but while a restarted volcano waits for its
  // lava to agree on the topology.
  bool serving() const;
  void set_serving(bool serving);
  // Waits up to limit for serving(); returns it.
  bool wait_serving(std::chrono::milliseconds limit);
  // The volcanos that checked in (Agree) since this process started, and those marked.
  void note_present(const std::string& nickname);
  bool is_present(const std::string& nickname) const;
  // Runs task on a thread of its own until it returns; the Lava's destructor asks it to
  // stop (stop_requested(), also after shutdown()) and joins it. Once per Lava.
  void run_in_background(std::function<void(std::stop_token)> task);

  // ---- the hand-off gate
  // A request's claim on its key while it runs. Holds nest on one thread: a request
  // that runs further ops in-process never waits on a freeze that waits for it (one that
  // holds a key in the frozen range); a request holding keys outside the range waits
  // like any other, so nothing in a frozen range changes under its hand-off.
  class Hold {
   public:
    Hold() = default;
    Hold(Hold&&) noexcept;
    Hold& operator=(Hold&&) = delete;
    ~Hold();
    // Whether this volcano serves the request: it owned the key when the hold was taken
    // (then it holds the key), or the request touches no key.
    bool owned() const { return owned_; }

   private:
    friend class Lava;
    explicit Hold(bool owned) : owned_(owned) {}
    Hold(Lava* lava, const Key& key) : lava_(lava), key_(key) {}
    Lava* lava_ = nullptr;
    Key key_;
    bool owned_ = true;
  };
  // Waits while key lies in a frozen range (unless this thread holds a key in it), then
  // holds it. nullopt (requests that touch no key): returns an empty Hold at once.
  // A key owned elsewhere is not held: the Hold says !owned() and the caller forwards.
  Hold enter(const std::optional<Key>& key);
  // Makes enter() wait for keys in range, then waits until no hold on a key in range is
  // left. One freeze at a time (joins are serialised by the coordinator).
  void freeze(const Slice& range);
  // Ends the freeze; the waiting requests go on (and, for keys now owned elsewhere, are
  // forwarded or answered Moved).
  void thaw();

 private:
  FlareService& service();
  Result<std::shared_ptr<FlareClient>> node_client(const VolcanoInfo& v);
  Result<std::shared_ptr<FlareClient>> flare_client(const VolcanoInfo& v);
  void release(const Key& key);
  bool owns_locked(const Key& key) const;  // REQUIRES: mu_ held

  const VolcanoInfo self_;
  const std::string state_dir_;
  const std::string key_;  // never logged
  const std::string source_;
  FlareService* service_ = nullptr;  // set once by attach()

  mutable std::mutex mu_;  // guards the members below
  std::condition_variable gate_changed_;
  Topology topology_;
  std::optional<Slice> frozen_;
  std::multiset<Key> held_;
  std::map<std::string, std::shared_ptr<FlareClient>> clients_;  // by "address:port"
  std::function<void()> shutdown_hook_;
  bool shutting_down_ = false;
  bool serving_ = true;
  std::condition_variable serving_changed_;
  std::set<std::string> present_;
  uint64_t addresses_epoch_ = 0;  // the epoch volcano_addresses_ was resolved for
  std::set<boost::asio::ip::address> volcano_addresses_;
  std::jthread background_;  // declared last: stopped and joined first
};

}  // namespace magma::server
