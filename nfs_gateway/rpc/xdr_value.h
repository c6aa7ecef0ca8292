// XdrValue: a value decoded by an XDR routine (libtirpc's or rpcgen's), freed with
// xdr_free when it goes: what the decode allocated (strings, arrays), also after a decode
// that failed half-way. Neither copied nor moved: it lives in one scope.
#pragma once

#include <rpc/rpc.h>

namespace magma::nfs::rpc {

template <class T, bool_t (*Decode)(XDR*, T*)>
class XdrValue {
 public:
  XdrValue() = default;
  ~XdrValue() { xdr_free(reinterpret_cast<xdrproc_t>(Decode), reinterpret_cast<char*>(&value_)); }
  XdrValue(const XdrValue&) = delete;
  XdrValue& operator=(const XdrValue&) = delete;

  // Decodes from xdrs; false when the bytes do not decode.
  bool decode(XDR* xdrs) { return Decode(xdrs, &value_); }
  const T& operator*() const { return value_; }
  const T* operator->() const { return &value_; }

 private:
  T value_{};
};

}  // namespace magma::nfs::rpc
