// The portal's pages: login and logout, the teacher menu ("Upload
// leerlingbestand", "Mijn uploads", "Handleidingen"), the upload with its
// quick report, and account administration for admins.
//
// Every handler decides on the server who may do what: a session from the
// cookie (never one the browser proposes), the account's role, its library,
// and for uploads the schools its customer record names. State-changing
// forms carry the session's CSRF token; the login form a token of its own
// (double-submit cookie). Pages are Dutch unless the visitor switched to
// English (?lang=en, remembered in a cookie).
#pragma once

#include <httplib.h>

#include "web/server.h"

namespace schoolbieb::web {

// Adds the page routes. `options` must outlive the server.
void RegisterPortal(httplib::Server& server, const ServerOptions& options,
                    bool tls);

// Adds /api/v1 (bearer tokens). `options` must outlive the server.
void RegisterApi(httplib::Server& server, const ServerOptions& options);

}  // namespace schoolbieb::web
