// The portal's words: every label, heading and sentence a page shows, in
// Dutch and English, by key. Templates reach them as {{t.key}}; handlers
// through Text(). Plain language (B1): short sentences that say what to do.
// Immutable after start-up; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/message.h"

namespace schoolbieb::web {

// The text of `key` in `language`; the key itself when unknown (a test
// catches those).
const std::string& Text(std::string_view key, Language language);

using TextTable = std::vector<std::pair<std::string, Message>>;

// Every key of every table, for the templates and for tests. Keys are
// unique over all tables (a test checks).
const TextTable& AllTexts();

// The tables, one per part of the site, each in its own file.
const TextTable& PortalTexts();      // text.cc: login, teacher menu, upload
const TextTable& BackofficeTexts();  // backoffice_text.cc
const TextTable& CustomerTexts();    // customers_text.cc
const TextTable& SettingsTexts();    // settings_text.cc
const TextTable& PasswordTexts();    // password_text.cc
const TextTable& TwoFactorTexts();   // two_factor_text.cc

}  // namespace schoolbieb::web
