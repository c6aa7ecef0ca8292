// Acl: the shares in force and the decision for each request, one object for every door.
// An Acl is immutable once built: every method is const and thread-safe, decide() takes no
// lock and allocates nothing. A reload builds a new Acl; holders swap their shared_ptr.
//
// The decision rule (magma-acl(5) says the same):
//  1. The share is the one whose root is the longest ancestor-or-self of the lava path
//     (shares never share a root). None: no access.
//  2. Within it, among the rules whose subpath is the path or an ancestor of it and whose
//     address matches the client, the one with the longest subpath wins; among those, the
//     one with the longest prefix (IPv4 counted as ::ffff:0:0/96 + N, so * is the least
//     specific). Rules of the same subpath and network must agree (build() refuses them
//     otherwise); the earliest line is reported.
//  3. No such rule: no access. A read-only share caps w at r. w implies r.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "acl/decision.h"
#include "acl/share.h"
#include "libmagma/errc.h"

namespace magma::acl {

class Acl {
  struct Passkey {};

 public:
  // Checks the shares as a whole: unique names, unique roots, and within a share no two
  // rules with the same subpath and network but different letters. shares come in load
  // order (earlier files win the messages); source says where they came from (the
  // directory). Fails with Invalid: "FILE:LINE: share name 'x' is already used by FILE",
  // "FILE:LINE: share 'b' has the same path /p as share 'a' (FILE)",
  // "FILE:LINE: 'TEXT' contradicts line N ('TEXT') for PREFIX on SUBPATH".
  static Result<std::shared_ptr<const Acl>> build(std::vector<Share> shares, std::string source);

  // What is in force when there are no share files: share "lava" on "/", `w / *` (every
  // address may read and write everything). reason says why ("no share files in DIR").
  static std::shared_ptr<const Acl> builtin_default(std::string reason);

  // The decision for client on lava_path (see the rule above). A lava_path that is not
  // normalised gets no share and no access. Never fails, never allocates. The Decision
  // points into this Acl: hold the shared_ptr as long as the Decision is used.
  Decision decide(const boost::asio::ip::address& client, std::string_view lava_path) const;

  // The decision for subpath (absolute, relative to the share's root) of the share named
  // share_name: the same as decide() on the lava path root + subpath, so a share nested
  // inside it decides its own subtree. Fails with NotFound ("no share named 'x'") or
  // Invalid (subpath as parse_share_path refuses it).
  Result<Decision> decide_in_share(std::string_view share_name, const boost::asio::ip::address& client,
                                   std::string_view subpath) const;

  // The share named name, or nullptr. Valid as long as this Acl.
  const Share* find_share(std::string_view name) const;

  // The shares, by name.
  const std::vector<Share>& shares() const { return shares_; }

  // The directory the shares came from, or the built-in default's reason.
  const std::string& source() const { return source_; }
  bool is_builtin_default() const { return builtin_; }

  // Use build() or builtin_default().
  Acl(Passkey, std::vector<Share> shares, std::string source, bool builtin);
  Acl(const Acl&) = delete;  // decisions point into shares_
  Acl& operator=(const Acl&) = delete;

 private:
  // The rules of one subpath of a share, most specific network first.
  struct Level {
    std::string_view subpath;        // points into a Rule of shares_
    std::vector<const Rule*> rules;
  };
  // A share's levels, longest subpath first.
  struct Table {
    const Share* share = nullptr;
    std::vector<Level> levels;
  };

  static Table make_table(const Share& share);
  Decision decide_in(const Table& table, const AddressBytes& client, std::string_view subpath) const;

  const std::vector<Share> shares_;  // by name
  const std::string source_;
  const bool builtin_;
  std::vector<Table> tables_;  // longest root first; constant after construction
};

}  // namespace magma::acl
