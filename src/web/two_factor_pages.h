// The pages of two-step verification (TOTP, store/two_factor.h):
//
// - /login/code, "Verificatiecode": the second step of logging in. The
//   login form (portal.cc) gives an account with two-step verification a
//   session that only waits for its code (store::CreateSession with
//   awaiting_second_factor); admission (page.h) lets that session reach
//   this page and nothing else.
//   A right code — or a recovery code, used up — replaces it with a
//   signed-in session under a new token; wrong codes are throttled.
// - /account/two-factor, "Mijn account": setting it up (a QR code drawn on
//   the server, the key to type by hand, one code to confirm; then ten
//   recovery codes shown once), new recovery codes and turning it off (each
//   with a current code; off is refused to staff whose library requires
//   it). Staff who must set it up reach only this page and logout.
//
// Every step is audited with the account's id, never a code or a secret.
#pragma once

#include <httplib.h>

#include "web/server.h"

namespace schoolbieb::web {

// Adds the routes. `options` must outlive the server.
void RegisterTwoFactorPages(httplib::Server& server,
                            const ServerOptions& options, bool tls);

}  // namespace schoolbieb::web
