// Escaping text for HTML and XML (SVG): & < > " ' become entities, so text
// from files, names and settings is always shown as text, also inside
// attribute values. Used where no template engine escapes for us: the mail's
// HTML part and the server-drawn charts. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace schoolbieb {

std::string EscapeHtml(std::string_view text);

}  // namespace schoolbieb
