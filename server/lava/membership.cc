// A starting volcano's side of joining, and catching up after a restart.
#include "server/lava/membership.h"

#include "libmagma/logging.h"

namespace magma::server {

namespace {

// The volcano at host:port as its own topology names it, with that topology.
Result<std::pair<VolcanoInfo, Topology>> entry_volcano(const std::string& host, uint16_t port) {
  auto client = Lava::connect(host, port, ClientOptions{}.request_timeout);
  if (!client) return client.status();
  auto ping = (*client)->call(Credentials{}, PingRequest{});
  if (!ping) return ping.status();
  auto answer = (*client)->call(Credentials{}, TopologyRequest{});
  if (!answer) return answer.status();
  const Topology& t = answer->topology;
  MAGMA_RETURN_IF_ERROR(t.validate());
  const VolcanoInfo* entry = t.find(ping->nickname);
  if (!entry)
    return Status(Errc::Invalid, host + ":" + std::to_string(port) + " (" + ping->nickname +
                                     ") is not in its own lava's topology");
  return std::make_pair(*entry, t);
}

}  // namespace

Status join_lava(Lava& lava, const std::string& host, uint16_t port) {
  auto entry = entry_volcano(host, port);
  if (!entry) return entry.status();
  const auto& [via, known] = *entry;
  VolcanoInfo me = lava.self();
  // Checked here for a clear message before anything moves; the coordinator decides.
  MAGMA_RETURN_IF_ERROR(known.can_join(me));
  MAGMA_LOG(info) << "joining the lava of " << via.nickname << " (epoch " << known.epoch << ", "
                  << known.volcanos.size() << " volcano(s))";
  auto admitted = lava.call_patiently(via, JoinRequest{me});
  if (!admitted) return admitted.status();
  Result<bool> adopted = lava.adopt(admitted->topology);
  if (!adopted) return adopted.status();
  VolcanoInfo placed = lava.self();
  MAGMA_LOG(info) << "joined at epoch " << lava.epoch() << ", owning " << placed.slice.start.hex() << ".."
                  << placed.slice.stop.hex();
  return Status::ok();
}

void catch_up(Lava& lava) {
  VolcanoInfo coordinator = lava.owner_of(sha1_key("/.dht"));
  if (coordinator.nickname == lava.nickname()) return;
  uint64_t before = lava.epoch();
  lava.refresh_from(coordinator);
  if (lava.epoch() != before)
    MAGMA_LOG(info) << "caught up from epoch " << before << " to " << lava.epoch() << " (from " << coordinator.nickname
                    << ")";
}

}  // namespace magma::server
