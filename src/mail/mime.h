// An outgoing mail as the bytes that go over SMTP (RFC 5322 headers, MIME
// multipart/alternative with a plain-text and an HTML part, both
// quoted-printable UTF-8).
//
// Data never shapes the header block: every header value is checked, and a
// value carrying CR, LF or another control character is refused rather than
// cleaned, so an address or a subject built from a file name can never add a
// header or start the body early. Non-ASCII subjects and display names are
// RFC 2047 encoded words. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace schoolbieb::mail {

// "Name <local@domain>" or "local@domain".
struct Mailbox {
  std::string display_name;  // UTF-8, may be empty
  std::string address;
};

// Accepts one plain address: ASCII letters, digits and the RFC 5322 atext
// marks before the @, a dotted host name after it, at most 254 characters.
// Quoted local parts, comments, groups and lists are refused
// (InvalidArgument): schoolbieb only ever writes to one ordinary address.
Status CheckAddress(std::string_view address);

// Parses "Name <address>" or a bare address; InvalidArgument when the
// address fails CheckAddress or the name has control characters.
Result<Mailbox> ParseMailbox(std::string_view text);

struct MailContent {
  Mailbox from;
  std::string to;  // one address
  std::string subject;
  std::string body_text;
  std::string body_html;   // a fragment or a whole document; empty: text only
  std::string message_id;  // "<…@…>"
  int64_t date = 0;        // seconds since the epoch, UTC
};

// The whole message with CRLF line ends, ready for SMTP DATA.
// InvalidArgument (nothing composed) when a header value has a control
// character, the subject is not UTF-8, or an address is not plain.
Result<std::string> ComposeMime(const MailContent& mail);

// "Tue, 01 Dec 2026 21:25:08 +0000".
std::string FormatMailDate(int64_t epoch_seconds);

// RFC 2047 "B" encoded words for a UTF-8 text, each at most 75 characters,
// split between characters and joined by folding whitespace (CRLF SP).
std::string EncodeWords(std::string_view utf8);

// Quoted-printable (RFC 2045) with CRLF line ends: any line end in `text`
// becomes CRLF, lines stay within 76 characters by soft breaks, and a line's
// leading dot and trailing space are encoded so that no transport can alter
// them.
std::string QuotedPrintable(std::string_view text);

}  // namespace schoolbieb::mail
