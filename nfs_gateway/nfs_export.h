// What the gateway exports: the shares (acl/) in force. The gateway asks for them again
// on every call, so a reload (SIGHUP, `magmactl acl reload`) applies to the next call.
// A share's options say who a caller acts as (nfs_caller.h); its rules, which flares the
// caller reaches (checked by the FlareService for every door alike).
#pragma once

#include <functional>
#include <memory>

#include "acl/acl.h"

namespace magma::nfs {

using ShareSource = std::function<std::shared_ptr<const acl::Acl>()>;

}  // namespace magma::nfs
