// The library's colour on its pages. The layout links a small stylesheet
// named after the colour (/brand/154273.css) after style.css; it sets the
// custom properties style.css draws with (--brand, --brand-dark,
// --brand-tint). The content depends only on the name, so the browser may
// keep it for good, and the page needs no inline style (the CSP forbids
// it). Only a colour that ParseColour accepts is ever written into CSS.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace schoolbieb::web {

// "/brand/154273.css" for a stored "#rrggbb" colour; the default colour's
// sheet for an empty or malformed one (a row written past CheckLibrary).
std::string BrandStylesheet(std::string_view colour);

// Adds GET /brand/rrggbb.css (six lower-case hex digits).
void RegisterBrand(httplib::Server& server);

}  // namespace schoolbieb::web
