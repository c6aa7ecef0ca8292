// Shares: the ACL in force on this volcano (acl/acl.h), loaded from the shares directory
// (/etc/magma/shares.d by default) at start and replaced on reload (SIGHUP, `magmactl acl
// reload`). A reload that finds an error keeps the rules in force: a typo in one file
// never opens or closes the lava by accident.
//
// Thread-safety: every method may be called from any thread. A caller keeps the Acl that
// current() returned for as long as it uses a decision made from it; a reload meanwhile
// does not change it.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "acl/acl.h"
#include "libmagma/errc.h"

namespace magma::server {

class Shares {
 public:
  // Loads dir; fails with the first error ("FILE:LINE: reason"), so magmad refuses to
  // start on a bad file. A missing or empty directory gives acl's built-in default.
  static Result<std::unique_ptr<Shares>> load(std::string dir);
  // The built-in default alone (tests, tools, a service without shares).
  static std::unique_ptr<Shares> open_to_all();

  std::shared_ptr<const acl::Acl> current() const;
  // Reads the directory again: the new rules on success, the error (and the old rules
  // still in force) otherwise. Logged either way.
  Status reload();

 private:
  Shares(std::string dir, std::shared_ptr<const acl::Acl> acl) : dir_(std::move(dir)), acl_(std::move(acl)) {}

  const std::string dir_;  // empty: the built-in default, nothing to reload
  std::mutex reload_mu_;   // one reload at a time: a slower, older read never wins
  mutable std::mutex mu_;
  std::shared_ptr<const acl::Acl> acl_;  // guarded by mu_
};

}  // namespace magma::server
