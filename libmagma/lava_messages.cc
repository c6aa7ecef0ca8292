// Route keys of the membership node ops: none. They are about the lava, not a key, and
// the volcano they are sent to answers them.
#include "libmagma/routing.h"

namespace magma {

std::optional<Key> route_key(const PushTopologyRequest&) { return std::nullopt; }
std::optional<Key> route_key(const JoinRequest&) { return std::nullopt; }
std::optional<Key> route_key(const SplitRequest&) { return std::nullopt; }
std::optional<Key> route_key(const LoadRequest&) { return std::nullopt; }
std::optional<Key> route_key(const ShutdownRequest&) { return std::nullopt; }
std::optional<Key> route_key(const SyncStorageRequest&) { return std::nullopt; }
std::optional<Key> route_key(const AgreeRequest&) { return std::nullopt; }
std::optional<Key> route_key(const BalanceRequest&) { return std::nullopt; }
std::optional<Key> route_key(const ShiftRequest&) { return std::nullopt; }

}  // namespace magma
