// DhtView: the virtual files of /.dht, built from the topology and the volcanos' Load.
#include "server/lava/dht_view.h"

#include <algorithm>

#include "libmagma/path.h"
#include "server/dht_description.h"
#include "server/lava.h"

namespace magma::server {

namespace {

constexpr std::string_view kDht = "/.dht";
// Keeps the virtual ids apart from any path's key, should a tool hash "/.dht/<nick>".
constexpr std::string_view kIdSalt = "magma dht view\n";
// Listing cookies from 48 bits of the id: unique enough among volcanos, and far below
// what a FUSE offset can carry.
constexpr uint64_t kCookieMask = (uint64_t(1) << 48) - 1;

uint64_t cookie_of(const FlareId& id) {
  uint64_t c = 0;
  for (size_t i = 0; i < 6; ++i) c = c << 8 | id.bytes[i];
  return (c & kCookieMask) + 1;  // 0 means "from the start"
}

FlareAttr attr_of(const FlareId& id, size_t size, int64_t when_ns) {
  FlareAttr a;
  a.type = FlareType::Regular;
  a.mode = 0444;
  a.nlink = 1;
  a.size = size;
  a.blocks = (size + 511) / 512;
  a.atime_ns = a.mtime_ns = a.ctime_ns = when_ns;
  a.ino = ino_of(id);
  return a;
}

}  // namespace

DhtView::DhtView(Lava& lava) : lava_(lava) {}

DhtView::~DhtView() = default;

FlareId DhtView::file_id(std::string_view nickname) {
  std::string seed = std::string(kIdSalt) + std::string(kDht) + "/" + std::string(nickname);
  return sha1_of(seed.data(), seed.size());
}

namespace {

// On normalised paths.
bool strictly_below_dht(std::string_view path) { return path != kDht && is_same_or_below(path, kDht); }

}  // namespace

bool DhtView::below_dht(std::string_view path) {
  Result<std::string> p = normalise_path(path);
  return p && strictly_below_dht(*p);
}

bool DhtView::at_or_below_dht(std::string_view path) {
  Result<std::string> p = normalise_path(path);
  return p && is_same_or_below(*p, kDht);
}

bool DhtView::is_file_id(const FlareId& id) {
  uint64_t epoch = lava_.epoch();
  std::lock_guard<std::mutex> lock(mu_);
  if (epoch != ids_epoch_) {
    ids_.clear();
    for (const VolcanoInfo& v : lava_.topology().volcanos) ids_.push_back(file_id(v.nickname));
    ids_epoch_ = epoch;
  }
  return std::find(ids_.begin(), ids_.end(), id) != ids_.end();
}

std::shared_ptr<const DhtView::Snapshot> DhtView::snapshot() {
  auto fresh = [&](const std::shared_ptr<const Snapshot>& s) {
    return s && s->epoch == lava_.epoch() && std::chrono::steady_clock::now() - s->taken < kFreshFor;
  };
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (fresh(current_)) return current_;
  }
  std::lock_guard<std::mutex> refreshing(refresh_mu_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (fresh(current_)) return current_;  // another caller refreshed meanwhile
  }
  std::shared_ptr<const Snapshot> taken = take_snapshot();
  std::lock_guard<std::mutex> lock(mu_);
  current_ = taken;
  return taken;
}

std::shared_ptr<const DhtView::Snapshot> DhtView::take_snapshot() {
  auto s = std::make_shared<Snapshot>();
  Topology t = lava_.topology();
  s->epoch = t.epoch;
  s->taken = std::chrono::steady_clock::now();
  int64_t now = now_ns();
  for (const VolcanoInfo& v : t.volcanos) {
    // A volcano that does not answer is shown, as not alive, rather than hidden.
    Result<LoadResponse> load = lava_.call(v, LoadRequest{});
    File f;
    f.name = v.nickname;
    f.entry.id = file_id(v.nickname);
    f.cookie = cookie_of(f.entry.id);
    f.text = describe_volcano(v, t.epoch, load ? &*load : nullptr);
    f.entry.attr = attr_of(f.entry.id, f.text.size(), now);
    s->files.push_back(std::move(f));
  }
  std::sort(s->files.begin(), s->files.end(), [](const File& a, const File& b) { return a.cookie < b.cookie; });
  return s;
}

