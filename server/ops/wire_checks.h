// Checks of what a node op receives: it comes off the wire, from a volcano that may run
// other code or be broken, so every path, name, type and row is checked before use.
// Pure functions but check_owned, which asks env.lava; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "libmagma/errc.h"
#include "libmagma/flare_messages.h"
#include "server/ops/ops.h"

namespace magma::server::ops {

// Invalid unless path is normalised (libmagma/path.h).
Status check_path(const std::string& path);
// As check_path, and not "/" (whose record and entry no step may change).
Status check_below_root(const std::string& path);
// dir is a normalised path and name a valid component that fits under it.
Status check_entry_name(const std::string& dir, const std::string& name);
Status check_type(FlareType type);
// A page size asked for: 1 to kMaxRowsPerPage.
Status check_limit(uint32_t limit);
// An export cursor as an export sent it (a known table).
Status check_cursor(const RowCursor& cursor);
// Every row of rows is well formed.
Status check_rows(const Rows& rows);
Status check_inode_row(const InodeRow& row);

// Moved when key is not this volcano's (a batch whose route key was, but not this part).
Status check_owned(OpEnv& env, const Key& key);

}  // namespace magma::server::ops
