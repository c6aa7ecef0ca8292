// FlareService: the one place where an operation on a flare is executed. Every door (the
// flare listener today; the NFS gateway and the console later) decodes a request, then
// calls handle() here; no operation logic lives in a door.
//
// Thread-safety: every method may be called concurrently from any thread. Handlers block
// on SQLite and disk I/O, so doors call them from a thread pool, never on an io thread.
#pragma once

#include <chrono>
#include <cstdint>
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
struct OpEnv;

// Who calls, and through which session. A session is one client connection: the flares it
// holds open (OpenRequest) are released when the door calls end_session().
struct CallContext {
  Credentials creds;
  uint64_t session = 0;
};

struct ServiceOptions {
  std::string storage_dir;      // the volcano's -d directory; created if missing
  KeyFunction key_of = sha1_key;  // tests inject a colliding function
  bool bootstrap = false;       // -b: create "/" and "/.dht" if the store is empty
  bool log_sql = false;         // -Ds: log every SQL statement
  std::string nickname;         // answered by Ping
  // How long a flare whose last name went (and that no session holds open) stays
  // openable by id before it is deleted; see grace_holds.h. 0: deleted at once.
  std::chrono::milliseconds unlinked_grace{0};
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

  // One handler per op of libmagma/flare_ops.def. Each returns the op's Response or an
  // Errc shaped like the POSIX error of the same operation (NotFound, Exists, NotDir,
  // IsDir, NotEmpty, NameTooLong, Invalid for a rename into its own subtree, ...).
#define MAGMA_FLARE_OP(Name, id, Request, Response) \
  Result<Response> handle(const CallContext& ctx, const Request& req);
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP

  // Releases every flare the session holds open; a flare with no name left and no
  // other opener is deleted with its data.
  void end_session(uint64_t session);

 private:
  FlareService(ServiceOptions options, UniqueFd storage_lock, std::unique_ptr<FlareStore> store,
               std::unique_ptr<DataFiles> data);

  ServiceOptions options_;
  UniqueFd storage_lock_;  // flock on <storage_dir>/lock: one service per directory
  std::unique_ptr<FlareStore> store_;
  std::unique_ptr<DataFiles> data_;
  std::unique_ptr<OpenTable> opens_;
  std::unique_ptr<GraceHolds> grace_;
  std::unique_ptr<OpEnv> env_;  // refers to the members above; what every op runs on
};

}  // namespace magma::server
