// LavaClient: routing each request to its owner, links to the volcanos, topology refresh.
#include "libmagma/lava_client.h"

#include <thread>
#include <utility>
#include <vector>

#include "libmagma/logging.h"

namespace magma {
namespace {

using Clock = std::chrono::steady_clock;

// Between Moved rounds that brought no newer topology: the change that moved the key is
// still on its way to the volcano we asked.
constexpr std::chrono::milliseconds kMovedPause{20};

Endpoint endpoint_of(const VolcanoInfo& v) { return Endpoint{v.address, v.flare_port}; }

// The topology client gives, checked: never trust one from the wire.
Result<Topology> download_topology(FlareClient& client) {
  auto answer = client.call(Credentials{}, TopologyRequest{});
  if (!answer) return answer.status();
  Topology& t = answer->topology;
  if (t.epoch == 0) return Status(Errc::Invalid, "the volcano has no topology yet");
  Status valid = t.validate();
  if (!valid.is_ok()) return Status(Errc::Invalid, "the volcano sent a bad topology: " + valid.message());
  return std::move(t);
}

}  // namespace

std::optional<Endpoint> owner_endpoint(const Topology& t, const std::optional<Key>& key) {
  if (!key) return std::nullopt;
  return endpoint_of(t.owner_of(*key));
}

bool is_repeatable(FlareOp op) {
  switch (op) {
    case FlareOp::Ping:
    case FlareOp::Statfs:
    case FlareOp::Lookup:
    case FlareOp::GetAttr:
    case FlareOp::Readlink:
    case FlareOp::ReadDir:
    case FlareOp::Read:
    case FlareOp::Fsync:
    case FlareOp::GetXattr:
    case FlareOp::ListXattr:
    case FlareOp::Topology:
    case FlareOp::ResolveDir:
    case FlareOp::AclCheck:
    case FlareOp::AclReload:  // reading the same files twice changes nothing
    case FlareOp::Share:
      return true;
    default:
      return false;
  }
}

NextStep next_step(Errc code, bool at_proxy, bool sent, bool repeatable) {
  switch (code) {
    case Errc::Moved:
      return NextStep::RefreshAndRetry;
    case Errc::Disconnected:
      return !sent || repeatable ? NextStep::RetryViaProxy : NextStep::Return;
    case Errc::Timeout:
      return !sent || (repeatable && !at_proxy) ? NextStep::RetryViaProxy : NextStep::Return;
    default:
      return NextStep::Return;
  }
}

LavaClient::LavaClient(const ClientOptions& entry)
    : entry_options_(entry), entry_{entry.host, entry.port}, proxy_(entry_) {}

LavaClient::~LavaClient() = default;

Result<std::unique_ptr<LavaClient>> LavaClient::connect(const ClientOptions& entry) {
  std::unique_ptr<LavaClient> lava(new LavaClient(entry));
  auto client = lava->client_for(lava->entry_);
  if (!client) return client.status();
  auto topology = download_topology(**client);
  if (!topology) {
    return Status(topology.code(), "cannot get the topology from " + lava->entry_.to_string() +
                                       ": " + topology.status().message());
  }
  lava->topology_ = std::make_shared<const Topology>(std::move(*topology));
  return lava;
}

Topology LavaClient::topology() const {
  std::lock_guard lock(mu_);
  return *topology_;
}

uint64_t LavaClient::epoch() const {
  std::lock_guard lock(mu_);
  return topology_->epoch;
}

LavaClient::Route LavaClient::route_for(const std::optional<Key>& key, bool via_proxy) {
  Route route;
  {
    std::lock_guard lock(mu_);
    route.epoch = topology_->epoch;
    std::optional<Endpoint> owner = via_proxy ? std::nullopt : owner_endpoint(*topology_, key);
    route.endpoint = owner ? std::move(*owner) : proxy_;
    route.at_proxy = route.endpoint == proxy_;
    auto it = links_.find(route.endpoint);
    if (it != links_.end()) route.client = it->second.client;
  }
  if (!route.client) {
    auto client = client_for(route.endpoint);
    if (client) {
      route.client = std::move(*client);
    } else {
      route.unreachable = client.status();
    }
  }
  return route;
}

Result<std::shared_ptr<FlareClient>> LavaClient::client_for(const Endpoint& ep) {
  {
    std::lock_guard lock(mu_);
    Link& link = links_[ep];
    if (link.client) return link.client;
    // The proxy is the last resort: it is always tried (a restarted volcano is back at once).
    if (ep != proxy_ && Clock::now() < link.down_until) {
      return Status(Errc::Disconnected, "the volcano at " + ep.to_string() + " was unreachable moments ago");
    }
  }
  ClientOptions options = entry_options_;
  options.host = ep.host;
  options.port = ep.port;
  auto opened = FlareClient::connect(options);
  std::lock_guard lock(mu_);
  Link& link = links_[ep];
  if (!opened) {
    link.down_until = Clock::now() + kDownFor;
    return opened.status();
  }
  // Another thread may have opened one meanwhile: everyone shares the first.
  if (!link.client) link.client = std::move(*opened);
  return link.client;
}

void LavaClient::drop(const Endpoint& ep, const FlareClient* client) {
  std::lock_guard lock(mu_);
  auto it = links_.find(ep);
  if (it != links_.end() && it->second.client.get() == client) it->second.client.reset();
}

bool LavaClient::retry_after(const Route& route, const Status& status, bool stale,
                             bool repeatable, int retries, bool& via_proxy) {
  if (status.is_ok()) {
    if (stale) refresh_after(route.epoch, route.client, false);
    return false;
  }
  // A broken connection: the next request opens a new one here, where a failure to
  // open is known to have sent nothing.
  if (status.code() == Errc::Disconnected && route.client) drop(route.endpoint, route.client.get());
  NextStep step = next_step(status.code(), route.at_proxy, route.client != nullptr, repeatable);
  if (step == NextStep::Return || retries >= kMaxRetries) return false;
  if (step == NextStep::RefreshAndRetry) {
    refresh_after(route.epoch, route.client, true);
    if (epoch() <= route.epoch) std::this_thread::sleep_for(kMovedPause * (retries + 1));
    via_proxy = false;
    return true;
  }
  MAGMA_DEBUG('n') << "no answer from the volcano at " << route.endpoint.to_string() << " ("
                   << status.to_string() << "): retrying through the proxy";
  refresh_after(route.epoch, nullptr, false);
  via_proxy = true;
  return true;
}

void LavaClient::refresh_after(uint64_t seen, const std::shared_ptr<FlareClient>& from, bool urgent) {
  std::lock_guard refreshing(refresh_mu_);
  if (epoch() > seen || (!urgent && Clock::now() < quiet_until_)) return;
  bool answered = false;
  if (from) {
    auto topology = download_topology(*from);
    if (topology) {
      answered = true;
      adopt(std::move(*topology));
    }
  }
  if (!answered) {
    Status refreshed = refresh_from_any();
    if (!refreshed.is_ok()) MAGMA_LOG(warning) << "cannot refresh the topology: " << refreshed.to_string();
  }
  if (epoch() <= seen) quiet_until_ = Clock::now() + kQuietAfterFruitlessRefresh;
}

Status LavaClient::refresh() {
  std::lock_guard refreshing(refresh_mu_);
  return refresh_from_any();
}

Status LavaClient::refresh_from_any() {
  std::vector<Endpoint> candidates = {entry_};
  for (const VolcanoInfo& v : topology().volcanos) {
    if (endpoint_of(v) != entry_) candidates.push_back(endpoint_of(v));
  }
  Status last;
  for (const Endpoint& ep : candidates) {
    auto client = client_for(ep);
    auto topology = client ? download_topology(**client) : Result<Topology>(client.status());
    if (topology) {
      adopt(std::move(*topology));
      bool moved;
      {
        std::lock_guard lock(mu_);
        moved = proxy_ != ep;
        proxy_ = ep;
      }
      if (moved) MAGMA_LOG(info) << "reaching the lava through the volcano at " << ep.to_string();
      return Status::ok();
    }
    if (topology.code() == Errc::Disconnected && client) drop(ep, client->get());
    last = Status(topology.code(), ep.to_string() + ": " + topology.status().message());
  }
  return last;
}

void LavaClient::adopt(Topology t) {
  std::lock_guard lock(mu_);
  if (t.epoch <= topology_->epoch) return;
  MAGMA_DEBUG('n') << "topology epoch " << topology_->epoch << " -> " << t.epoch;
  topology_ = std::make_shared<const Topology>(std::move(t));
}

}  // namespace magma
