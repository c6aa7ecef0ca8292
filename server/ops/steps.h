// How a flare op reaches the parts it does not hold: it runs on the owner of its route
// key (the coordinator) and takes every other step as a node op at the owner of that
// step's part, in-process when that is this volcano. Also the lookups most coordinators
// need: records wherever they live, the POSIX error for a missing path, and attributes
// fetched from their owners in batches.
//
// All functions block on the store and on other volcanos; call them outside any store
// transaction.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "libmagma/errc.h"
#include "libmagma/flare_messages.h"
#include "libmagma/routing.h"
#include "server/lava.h"
#include "server/ops/names.h"

namespace magma::server::ops {

// Runs node op req on the owner of its route key, through the lava: in-process through the
// service when that is this volcano (so the step, too, waits while its key is being handed
// off), else over the node port; a Moved answer refreshes the topology and retries. Fails
// as the op does, or Disconnected/Timeout when the owner cannot be reached.
template <class Request>
Result<typename FlareOpTraits<Request>::Response> at_owner(OpEnv& env, const Request& req) {
  std::optional<Key> key = route_key(req);
  if (!key) return Status(Errc::Invalid, std::string(FlareOpTraits<Request>::name) + " names no part");
  return env.lava.call_owner(*key, req);
}

// How long a coordinator keeps retrying a step refused with Busy: below a subtree being
// moved (a directory rename takes about this long per hundred thousand rows), or a part
// that changed since the coordinator read it.
constexpr std::chrono::seconds kBusyRetryFor{30};

// Runs attempt until it returns anything but Busy, pausing a little longer each time; after
// kBusyRetryFor returns the Busy. attempt must undo its own steps before returning Busy.
template <class F>
auto retry_busy(F&& attempt) -> decltype(attempt()) {
  auto deadline = std::chrono::steady_clock::now() + kBusyRetryFor;
  std::chrono::milliseconds pause(1);
  for (;;) {
    auto r = attempt();
    if (r.code() != Errc::Busy || std::chrono::steady_clock::now() >= deadline) return r;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

// A conditional step found its part changed since the coordinator read it (Stale): the
// whole op starts over, as for Busy. Anything else is returned as it is.
inline Status start_over_if_changed(Status s) {
  return s.code() == Errc::Stale ? Status(Errc::Busy, s.message() + "; starting over") : s;
}
template <class T>
Status start_over_if_changed(const Result<T>& r) {
  return start_over_if_changed(r.status());
}

// The record at path (normalised), wherever it lives; none when there is none.
Result<std::optional<RecordRow>> find_record(OpEnv& env, const std::string& path);

// The error for a normalised path without a record: NotDir when the nearest existing
// ancestor is not a directory (as "/file/x" on POSIX), NotFound otherwise.
Status missing_status(OpEnv& env, const std::string& path);

// The record at path, or missing_status's error.
Result<RecordRow> need_record(OpEnv& env, const std::string& path);

// Where the inode of the flare named at path lives: a directory with its path.
InodeRef ref_of(OpEnv& env, const std::string& path, const FlareId& id, FlareType type);
// The key of the volcano that holds ref's inode.
Key place_key(const InodeRef& ref);

// The attributes of the flares refs name, by id, fetched from their owners with one
// GetInodes per owner (per kMaxRowsPerPage refs). Flares that are gone are left out.
Result<std::map<FlareId, FlareEntry>> fetch_entries(OpEnv& env, const std::vector<InodeRef>& refs);

// Changes the link count of the flare ref names at its owner (AddLinksRequest).
// new_path: see AddLinksRequest.
Result<AddLinksResponse> add_links(OpEnv& env, const InodeRef& ref, int delta, bool for_link = false,
                                   const std::string& new_path = {});

}  // namespace magma::server::ops
