// The flare protocol's server side: turns one request frame into its answer frame by
// decoding Credentials and the Request named by the frame's op, calling FlareService,
// and encoding the Response or the error. Expanded from libmagma/flare_ops.def.
#pragma once

#include "libmagma/frame.h"
#include "server/flare_service.h"

namespace magma::server {

// Returns the whole answer frame (same request id and op). A frame with an unknown op or
// an undecodable payload gets a Protocol answer; a handler that throws gets Io. Never
// throws. Blocks on the handler: call it from a thread pool.
Bytes dispatch_flare_request(FlareService& service, uint64_t session, const FrameHeader& header,
                             const Bytes& payload);

// An answer frame carrying status and its message as the payload.
Bytes error_frame(const FrameHeader& request, const Status& status);

}  // namespace magma::server
