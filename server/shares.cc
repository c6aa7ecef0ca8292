// Shares: loading and reloading the ACL in force.
#include "server/shares.h"

#include "acl/share_loader.h"
#include "libmagma/logging.h"

namespace magma::server {

Result<std::unique_ptr<Shares>> Shares::load(std::string dir) {
  auto acl = acl::load_shares(dir);
  if (!acl) return acl.status();
  MAGMA_LOG(info) << "shares: " << (*acl)->shares().size() << " from " << (*acl)->source();
  return std::unique_ptr<Shares>(new Shares(std::move(dir), std::move(*acl)));
}

std::unique_ptr<Shares> Shares::open_to_all() {
  return std::unique_ptr<Shares>(new Shares("", acl::Acl::builtin_default("no shares directory")));
}

std::shared_ptr<const acl::Acl> Shares::current() const {
  std::lock_guard lock(mu_);
  return acl_;
}

Status Shares::reload() {
  if (dir_.empty()) return Status::ok();
  std::lock_guard reloading(reload_mu_);
  auto acl = acl::load_shares(dir_);
  if (!acl) {
    MAGMA_LOG(error) << "shares not reloaded, the rules in force stay: " << acl.status().message();
    return acl.status();
  }
  MAGMA_LOG(info) << "shares reloaded: " << (*acl)->shares().size() << " from " << (*acl)->source();
  std::lock_guard lock(mu_);
  acl_ = std::move(*acl);
  return Status::ok();
}

}  // namespace magma::server
