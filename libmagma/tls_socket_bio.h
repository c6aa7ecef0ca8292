// An OpenSSL BIO over a socket that never raises SIGPIPE. OpenSSL's own socket BIO writes
// with write(2), which kills a process that does not ignore SIGPIPE (magmad, magmactl)
// when the peer has gone; a library must not change a process's signal dispositions, so
// this BIO sends with MSG_NOSIGNAL instead. Blocking and non-blocking sockets both work:
// EAGAIN becomes OpenSSL's "retry" (SSL_ERROR_WANT_READ/WRITE).
#pragma once

#include <openssl/bio.h>

namespace magma {

// A new BIO reading and writing fd, which it does not own (close fd after freeing the BIO,
// or after the SSL object it was given to). nullptr when OpenSSL is out of memory.
BIO* new_socket_bio(int fd);

}  // namespace magma
