// Server-rendered pages: mstch (mustache) templates compiled into the
// program (src/web/assets/), each view rendered inside layout.mustache.
// {{x}} escapes HTML, so text from files, names and settings is always shown
// as text; only the view itself goes in unescaped, as the layout's partial.
// Thread-safe: the templates are immutable after start-up.
#pragma once

#include <mstch/mstch.hpp>
#include <string>
#include <string_view>

#include "core/message.h"

namespace schoolbieb::web {

// The embedded file `name` ("layout.mustache", "static/style.css"); empty
// when there is none.
std::string_view Asset(std::string_view name);

// {{t.key}} for every key of web/text.h in `language`.
const mstch::map& TextMap(Language language);

// {{t.key}} for the keys view `view` and the layout use, in `language`:
// what a page needs of the texts, a few dozen instead of all of them (a
// page copies its texts into its context, and copying every text on every
// request was most of the time the login page took). Found once, by
// reading the templates; views not embedded get every text.
const mstch::map& ViewTexts(std::string_view view, Language language);

// Renders view `view` ("login") inside the layout with `context`, which
// must carry the layout's keys (see PageContext in portal.cc).
std::string RenderPage(std::string_view view, const mstch::map& context);

}  // namespace schoolbieb::web
