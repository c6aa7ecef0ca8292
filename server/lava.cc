// Lava: the topology this volcano believes, its persistence, connections to the other
// volcanos, and the hand-off gate.
#include "server/lava.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

#include "libmagma/logging.h"
#include "libmagma/unique_fd.h"

namespace magma::server {

namespace {

// How long refresh_from() waits when the volcano that answered Moved knows no newer
// topology: the push that will tell us is on its way.
constexpr auto kMovedPause = std::chrono::milliseconds(50);

// Node calls carry hand-off batches; a volcano that stops answering must not hang the
// caller, but a large batch may take a while on a slow disk.
constexpr auto kNodeRequestTimeout = std::chrono::seconds(120);

// The keys this thread holds, innermost last: a nested hold waits only when none of them
// lies in the frozen range (see Lava::Hold).
thread_local std::vector<Key> t_held;

bool holds_key_in(const Slice& range) {
  return std::any_of(t_held.begin(), t_held.end(), [&](const Key& k) { return range.contains(k); });
}

// Writes bytes to path so that a crash leaves either the old or the new file.
Status write_file_atomically(const std::string& path, const Bytes& bytes) {
  std::string tmp = path + ".new";
  UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!fd.valid()) return Status::from_errno("open " + tmp);
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0) return Status::from_errno("write " + tmp);
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return Status::from_errno("fsync " + tmp);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Status::from_errno("rename " + tmp);
  return Status::ok();
}

std::string endpoint_name(const std::string& address, uint16_t port) {
  return address + ":" + std::to_string(port);
}

}  // namespace

Lava::Lava(VolcanoInfo self, std::string state_dir, std::string lava_key, std::string source)
    : self_(std::move(self)),
      state_dir_(std::move(state_dir)),
      key_(std::move(lava_key)),
      source_(std::move(source)) {}

Lava::~Lava() = default;

bool Lava::serving() const {
  std::lock_guard<std::mutex> lock(mu_);
  return serving_;
}

void Lava::set_serving(bool serving) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    serving_ = serving;
  }
  serving_changed_.notify_all();
}

bool Lava::wait_serving(std::chrono::milliseconds limit) {
  std::unique_lock<std::mutex> lock(mu_);
  return serving_changed_.wait_for(lock, limit, [this] { return serving_; });
}

void Lava::note_present(const std::string& nickname) {
  std::lock_guard<std::mutex> lock(mu_);
  present_.insert(nickname);
}

bool Lava::is_present(const std::string& nickname) const {
  std::lock_guard<std::mutex> lock(mu_);
  return present_.contains(nickname);
}

void Lava::run_in_background(std::function<void(std::stop_token)> task) {
  std::lock_guard<std::mutex> lock(mu_);
  background_ = std::jthread(std::move(task));
  if (shutting_down_) background_.request_stop();
}

void Lava::attach(FlareService& service) { service_ = &service; }

FlareService& Lava::service() {
  if (!service_) {
    MAGMA_LOG(fatal) << "Lava used before attach()";
    std::abort();
  }
  return *service_;
}

Result<bool> Lava::load() {
  if (state_dir_.empty()) return false;
  std::string path = state_dir_ + "/topology";
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status(Errc::Io, "cannot read " + path);
  Topology t;
  Status decoded = decode_message(bytes.data(), bytes.size(), t);
  if (!decoded.is_ok()) return Status(Errc::Invalid, path + " is corrupt: " + decoded.message());
  Result<bool> adopted = adopt(t);
  if (!adopted) return Status(adopted.code(), path + ": " + adopted.status().message());
  set_serving(false);  // a restart: catch_up serves once the lava agrees
  return true;
}

Result<bool> Lava::adopt(const Topology& t) {
  Status valid = t.validate();
  if (!valid.is_ok()) return valid;
  if (!t.find(self_.nickname))
    return Status(Errc::Invalid, "topology epoch " + std::to_string(t.epoch) + " does not name volcano " +
                                     self_.nickname);
  std::lock_guard<std::mutex> lock(mu_);
  if (t.epoch <= topology_.epoch) return false;
  if (!state_dir_.empty()) {
    Bytes bytes;
    encode_message(t, bytes);
    MAGMA_RETURN_IF_ERROR(write_file_atomically(state_dir_ + "/topology", bytes));
  }
  MAGMA_LOG(info) << "topology epoch " << t.epoch << ": " << t.volcanos.size() << " volcano(s)";
  topology_ = t;
  return true;
}

VolcanoInfo Lava::self() const {
  std::lock_guard<std::mutex> lock(mu_);
  const VolcanoInfo* me = topology_.find(self_.nickname);
  return me ? *me : self_;
}

