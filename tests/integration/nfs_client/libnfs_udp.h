// libnfs 4.0's UDP transport. The library exports these three functions (nm -D libnfs.so.13
// lists them) but its public headers do not declare them, as libnfs keeps UDP for its own
// broadcast discovery; the NFS tests need UDP, so they declare them here with the
// signatures of libnfs 4.0's lib/socket.c.
#pragma once

#include <nfsc/libnfs.h>

extern "C" {
struct rpc_context* rpc_init_udp_context(void);
int rpc_bind_udp(struct rpc_context* rpc, char* addr, int port);
int rpc_set_udp_destination(struct rpc_context* rpc, char* addr, int port, int is_broadcast);
}
