// The back office's customer pages: the search (name, card number and Extern
// nummer-2, the student number — never Extern nummer, which the seed says
// cannot be searched on), the customer record with its seven tabs (Klant,
// NAW-gegevens, Contributie, Overig, Meldingen, Eigenschappen-1,
// Eigenschappen-2), the memberships with their history, and notices.
//
// Staff of the customer's library only: a customer of another library is
// "not found" (404), a teacher gets 403. A field staff change here that the
// import also writes is added to the customer's locked_fields under the
// engine's name for it (roster::FieldName), so the next import leaves it
// (import/engine.cc, Diff); the record marks protected fields and lets
// staff lift the protection. A save carries the record's updated_at and is
// refused (409) when the customer changed since the form was shown. Every
// save and notice is audited with field names only, never values.
#pragma once

#include <httplib.h>

#include "web/server.h"

namespace schoolbieb::web {

// Adds the /backoffice/customers routes. `options` must outlive the
// server.
void RegisterCustomers(httplib::Server& server, const ServerOptions& options,
                       bool tls);

}  // namespace schoolbieb::web