Topology Lava::topology() const {
  std::lock_guard<std::mutex> lock(mu_);
  return topology_;
}

uint64_t Lava::epoch() const {
  std::lock_guard<std::mutex> lock(mu_);
  return topology_.epoch;
}

size_t Lava::connection_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return clients_.size();
}

bool Lava::owns(const Key& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  return owns_locked(key);
}

bool Lava::owns_locked(const Key& key) const {
  return !topology_.volcanos.empty() && topology_.owner_of(key).nickname == self_.nickname;
}

VolcanoInfo Lava::owner_of(const Key& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (topology_.volcanos.empty()) return self_;
  return topology_.owner_of(key);
}

void Lava::refresh_from(const VolcanoInfo& v) {
  if (v.nickname != self_.nickname) {
    auto client = flare_client(v);
    auto answer = client ? (*client)->call(Credentials{}, TopologyRequest{})
                         : Result<TopologyResponse>(client.status());
    if (!answer) {
      MAGMA_LOG(warning) << "cannot refresh the topology from " << v.nickname << ": "
                         << answer.status().to_string();
    } else if (auto adopted = adopt(answer->topology); !adopted) {
      MAGMA_LOG(warning) << "topology from " << v.nickname << " refused: " << adopted.status().to_string();
    } else if (*adopted) {
      return;
    }
  }
  std::this_thread::sleep_for(kMovedPause);
}

Result<std::shared_ptr<FlareClient>> Lava::node_client(const VolcanoInfo& v) {
  std::string name = endpoint_name(v.address, v.node_port);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = clients_.find(name); it != clients_.end()) return it->second;
  }
  auto made = connect(v.address, v.node_port, kNodeRequestTimeout);
  if (!made) return made.status();
  std::shared_ptr<FlareClient> client = std::move(*made);
  std::lock_guard<std::mutex> lock(mu_);
  return clients_.try_emplace(name, std::move(client)).first->second;
}

Result<std::unique_ptr<FlareClient>> Lava::connect(const std::string& address, uint16_t port,
                                                   std::chrono::milliseconds request_timeout) const {
  ClientOptions options;
  options.host = address;
  options.port = port;
  options.request_timeout = request_timeout;
  options.key = key_;
  options.source = source_;
  return FlareClient::connect(options);
}

Result<std::shared_ptr<FlareClient>> Lava::flare_client(const VolcanoInfo& v) {
  VolcanoInfo as_node = v;
  as_node.node_port = v.flare_port;  // same cache, keyed by address:port
  return node_client(as_node);
}

void Lava::on_shutdown(std::function<void()> hook) {
  std::lock_guard<std::mutex> lock(mu_);
  shutdown_hook_ = std::move(hook);
}

void Lava::shutdown() {
  std::function<void()> hook;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shutting_down_) return;
    shutting_down_ = true;
    hook = shutdown_hook_;
    background_.request_stop();
  }
  MAGMA_LOG(info) << "volcano " << self_.nickname << " asked to shut down";
  if (hook) hook();
}

Lava::Hold::Hold(Hold&& other) noexcept : lava_(other.lava_), key_(other.key_) { other.lava_ = nullptr; }

Lava::Hold::~Hold() {
  if (lava_) lava_->release(key_);
}

Lava::Hold Lava::enter(const std::optional<Key>& key) {
  if (!key) return Hold();
  std::unique_lock<std::mutex> lock(mu_);
  gate_changed_.wait(lock, [&] { return !frozen_ || !frozen_->contains(*key) || holds_key_in(*frozen_); });
  if (!owns_locked(*key)) return Hold(false);
  held_.insert(*key);
  t_held.push_back(*key);
  return Hold(this, *key);
}

void Lava::release(const Key& key) {
  std::lock_guard<std::mutex> lock(mu_);
  held_.erase(held_.find(key));
  // Innermost first, as holds are scoped; a Hold moved to another thread finds none.
  auto mine = std::find(t_held.rbegin(), t_held.rend(), key);
  if (mine != t_held.rend()) t_held.erase(std::next(mine).base());
  // Only a freeze waits for holds to go (enter() waits for a thaw): no wake-ups on every
  // request while no hand-off runs.
  if (frozen_) gate_changed_.notify_all();
}

void Lava::freeze(const Slice& range) {
  std::unique_lock<std::mutex> lock(mu_);
  gate_changed_.wait(lock, [&] { return !frozen_; });
  frozen_ = range;
  gate_changed_.wait(lock, [&] {
    auto first = held_.lower_bound(range.start);
    return first == held_.end() || !range.contains(*first);
  });
}

void Lava::thaw() {
  std::lock_guard<std::mutex> lock(mu_);
  frozen_.reset();
  gate_changed_.notify_all();
}

}  // namespace magma::server
