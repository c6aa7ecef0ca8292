// XdrMem: an owner of a libtirpc XDR stream over a caller's memory (xdrmem_create), destroyed
// with its scope. The stream never reads or writes outside the span it was given.
#pragma once

#include <rpc/rpc.h>

#include <cstdint>
#include <span>

namespace magma::nfs::rpc {

class XdrMem {
 public:
  // memory must outlive the stream; XDR_DECODE only reads it (libtirpc takes a char*).
  XdrMem(std::span<uint8_t> memory, xdr_op op) {
    xdrmem_create(&xdr_, reinterpret_cast<char*>(memory.data()), static_cast<u_int>(memory.size()), op);
  }
  ~XdrMem() { xdr_destroy(&xdr_); }
  XdrMem(const XdrMem&) = delete;
  XdrMem& operator=(const XdrMem&) = delete;

  XDR* get() { return &xdr_; }
  size_t position() { return xdr_getpos(&xdr_); }

 private:
  XDR xdr_;
};

}  // namespace magma::nfs::rpc
