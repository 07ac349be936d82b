// The password pages: "wachtwoord vergeten" (/password/forgot) and the page
// behind a password link (/password/set?token=…), plus the mail with such a
// link that a new account gets (the admin's account page uses it); and,
// for a signed-in user, "wachtwoord wijzigen" (/account/password: the
// current password, then the new one twice; store::ChangePassword).
//
// Both pages are public. The forgot form has a double-submit CSRF token like
// the login form, answers with the same page whether or not the account
// exists (and whether or not it was throttled), and mails at most three
// links an hour per account, to the account's own address. The set page
// needs no CSRF token: the link's token, carried in a hidden field when the
// form is sent, is the secret. Both pages send `Referrer-Policy:
// no-referrer`, so the token in the address never leaves in a Referer
// header. Tokens, expiry and single use: store/password_reset.h.
#pragma once

#include <httplib.h>

#include "store/account_store.h"
#include "store/database.h"
#include "store/password_reset.h"
#include "web/server.h"

namespace schoolbieb::web {

// Adds the routes. `options` must outlive the server.
void RegisterPasswordPages(httplib::Server& server,
                           const ServerOptions& options, bool tls);

// Makes a password token for the account and queues the mail that carries
// its link (mail::AccountCreated for kSet, valid 24 hours;
// mail::PasswordForgotten for kReset, valid 30 minutes) to the account's
// e-mail address, in the caller's transaction when one is open. The errors
// of store::CreatePasswordToken (ResourceExhausted past `max_per_hour`) and
// of the outbox; nothing is queued then. Does not wake the mail worker.
Status QueuePasswordLink(store::Database& db, const ServerOptions& options,
                         const store::Account& account,
                         store::PasswordPurpose purpose, int max_per_hour = 0);

// A new portal account without a password, and the mail with its link to
// choose one, in one transaction: both or neither.
Status AddAccountWithPasswordLink(store::Database& db,
                                  const ServerOptions& options,
                                  store::Account& account, bool grant_upload);

}  // namespace schoolbieb::web
