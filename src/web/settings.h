// The library's settings pages in the back office, for staff of that
// library only: the schools (add a school branch, edit its settings and its
// saved column mapping), the upload rights (who may upload for which
// school, the bulk grant to every teacher, revoking, the standing rule), the
// audit log (filtered, paged) and the outbox ("Postvak uit", with retrying
// a failed message), and for admins the library's name and colour.
//
// Every id in a URL or form is looked up within the visitor's library, so
// another library's ids answer 404 like ids that do not exist. Every change
// is audited with ids and field names only; nothing here shows or records a
// student's personal data.
#pragma once

#include <httplib.h>

#include "web/server.h"

namespace schoolbieb::web {

// Adds /backoffice/schools, /backoffice/rights, /backoffice/audit,
// /backoffice/outbox and /backoffice/library (admins only). `options` must
// outlive the server.
void RegisterSettings(httplib::Server& server, const ServerOptions& options,
                      bool tls);

}  // namespace schoolbieb::web
