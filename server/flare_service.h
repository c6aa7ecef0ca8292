// FlareService: the one place where an operation on a flare is executed. Every door (the
// flare listener today; the NFS gateway and the console later) decodes a request, then
// calls handle() here; no operation logic lives in a door.
//
// Thread-safety: every method may be called concurrently from any thread. Handlers block
// on SQLite and disk I/O, so doors call them from a thread pool, never on an io thread.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <memory>
#include <string>

#include "libmagma/errc.h"
#include "libmagma/flare_messages.h"
#include "libmagma/key.h"
#include "libmagma/unique_fd.h"

namespace magma::server {

class DataFiles;
class FlareStore;
class OpenTable;
class GraceHolds;
class DhtView;
class Lava;
class Shares;
struct OpEnv;

// Who calls, and through which session. A session is one client connection: the flares it
// holds open (OpenRequest) are released when the door calls end_session().
//
// forwarded: another volcano forwarded the request (frame flag kOpForwarded): serve it or
// answer Moved, never forward it again. stale is set by handle() when it forwarded the
// request itself, so the door can tell the caller its topology is stale.
//
// client: the address of the client at the front door (a flare connection's peer, an NFS
// client, a console session), or, for a request forwarded by an authenticated volcano,
// the address it travelled with. The ACL (acl/) decides by it. Empty: a caller inside
// the lava (node ops, tests, tools linked with the service), which the ACL does not guard.
struct CallContext {
  Credentials creds;
  std::optional<boost::asio::ip::address> client;
  uint64_t session = 0;
  bool forwarded = false;
  mutable bool stale = false;
};

struct ServiceOptions {
  std::string storage_dir;      // the volcano's -d directory; created if missing
  KeyFunction key_of = sha1_key;  // tests inject a colliding function
  bool bootstrap = false;       // -b: create "/" and "/.dht" if the store is empty
  bool joining = false;         // -r: an empty store is fine, the hand-off will fill it
  bool log_sql = false;         // -Ds: log every SQL statement
  std::string nickname;         // answered by Ping
  // How long a flare whose last name went (and that no session holds open) stays
  // openable by id before it is deleted; see grace_holds.h. 0: deleted at once.
  std::chrono::milliseconds unlinked_grace{0};
  // The lava this volcano belongs to; it must outlive the service, which attaches
  // itself to it. nullptr: the service makes its own lava of one volcano (this one) that
  // owns the whole ring and is not persisted (unit tests, tools).
  Lava* lava = nullptr;
  // The shares in force (magmad's); must outlive the service. nullptr: the built-in
  // default (everyone may do everything).
  Shares* shares = nullptr;
};

class FlareService {
 public:
  // Opens (or creates) the store under options.storage_dir: metadata in flares.db
  // (SQLite), data under data/. Without bootstrap, an empty store fails with Invalid
  // ("not bootstrapped"); with bootstrap, "/" (0755 root:root) and "/.dht" (0755) are
  // created once. Deletes flares left without a name by a crash. Fails with Io when the
  // store cannot be opened, Busy when another service holds the directory.
  static Result<std::unique_ptr<FlareService>> open(const ServiceOptions& options);
  ~FlareService();

  // One handler per op of libmagma/flare_ops.def (node ops included). Each returns the
  // op's Response or an Errc shaped like the POSIX error of the same operation (NotFound,
  // Exists, NotDir, IsDir, NotEmpty, NameTooLong, Invalid for a rename into its own
  // subtree, ...).
  //
  // Routing: an op whose route key (libmagma/routing.h) this volcano owns runs here; a
  // flare op for a key owned elsewhere is forwarded to the owner (ctx.stale is set); a
  // node op, or a request already forwarded, for a key owned elsewhere fails with Moved.
  // While the key is being handed off, the call waits until the hand-off ends. Requests
  // about /.dht are answered by this volcano itself (server/lava/dht_view.h).
#define MAGMA_FLARE_OP(Name, id, Request, Response) \
  Result<Response> handle(const CallContext& ctx, const Request& req);
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP

  // Releases every flare the session holds open; a flare with no name left and no
  // other opener is deleted with its data.
  void end_session(uint64_t session);

  // What the console's `print cache` shows of the service's memory. Any thread; takes
  // only leaf locks.
  struct Caches {
    size_t open_flares = 0;      // flares some session holds open
    size_t grace_holds = 0;      // flares without a name, openable until their grace ends
    size_t open_data_files = 0;  // data file descriptors cached (DataFiles)
  };
  Caches caches() const;

  // Whether a request that peer forwards (kOpForwarded) may name the client it serves
  // (Credentials::client): only a volcano of the lava may. From anyone else the flag
  // still stops forwarding, but the ACL decides for peer itself.
  bool trusts_forwarding_from(const boost::asio::ip::address& peer);

 private:
  FlareService(ServiceOptions options, UniqueFd storage_lock, std::unique_ptr<FlareStore> store,
               std::unique_ptr<DataFiles> data);
  template <class Request>
  Result<typename FlareOpTraits<Request>::Response> serve(const CallContext& ctx, const Request& req);

  ServiceOptions options_;
  UniqueFd storage_lock_;  // flock on <storage_dir>/lock: one service per directory
  std::unique_ptr<FlareStore> store_;
  std::unique_ptr<DataFiles> data_;
  std::unique_ptr<OpenTable> opens_;
  std::unique_ptr<GraceHolds> grace_;
  std::unique_ptr<Lava> own_lava_;  // when options.lava is nullptr
  Lava* lava_;                      // options.lava or own_lava_
  std::unique_ptr<Shares> own_shares_;  // when options.shares is nullptr
  Shares* shares_;                      // options.shares or own_shares_
  std::unique_ptr<DhtView> dht_view_;  // answers /.dht before any routing
  std::unique_ptr<OpEnv> env_;  // refers to the members above; what every op runs on
};

}  // namespace magma::server
