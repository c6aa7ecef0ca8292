// /.dht description files.
#include "server/dht_description.h"

#include <sstream>

namespace magma::server {

std::string describe_volcano(const VolcanoInfo& info) {
  std::ostringstream out;
  out << "nickname: " << info.nickname << "\n"
      << "fqdn: " << info.fqdn << "\n"
      << "address: " << info.address << "\n"
      << "flare_port: " << info.flare_port << "\n"
      << "slice_start: " << info.slice.start.hex() << "\n"
      << "slice_stop: " << info.slice.stop.hex() << "\n"
      << "storage_total: " << info.storage_total << "\n"
      << "storage_free: " << info.storage_free << "\n";
  return out.str();
}

Status publish_volcano(FlareService& service, const VolcanoInfo& info) {
  CallContext root;  // uid 0, gid 0
  std::string path = std::string(kDhtDirectory) + "/" + info.nickname;
  auto found = service.handle(root, LookupRequest{path});
  if (!found && found.code() != Errc::NotFound) return found.status();
  FlareId id;
  if (found) {
    id = found->entry.id;
  } else {
    MknodRequest create;
    create.path = path;
    create.type = FlareType::Regular;
    create.mode = 0444;
    auto made = service.handle(root, create);
    if (!made) return made.status();
    id = made->entry.id;
  }
  std::string text = describe_volcano(info);
  SetAttrRequest truncate;
  truncate.id = id;
  truncate.mask = kSetSize;
  truncate.size = 0;
  MAGMA_RETURN_IF_ERROR(service.handle(root, truncate));
  WriteRequest write;
  write.id = id;
  write.data.assign(text.begin(), text.end());
  write.stable = true;
  MAGMA_RETURN_IF_ERROR(service.handle(root, write));
  return Status::ok();
}

}  // namespace magma::server
