// spawn_logged: starts a coroutine on an executor so that an exception escaping it is
// logged with what it was doing instead of ending the io thread (house rule 5).
#pragma once

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>
#include <exception>

#include "libmagma/logging.h"

namespace magma::nfs::rpc {

// executor: an executor or a strand. start: a callable returning
// boost::asio::awaitable<void>. what names the coroutine in the log ("RPC UDP door"); it
// must outlive the coroutine (a string literal).
template <class Executor, class Start>
void spawn_logged(Executor executor, Start&& start, const char* what) {
  boost::asio::co_spawn(executor, std::forward<Start>(start), [what](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      MAGMA_LOG(error) << what << ": " << ex.what();
    } catch (...) {
      MAGMA_LOG(error) << what << ": unknown exception";
    }
  });
}

}  // namespace magma::nfs::rpc
