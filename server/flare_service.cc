// FlareService: opening a storage directory, and one line per op forwarding to server/ops/.
#include "server/flare_service.h"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <type_traits>

#include "libmagma/logging.h"
#include "libmagma/routing.h"
#include "server/access_guard.h"
#include "server/data_files.h"
#include "server/flare_store.h"
#include "server/grace_holds.h"
#include "server/lava.h"
#include "server/lava/dht_view.h"
#include "server/open_table.h"
#include "server/permission_guard.h"
#include "server/shares.h"
#include "server/ops/ops.h"

namespace magma::server {

namespace {

// How long a flare request waits for a restarting lava to agree before it fails with Busy.
constexpr std::chrono::seconds kAgreeWait{20};

// Two services on one directory would each believe they own every flare in it.
Result<UniqueFd> lock_storage(const std::string& dir) {
  std::string path = dir + "/lock";
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!fd.valid()) return Status::from_errno("open " + path);
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) return Status(Errc::Busy, "storage directory " + dir + " is in use by another magmad");
    return Status::from_errno("lock " + path);
  }
  return fd;
}

SqlLogger sql_logger(bool on) {
  if (!on) return {};
  return [](std::string_view sql) { MAGMA_DEBUG('s') << sql; };
}

// A lava of this one volcano, for a service that was given none.
std::unique_ptr<Lava> lava_of_one(const ServiceOptions& options) {
  VolcanoInfo self;
  self.nickname = options.nickname.empty() ? "local" : options.nickname;
  self.address = "127.0.0.1";  // never dialled: every call stays in-process
  auto lava = std::make_unique<Lava>(self, "");
  (void)lava->adopt(Topology::bootstrap(self));  // a one-volcano ring always validates
  return lava;
}

}  // namespace

FlareService::FlareService(ServiceOptions options, UniqueFd storage_lock, std::unique_ptr<FlareStore> store,
                           std::unique_ptr<DataFiles> data)
    : options_(std::move(options)),
      storage_lock_(std::move(storage_lock)),
      store_(std::move(store)),
      data_(std::move(data)),
      opens_(std::make_unique<OpenTable>()),
      grace_(std::make_unique<GraceHolds>(options_.unlinked_grace)),
      own_lava_(options_.lava ? nullptr : lava_of_one(options_)),
      lava_(options_.lava ? options_.lava : own_lava_.get()),
      own_shares_(options_.shares ? nullptr : Shares::open_to_all()),
      shares_(options_.shares ? options_.shares : own_shares_.get()),
      dht_view_(std::make_unique<DhtView>(*lava_)),
      env_(std::make_unique<OpEnv>(OpEnv{options_, *store_, *data_, *opens_, *grace_, *lava_, *shares_})) {
  lava_->attach(*this);
}

FlareService::~FlareService() = default;

Result<std::unique_ptr<FlareService>> FlareService::open(const ServiceOptions& options) {
  const std::string& dir = options.storage_dir;
  if (dir.empty()) return Status(Errc::Invalid, "no storage directory given");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status(Errc::Io, "cannot create storage directory " + dir + ": " + ec.message());
  Result<UniqueFd> lock = lock_storage(dir);
  if (!lock) return lock.status();
  auto store = FlareStore::open(dir + "/flares.db", options.key_of, sql_logger(options.log_sql));
  if (!store) return store.status();
  auto data = DataFiles::open(dir + "/data");
  if (!data) return data.status();
  std::unique_ptr<FlareService> service(
      new FlareService(options, std::move(*lock), std::move(*store), std::move(*data)));
  MAGMA_RETURN_IF_ERROR(ops::prepare_store(*service->env_, options.bootstrap));
  return service;
}

template <class Request>
Result<typename FlareOpTraits<Request>::Response> FlareService::serve(const CallContext& ctx,
                                                                      const Request& req) {
  constexpr bool kNodeOp = is_node_op(static_cast<uint16_t>(FlareOpTraits<Request>::op));
  if constexpr (!kNodeOp) {
    if (auto answer = dht_view_->answer(ctx, req)) {
      MAGMA_RETURN_IF_ERROR(guard_access(*env_, ctx, req));
      return std::move(*answer);
    }
  }
  // A restarted volcano serves flares once its lava agrees on the topology (membership.h);
  // Ping and Topology let clients connect meanwhile.
  if constexpr (!kNodeOp && !std::is_same_v<Request, PingRequest> && !std::is_same_v<Request, TopologyRequest>) {
    if (!lava_->wait_serving(kAgreeWait))
      return Status(Errc::Busy, "volcano " + lava_->nickname() + " waits for its lava to agree on the topology");
  }
  std::optional<Key> key = route_key(req);
  {
    Lava::Hold hold = lava_->enter(key);
    if (hold.owned()) {
      ops::end_expired_graces(*env_);
      MAGMA_RETURN_IF_ERROR(guard_access(*env_, ctx, req));
      MAGMA_RETURN_IF_ERROR(guard_permission(*env_, ctx, req));
      return ops::run(*env_, ctx, req);
    }
  }
  if (kNodeOp || ctx.forwarded)
    return Status(Errc::Moved, "key " + key->hex() + " is not volcano " + lava_->nickname() + "'s");
  ctx.stale = true;
  return lava_->forward(*key, ctx, req);
}

#define MAGMA_FLARE_OP(Name, id, Request, Response)                                     \
  Result<Response> FlareService::handle(const CallContext& ctx, const Request& req) { \
    return serve(ctx, req);                                                            \
  }
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP

void FlareService::end_session(uint64_t session) { ops::end_session(*env_, session); }

FlareService::Caches FlareService::caches() const {
  return Caches{opens_->open_flares(), grace_->size(), data_->open_files()};
}

bool FlareService::trusts_forwarding_from(const boost::asio::ip::address& peer) {
  return lava_->is_volcano_address(peer);
}

}  // namespace magma::server
