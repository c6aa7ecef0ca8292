// Flare request dispatch: decode, call the one FlareService, encode.
#include "server/flare_dispatch.h"

#include "libmagma/logging.h"

namespace magma::server {

Bytes error_frame(const FrameHeader& request, const Status& status) {
  Bytes frame = start_frame(request.request_id, request.op, static_cast<uint16_t>(status.code()));
  frame.insert(frame.end(), status.message().begin(), status.message().end());
  finish_frame(frame);
  return frame;
}

namespace {

// Longer than any address's text form (an IPv6 address with a zone).
constexpr size_t kMaxClientText = 64;

// Who the ACL decides for (see dispatch_flare_request): the client a volcano forwards
// for (none when the volcano forwards a call of its own), else the peer itself.
Status set_client(FlareService& service, const boost::asio::ip::address& peer, CallContext& ctx) {
  if (!ctx.forwarded || !service.trusts_forwarding_from(peer)) {
    ctx.client = peer;
    return Status::ok();
  }
  if (ctx.creds.client.empty()) return Status::ok();
  boost::system::error_code ec;
  auto client = boost::asio::ip::make_address(ctx.creds.client, ec);
  if (ec) return Status(Errc::Protocol, "forwarded for a client that is no address: '" + ctx.creds.client + "'");
  ctx.client = client;
  return Status::ok();
}

template <class Request>
Result<typename FlareOpTraits<Request>::Response> decode_and_handle(FlareService& service,
                                                                    const boost::asio::ip::address& peer,
                                                                    CallContext& ctx, const Bytes& payload) {
  ByteReader r(payload.data(), payload.size());
  field_decode(r, ctx.creds);
  Request req;
  field_decode(r, req);
  if (!r.ok() || r.remaining() != 0 || ctx.creds.groups.size() > Credentials::kMaxGroups ||
      ctx.creds.client.size() > kMaxClientText)
    return Status(Errc::Protocol, std::string("malformed ") + FlareOpTraits<Request>::name + " request");
  MAGMA_RETURN_IF_ERROR(set_client(service, peer, ctx));
  return service.handle(ctx, req);
}

void log_outcome(const FrameHeader& header, const char* name, const Status& status) {
  switch (status.code()) {
    case Errc::Ok:
      MAGMA_DEBUG('f') << name << " #" << header.request_id << " ok";
      break;
    case Errc::Io:
    case Errc::NoSpace:
    case Errc::Protocol:
      MAGMA_LOG(warning) << name << " #" << header.request_id << " failed: " << status.to_string();
      break;
    default:  // NotFound, Exists and the like are ordinary answers
      MAGMA_DEBUG('f') << name << " #" << header.request_id << ": " << status.to_string();
      break;
  }
}

template <class Request>
Bytes serve(FlareService& service, Door door, uint64_t session, const boost::asio::ip::address& peer,
            const FrameHeader& header, const Bytes& payload) {
  const char* name = FlareOpTraits<Request>::name;
  if (is_node_op(static_cast<uint16_t>(FlareOpTraits<Request>::op)) != (door == Door::Node))
    return error_frame(header, Status(Errc::Protocol, std::string(name) + " is not served on this port"));
  CallContext ctx;
  ctx.session = session;
  ctx.forwarded = (header.op & kOpForwarded) != 0;
  auto result = decode_and_handle<Request>(service, peer, ctx, payload);
  log_outcome(header, name, result.status());
  FrameHeader answered = header;
  answered.op = static_cast<uint16_t>((header.op & ~kOpFlagMask) | (ctx.stale ? kOpStaleTopology : 0));
  if (!result) return error_frame(answered, result.status());
  Bytes frame = start_frame(answered.request_id, answered.op, 0);
  encode_message(*result, frame);
  finish_frame(frame);
  return frame;
}

}  // namespace

Bytes dispatch_flare_request(FlareService& service, Door door, uint64_t session,
                             const boost::asio::ip::address& peer, const FrameHeader& header,
                             const Bytes& payload) {
  try {
    switch (header.op & ~kOpFlagMask) {
#define MAGMA_FLARE_OP(Name, id, Request, Response) \
  case id: return serve<Request>(service, door, session, peer, header, payload);
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP
    }
    MAGMA_DEBUG('p') << "unknown op " << header.op << " in request #" << header.request_id;
    return error_frame(header, Status(Errc::Protocol, "unknown op " + std::to_string(header.op)));
  } catch (const std::bad_alloc&) {
    MAGMA_LOG(error) << "out of memory serving request #" << header.request_id;
    return error_frame(header, Status(Errc::NoSpace, "volcano out of memory"));
  } catch (const std::exception& e) {
    MAGMA_LOG(error) << "request #" << header.request_id << " threw: " << e.what();
    return error_frame(header, Status(Errc::Io, "internal error"));
  }
}

}  // namespace magma::server
