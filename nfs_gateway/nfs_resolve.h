// From what an NFS client names (a file handle, or a directory's handle and a name) to the
// flare and its attributes, through the FlareService, and back to a handle. A handle
// resolves only to a flare that still exists and lies in a share (a directory by its
// path, a file by the share tag of its handle); anything else is Stale. The first handle
// a call resolves sets who the call acts as (NfsCall::enter). Which flares the client
// may reach, the FlareService decides (server/access_guard.h).
// Functions block on the FlareService; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "libmagma/errc.h"
#include "libmagma/flare_attr.h"
#include "nfs_gateway/file_handle.h"
#include "nfs_gateway/nfs_call.h"

namespace magma::nfs {

struct Resolved {
  FlareEntry entry;
  // Normalised. Always known for a directory; empty for a non-directory resolved from its
  // handle (its handle carries only its id: it may have several names).
  std::string path;

  const FlareAttr& attr() const { return entry.attr; }
  bool is_dir() const { return entry.attr.type == FlareType::Directory; }
  // Where its inode lives, as GetAttr/SetAttr want it: a directory's key, zero otherwise.
  Key place(const KeyFunction& key_of) const { return is_dir() ? key_of(path) : Key{}; }
};

// The flare fh names. Stale for a handle that does not decode, a flare that is gone, a
// directory in no share, a file of a share that is gone; other errors of the
// FlareService as they come.
Result<Resolved> resolve(NfsCall& call, const HandleBytes& fh);
// What resolve does first for a file's handle, for a procedure that reaches the file
// without resolving it (READ): the call enters the share the handle was made in. Stale
// when that share is gone.
Status enter_share_of(NfsCall& call, const FileRef& ref);
// As resolve, and NotDir when fh names no directory.
Result<Resolved> resolve_dir(NfsCall& call, const HandleBytes& fh);

// The flare at a normalised path (Lookup): NotFound when nothing is there.
Result<Resolved> resolve_path(const NfsCall& call, const std::string& path);

// The directory above dir; "/" and a directory whose parent the client may not reach
// (the top of what it may see) are their own parents. REQUIRES: dir.is_dir().
Result<Resolved> parent_of(const NfsCall& call, const Resolved& dir);

// The path of name in dir. Access for a name no directory can hold ("", ".", "..", or
// with '/' or NUL; as knfsd refuses them), NameTooLong over NAME_MAX or PATH_MAX.
Result<std::string> child_path_of(const Resolved& dir, std::string_view name);
// The path of a new entry name in dir (CREATE, MKDIR, SYMLINK, LINK): as child_path_of,
// but "." and ".." are Exists, since they name flares that exist (as mkdir(2) and knfsd
// answer).
Result<std::string> new_child_path_of(const Resolved& dir, std::string_view name);

HandleBytes handle_of(const NfsCall& call, const Resolved& flare);

}  // namespace magma::nfs
