// The flare operations: one handler per op of libmagma/flare_ops.def, run over the parts
// a FlareService owns (OpEnv). FlareService::handle forwards here in one line; each op's
// logic lives in server/ops/<op or group>.cc. Handlers have FlareService::handle's
// contract: any thread, blocking on SQLite and disk.
#pragma once

#include <cstdint>

#include "libmagma/errc.h"
#include "libmagma/flare_messages.h"
#include "server/flare_service.h"

namespace magma::server {

class DataFiles;
class FlareStore;
class OpenTable;
class GraceHolds;

// What every operation works on. All references outlive the OpEnv.
struct OpEnv {
  const ServiceOptions& options;
  FlareStore& store;
  DataFiles& data;
  OpenTable& opens;
  GraceHolds& grace;
};

namespace ops {

#define MAGMA_FLARE_OP(Name, id, Request, Response) \
  Result<Response> run(OpEnv& env, const CallContext& ctx, const Request& req);
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP

// Drops the session's opens and deletes the flares that were kept only for it.
void end_session(OpEnv& env, uint64_t session);

// Deletes the flares whose grace after losing their last name has passed and that no
// session holds open. Cheap when none has: the service calls it before every op.
void end_expired_graces(OpEnv& env);

// Readies an opened store: with bootstrap, creates "/" and "/.dht" when the store is
// empty; without, an empty store fails with Invalid. Then deletes orphans a crash left
// (nlink 0) and, after an unclean shutdown, repairs data files (see startup.cc).
Status prepare_store(OpEnv& env, bool bootstrap);

}  // namespace ops
}  // namespace magma::server
