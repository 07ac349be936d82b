// The back office's import pages, for library staff (and admins) of one
// library: every school's uploads with their status and age, one upload
// (facts, quick report, download of the original, reject with a reason),
// the preview of its import (counts, year groups and groups before and
// after, the field-level differences filterable by kind, problems, holds,
// conflicts decided one by one, options), "Importeren" of exactly the plan
// that was shown, and the import history with its reports and undo.
//
// Everything another library owns answers 404, as if it did not exist.
// The engine does the work (import/upload_run.h); these pages only ask and
// show.
#pragma once

#include <httplib.h>

#include "web/server.h"

namespace schoolbieb::web {

// Adds /backoffice/uploads… and /backoffice/imports…. `options` must
// outlive the server.
void RegisterBackoffice(httplib::Server& server, const ServerOptions& options,
                        bool tls);

}  // namespace schoolbieb::web
