// The flare protocol's server side: turns one request frame into its answer frame by
// decoding Credentials and the Request named by the frame's op, calling FlareService,
// and encoding the Response or the error. Expanded from libmagma/flare_ops.def.
#pragma once

#include "libmagma/frame.h"
#include "server/flare_service.h"

namespace magma::server {

// The port a request came in on: the flare port serves flare ops (clients, and volcanos
// forwarding them), the node port serves node ops (volcanos only). Each has its own
// thread pool, so node ops, which never wait on other volcanos, always find a thread
// even when every flare handler waits on a node op.
enum class Door { Flare, Node };

// Returns the whole answer frame (same request id and op; kOpStaleTopology set when the
// request was forwarded to its owner). A frame with an unknown op, an op of the other
// door, or an undecodable payload gets a Protocol answer; a handler that throws gets Io.
// Never throws. Blocks on the handler: call it from the door's thread pool.
//
// peer is the connection's remote address: the client the ACL decides for, unless the
// request is forwarded by a volcano (FlareService::trusts_forwarding_from), which names
// its own client in Credentials::client.
Bytes dispatch_flare_request(FlareService& service, Door door, uint64_t session,
                             const boost::asio::ip::address& peer, const FrameHeader& header,
                             const Bytes& payload);

// An answer frame carrying status and its message as the payload.
Bytes error_frame(const FrameHeader& request, const Status& status);

}  // namespace magma::server
