// A starting volcano's side of joining, and catching up after a restart.
#include "server/lava/membership.h"

#include <thread>
#include <vector>

#include "libmagma/logging.h"

namespace magma::server {

namespace {

// The volcano at host:port as its own topology names it, with that topology.
Result<std::pair<VolcanoInfo, Topology>> entry_volcano(const Lava& lava, const std::string& host, uint16_t port) {
  auto client = lava.connect(host, port, ClientOptions{}.request_timeout);
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

constexpr std::chrono::milliseconds kAgreePause{200};

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Checks in with v; true when v answered (adopting its topology if newer) and, when
// need_serving, serves.
bool check_in(Lava& lava, const VolcanoInfo& v, bool need_serving) {
  auto answer = lava.call(v, AgreeRequest{lava.nickname(), lava.epoch()});
  if (!answer) return false;
  Result<bool> adopted = lava.adopt(answer->topology);
  if (!adopted) MAGMA_LOG(warning) << v.nickname << "'s topology: " << adopted.status().to_string();
  return answer->serving || !need_serving;
}

// One round of the barrier: the volcanos still awaited (none: agreed).
std::vector<std::string> agree_once(Lava& lava) {
  VolcanoInfo coordinator = lava.owner_of(sha1_key("/.dht"));
  if (coordinator.nickname != lava.nickname()) {
    if (check_in(lava, coordinator, true)) return {};
    return {coordinator.nickname};
  }
  std::vector<std::string> missing;
  for (const VolcanoInfo& v : lava.topology().volcanos) {
    if (v.nickname == lava.nickname() || lava.is_present(v.nickname)) continue;
    if (check_in(lava, v, false))
      lava.note_present(v.nickname);
    else
      missing.push_back(v.nickname);
  }
  return missing;
}

}  // namespace

Status join_lava(Lava& lava, const std::string& host, uint16_t port) {
  auto entry = entry_volcano(lava, host, port);
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

void catch_up(Lava& lava, std::chrono::milliseconds limit) {
  lava.set_serving(false);  // already, if the topology came from Lava::load
  lava.run_in_background([&lava, limit](std::stop_token stop) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    const uint64_t before = lava.epoch();
    std::vector<std::string> missing;
    while (!stop.stop_requested()) {
      missing = agree_once(lava);
      if (missing.empty()) break;
      if (std::chrono::steady_clock::now() >= deadline) {
        MAGMA_LOG(warning) << "serving without the lava's agreement after " << limit.count()
                           << " ms; no answer from " << join_names(missing);
        break;
      }
      std::this_thread::sleep_for(kAgreePause);
    }
    if (lava.epoch() != before) MAGMA_LOG(info) << "caught up from epoch " << before << " to " << lava.epoch();
    if (missing.empty()) MAGMA_LOG(info) << "the lava agrees on epoch " << lava.epoch() << ": serving";
    lava.set_serving(true);
  });
}

}  // namespace magma::server
