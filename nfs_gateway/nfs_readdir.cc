// READDIR cookies, byte budget and entry list.
#include "nfs_gateway/nfs_readdir.h"

#include <algorithm>

namespace magma::nfs {

namespace {

void put_cookie(uint32_t cookie, nfscookie out) {
  for (int i = 0; i < NFS_COOKIESIZE; ++i) out[i] = static_cast<char>(cookie >> (24 - 8 * i));
}

}  // namespace

uint32_t cookie_value(const nfscookie cookie) {
  uint32_t v = 0;
  for (int i = 0; i < NFS_COOKIESIZE; ++i) v = v << 8 | static_cast<uint8_t>(cookie[i]);
  return v;
}

ReadDirPosition position_of(uint32_t nfs_cookie) {
  ReadDirPosition p;
  p.dot = nfs_cookie == 0;
  p.dotdot = nfs_cookie < kCookieAfterDotDot;
  p.after = nfs_cookie > kCookieAfterDotDot ? nfs_cookie - kCookieAfterDotDot : 0;
  return p;
}

Result<uint32_t> nfs_cookie_of(uint64_t service_cookie) {
  if (service_cookie > kMaxServiceCookie)
    return Status(Errc::Range, "directory cookie " + std::to_string(service_cookie) + " does not fit NFS v2");
  return static_cast<uint32_t>(service_cookie + kCookieAfterDotDot);
}

ReplyBudget::ReplyBudget(uint32_t count) {
  uint32_t bounded = std::min(count, kMaxCount);
  left_ = bounded > kFixedBytes ? bounded - kFixedBytes : 0;
}

bool ReplyBudget::take(std::string_view name) {
  size_t need = kEntryBytes + (name.size() + 3) / 4 * 4;
  if (need > left_) return false;
  left_ -= static_cast<uint32_t>(need);
  return true;
}

void DirListing::add(uint32_t fileid, std::string name, uint32_t cookie) {
  items_.push_back(Item{fileid, std::move(name), cookie});
}

readdirres DirListing::reply(bool eof) {
  entries_.assign(items_.size(), entry{});
  for (size_t i = 0; i < items_.size(); ++i) {
    entry& e = entries_[i];
    e.fileid = items_[i].fileid;
    e.name = items_[i].name.data();
    put_cookie(items_[i].cookie, e.cookie);
    e.nextentry = i + 1 < items_.size() ? &entries_[i + 1] : nullptr;
  }
  readdirres res{};
  res.status = NFS_OK;
  res.readdirres_u.reply.entries = entries_.empty() ? nullptr : entries_.data();
  res.readdirres_u.reply.eof = eof;
  return res;
}

}  // namespace magma::nfs