std::pair<std::shared_ptr<const DhtView::Snapshot>, const DhtView::File*> DhtView::file_of(const FlareId& id) {
  if (!is_file_id(id)) return {nullptr, nullptr};
  std::shared_ptr<const Snapshot> s = snapshot();
  auto it = std::find_if(s->files.begin(), s->files.end(), [&](const File& f) { return f.entry.id == id; });
  return {s, it == s->files.end() ? nullptr : &*it};
}

std::optional<Result<EntryResponse>> DhtView::answer(const CallContext&, const LookupRequest& req) {
  Result<std::string> path = normalise_path(req.path);
  if (!path || !strictly_below_dht(*path)) return std::nullopt;
  // "/.dht/<name>" or deeper: the first component below /.dht names the file.
  std::string_view rest = std::string_view(*path).substr(kDht.size() + 1);
  std::string_view name = rest.substr(0, rest.find('/'));
  std::shared_ptr<const Snapshot> s = snapshot();
  for (const File& f : s->files) {
    if (f.name != name) continue;
    if (name.size() != rest.size()) return Status(Errc::NotDir, "/.dht/" + f.name + " is not a directory");
    return EntryResponse{f.entry};
  }
  return Status(Errc::NotFound, *path + ": no such volcano");
}

std::optional<Result<ReadDirResponse>> DhtView::answer(const CallContext&, const ReadDirRequest& req) {
  Result<std::string> path = normalise_path(req.path);
  if (!path || !is_same_or_below(*path, kDht)) return std::nullopt;
  if (*path != kDht) return Status(Errc::NotDir, *path + " is not a directory");
  if (req.max_entries == 0) return Status(Errc::Invalid, "ReadDir of 0 entries");
  std::shared_ptr<const Snapshot> s = snapshot();
  ReadDirResponse resp;
  for (const File& f : s->files) {
    if (f.cookie <= req.cookie) continue;
    if (resp.entries.size() == req.max_entries) return resp;
    resp.entries.push_back(DirEntry{f.name, f.cookie, f.entry});
  }
  resp.eof = true;
  return resp;
}

std::optional<Result<AttrResponse>> DhtView::answer(const CallContext&, const GetAttrRequest& req) {
  auto [s, f] = file_of(req.id);
  if (!s) return std::nullopt;
  if (!f) return Status(Errc::Stale, "that volcano left the lava");
  return AttrResponse{f->entry.attr};
}

std::optional<Result<AttrResponse>> DhtView::answer(const CallContext& ctx, const OpenRequest& req) {
  return answer(ctx, GetAttrRequest{req.id, req.place});
}

std::optional<Result<EmptyResponse>> DhtView::answer(const CallContext&, const ReleaseRequest& req) {
  if (!is_file_id(req.id)) return std::nullopt;
  return EmptyResponse{};
}

std::optional<Result<ReadResponse>> DhtView::answer(const CallContext&, const ReadRequest& req) {
  auto [s, f] = file_of(req.id);
  if (!s) return std::nullopt;
  if (!f) return Status(Errc::Stale, "that volcano left the lava");
  ReadResponse resp;
  resp.attr = f->entry.attr;
  if (req.offset < f->text.size()) {
    std::string_view part = std::string_view(f->text).substr(req.offset, req.size);
    resp.data.assign(part.begin(), part.end());
  }
  return resp;
}

std::optional<Result<EmptyResponse>> DhtView::answer(const CallContext&, const FsyncRequest& req) {
  if (!is_file_id(req.id)) return std::nullopt;
  return EmptyResponse{};  // nothing of it is ever stored
}

std::optional<Result<ReadlinkResponse>> DhtView::answer(const CallContext&, const ReadlinkRequest& req) {
  if (!is_file_id(req.id)) return std::nullopt;
  return Status(Errc::Invalid, "a /.dht file is not a symbolic link");
}

std::optional<Result<XattrValueResponse>> DhtView::answer(const CallContext&, const GetXattrRequest& req) {
  if (!is_file_id(req.id)) return std::nullopt;
  return Status(Errc::NoData, "a /.dht file has no extended attributes");
}

std::optional<Result<XattrListResponse>> DhtView::answer(const CallContext&, const ListXattrRequest& req) {
  if (!is_file_id(req.id)) return std::nullopt;
  return XattrListResponse{};
}

}  // namespace magma::server
