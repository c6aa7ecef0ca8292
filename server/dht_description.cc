// /.dht description texts.
#include "server/dht_description.h"

#include <sstream>

namespace magma::server {

std::string describe_volcano(const VolcanoInfo& v, uint64_t epoch, const LoadResponse* load) {
  std::ostringstream out;
  out << "nickname: " << v.nickname << "\n"
      << "fqdn: " << v.fqdn << "\n"
      << "address: " << v.address << "\n"
      << "flare_port: " << v.flare_port << "\n"
      << "node_port: " << v.node_port << "\n"
      << "slice_start: " << v.slice.start.hex() << "\n"
      << "slice_stop: " << v.slice.stop.hex() << "\n"
      // The volcano's own epoch when it answers: a lagging one shows as a lower number.
      << "epoch: " << (load ? load->epoch : epoch) << "\n"
      << "alive: " << (load ? "yes" : "no") << "\n";
  if (load) {
    out << "keys: " << load->keys << "\n"
        << "inodes: " << load->inodes << "\n"
        << "data_bytes: " << load->data_bytes << "\n"
        << "storage_total: " << load->storage_total << "\n"
        << "storage_free: " << load->storage_free << "\n";
  }
  return out.str();
}

}  // namespace magma::server
