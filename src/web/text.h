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

// Every key, for the templates and for tests.
const std::vector<std::pair<std::string, Message>>& AllTexts();

}  // namespace schoolbieb::web
