// The NFS v2 procedures (RFC 1094 section 2.2), one function each, as NfsProgram's table
// runs them: each decodes its arguments (false → GARBAGE_ARGS), checks the caller's
// permissions (libmagma/permission.h), calls the FlareService and encodes its results.
// Internal to nfs_gateway; thread-safe (a call's state is its NfsCall).
#pragma once

#include <rpc/rpc.h>

#include "nfs_gateway/nfs_call.h"
#include "nfs_gateway/rpc/rpc_program.h"

namespace magma::nfs {

using NfsProcedure = rpc::AcceptStat (*)(NfsCall& call, XDR* args, XDR* results);

// NULL, ROOT and WRITECACHE (the last two obsolete): nothing to do, void results.
rpc::AcceptStat proc_void(NfsCall& call, XDR* args, XDR* results);

// nfs_procs_attr.cc
rpc::AcceptStat proc_getattr(NfsCall& call, XDR* args, XDR* results);
rpc::AcceptStat proc_setattr(NfsCall& call, XDR* args, XDR* results);
rpc::AcceptStat proc_statfs(NfsCall& call, XDR* args, XDR* results);

// nfs_procs_io.cc
rpc::AcceptStat proc_readlink(NfsCall& call, XDR* args, XDR* results);
rpc::AcceptStat proc_read(NfsCall& call, XDR* args, XDR* results);
rpc::AcceptStat proc_write(NfsCall& call, XDR* args, XDR* results);

// nfs_procs_lookup.cc
rpc::AcceptStat proc_lookup(NfsCall& call, XDR* args, XDR* results);
rpc::AcceptStat proc_readdir(NfsCall& call, XDR* args, XDR* results);

// nfs_procs_create.cc
rpc::AcceptStat proc_create(NfsCall& call, XDR* args, XDR* results);
rpc::AcceptStat proc_mkdir(NfsCall& call, XDR* args, XDR* results);
rpc::AcceptStat proc_symlink(NfsCall& call, XDR* args, XDR* results);

// nfs_procs_names.cc
rpc::AcceptStat proc_remove(NfsCall& call, XDR* args, XDR* results);
rpc::AcceptStat proc_rmdir(NfsCall& call, XDR* args, XDR* results);
rpc::AcceptStat proc_rename(NfsCall& call, XDR* args, XDR* results);
rpc::AcceptStat proc_link(NfsCall& call, XDR* args, XDR* results);

// What every changing procedure checks first: ReadOnly on a read-only export.
Status check_writable(const NfsCall& call);

}  // namespace magma::nfs
