#include "mail/mime.h"

#include <fmt/format.h>

#include <cctype>
#include <ctime>

#include "core/base64.h"
#include "core/crypto.h"

namespace schoolbieb::mail {
namespace {

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

// Length of the UTF-8 sequence starting at `text[pos]`, or 0 when it is not
// a valid one (overlong forms and surrogates included).
size_t Utf8Length(std::string_view text, size_t pos) {
  unsigned char c = text[pos];
  size_t n = c < 0x80         ? 1
             : (c >> 5) == 6  ? 2
             : (c >> 4) == 14 ? 3
             : (c >> 3) == 30 ? 4
                              : 0;
  if (n == 0 || pos + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(text[pos + k]) >> 6) != 2) return 0;
  }
  if (n == 2 && c < 0xc2) return 0;
  if (n == 3) {
    unsigned char c1 = text[pos + 1];
    if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0)) return 0;
  }
  if (n == 4) {
    unsigned char c1 = text[pos + 1];
    if ((c == 0xf0 && c1 < 0x90) || c > 0xf4 || (c == 0xf4 && c1 >= 0x90))
      return 0;
  }
  return n;
}

bool IsUtf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    size_t n = Utf8Length(text, pos);
    if (n == 0) return false;
    pos += n;
  }
  return true;
}

// A header value from data: refused when it could break out of its line.
Status CheckHeaderText(std::string_view value, std::string_view header) {
  for (char c : value) {
    if (IsControl(static_cast<unsigned char>(c))) {
      return Status::InvalidArgument(
          fmt::format("De kopregel {} bevat een regeleinde of ander "
                      "stuurteken; het bericht is niet verstuurd.",
                      header),
          fmt::format("The {} header contains a line break or other control "
                      "character; the message was not sent.",
                      header));
    }
  }
  if (!IsUtf8(value)) {
    return Status::InvalidArgument(
        fmt::format("De kopregel {} is geen geldige UTF-8-tekst.", header),
        fmt::format("The {} header is not valid UTF-8 text.", header));
  }
  return Status::Ok();
}

bool IsPlainAscii(std::string_view text) {
  for (char c : text) {
    unsigned char u = c;
    if (u < 0x20 || u > 0x7e) return false;
  }
  return true;
}

// A display name as a quoted string when it is plain ASCII, else encoded.
std::string EncodeDisplayName(std::string_view name) {
  if (!IsPlainAscii(name) || name.find("=?") != std::string_view::npos) {
    return EncodeWords(name);
  }
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string FormatMailbox(const Mailbox& box) {
  if (box.display_name.empty()) return box.address;
  return EncodeDisplayName(box.display_name) + " <" + box.address + ">";
}

std::string HtmlDocument(std::string_view html) {
  if (html.starts_with("<!DOCTYPE") || html.starts_with("<html")) {
    return std::string(html);
  }
  return fmt::format(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>"
      "<body>\n{}\n</body></html>\n",
      html);
}

}  // namespace

Status CheckAddress(std::string_view address) {
  auto refuse = [&] {
    std::string shown(address.substr(0, 80));
    for (char& c : shown) {
      if (IsControl(static_cast<unsigned char>(c))) c = '?';
    }
    return Status::InvalidArgument(
        fmt::format("'{}' is geen bruikbaar e-mailadres.", shown),
        fmt::format("'{}' is not a usable e-mail address.", shown));
  };
  size_t at = address.find('@');
  if (address.size() > 254 || at == std::string_view::npos || at == 0 ||
      at > 64 || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string_view::npos) {
    return refuse();
  }
  std::string_view local = address.substr(0, at);
  std::string_view domain = address.substr(at + 1);
  constexpr std::string_view kAtext = "!#$%&'*+-/=?^_`{|}~.";
  for (char c : local) {
    if (!std::isalnum(static_cast<unsigned char>(c)) &&
        kAtext.find(c) == std::string_view::npos) {
      return refuse();
    }
  }
  if (local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos) {
    return refuse();
  }
  size_t label_start = 0;
  for (size_t i = 0; i <= domain.size(); ++i) {
    if (i == domain.size() || domain[i] == '.') {
      size_t length = i - label_start;
      if (length == 0 || length > 63 || domain[label_start] == '-' ||
          domain[i - 1] == '-') {
        return refuse();
      }
      label_start = i + 1;
      continue;
    }
    char c = domain[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return refuse();
    }
  }
  return Status::Ok();
}

Result<Mailbox> ParseMailbox(std::string_view text) {
  SB_RETURN_IF_ERROR(CheckHeaderText(text, "From"));
  Mailbox box;
  size_t open = text.rfind('<');
  if (open != std::string_view::npos && text.ends_with('>')) {
    std::string_view name = text.substr(0, open);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    box.display_name = std::string(name);
    box.address = std::string(text.substr(open + 1, text.size() - open - 2));
  } else {
    box.address = std::string(text);
  }
  SB_RETURN_IF_ERROR(CheckAddress(box.address));
  return box;
}

std::string FormatMailDate(int64_t epoch_seconds) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed",
                                          "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  time_t t = static_cast<time_t>(epoch_seconds);
  struct tm utc;
  gmtime_r(&t, &utc);
  // Formatted by hand: strftime's %a and %b follow the locale.
  return fmt::format("{}, {:02d} {} {} {:02d}:{:02d}:{:02d} +0000",
                     kDays[utc.tm_wday], utc.tm_mday, kMonths[utc.tm_mon],
                     utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::string EncodeWords(std::string_view utf8) {
  // 39 bytes make 52 base64 characters: with "=?UTF-8?B?" and "?=" a word
  // is 64 characters, so even the first line ("Subject: " + word) stays
  // under the 78 that RFC 5322 recommends.
  constexpr size_t kMaxBytes = 39;
  std::string out;
  size_t pos = 0;
  do {
    size_t end = pos;
    while (end < utf8.size()) {
      size_t n = Utf8Length(utf8, end);
      if (n == 0) n = 1;  // callers check UTF-8; never loop on bad input
      if (end + n - pos > kMaxBytes) break;
      end += n;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + EncodeBase64(utf8.substr(pos, end - pos)) + "?=";
    pos = end;
  } while (pos < utf8.size());
  return out;
}

std::string QuotedPrintable(std::string_view text) {
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::string line;
  auto flush_line = [&](bool hard_break) {
    out += line;
    out += hard_break ? "\r\n" : "=\r\n";
    line.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      // Trailing whitespace may be stripped in transit: encode it.
      if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        char last = line.back();
        line.pop_back();
        line += '=';
        line += kHex[static_cast<unsigned char>(last) >> 4];
        line += kHex[last & 15];
      }
      flush_line(true);
      continue;
    }
    unsigned char u = c;
    std::string piece;
    bool literal = (u >= 33 && u <= 126 && u != '=') || u == ' ' || u == '\t';
    // A dot alone at the start of a line ends SMTP DATA on a careless
    // relay: always encode a leading dot.
    if (line.empty() && u == '.') literal = false;
    if (literal) {
      piece = std::string(1, c);
    } else {
      piece = {'=', kHex[u >> 4], kHex[u & 15]};
    }
    // 75 plus the soft break's "=" is the 76 RFC 2045 allows.
    if (line.size() + piece.size() > 75) flush_line(false);
    if (line.empty() && u == '.') piece = "=2E";
    line += piece;
  }
  if (!line.empty()) {
    if (line.back() == ' ' || line.back() == '\t') {
      char last = line.back();
      line.pop_back();
      line += '=';
      line += kHex[static_cast<unsigned char>(last) >> 4];
      line += kHex[last & 15];
    }
    flush_line(true);
  }
  return out;
}

Result<std::string> ComposeMime(const MailContent& mail) {
  SB_RETURN_IF_ERROR(CheckHeaderText(mail.from.display_name, "From"));
  SB_RETURN_IF_ERROR(CheckAddress(mail.from.address));
  SB_RETURN_IF_ERROR(CheckHeaderText(mail.to, "To"));
  SB_RETURN_IF_ERROR(CheckAddress(mail.to));
  SB_RETURN_IF_ERROR(CheckHeaderText(mail.subject, "Subject"));
  SB_RETURN_IF_ERROR(CheckHeaderText(mail.message_id, "Message-ID"));
  if (!IsPlainAscii(mail.message_id) || !mail.message_id.starts_with('<') ||
      !mail.message_id.ends_with('>') ||
      mail.message_id.find(' ') != std::string::npos) {
    return Status::InvalidArgument("De Message-ID klopt niet.",
                                   "The Message-ID is not valid.");
  }

  std::string subject = mail.subject;
  // Plain ASCII goes as is; anything else, or text that a reader could take
  // for an encoded word, is encoded.
  if (!IsPlainAscii(subject) || subject.find("=?") != std::string::npos ||
      subject.size() > 60) {
    subject = EncodeWords(subject);
  }

  std::string out;
  out += "Date: " + FormatMailDate(mail.date) + "\r\n";
  out += "From: " + FormatMailbox(mail.from) + "\r\n";
  out += "To: " + mail.to + "\r\n";
  out += "Subject: " + subject + "\r\n";
  out += "Message-ID: " + mail.message_id + "\r\n";
  // RFC 3834: tells vacation responders not to answer a robot.
  out += "Auto-Submitted: auto-generated\r\n";
  out += "MIME-Version: 1.0\r\n";
  const char* kTextHeaders =
      "Content-Type: text/plain; charset=UTF-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n";
  if (mail.body_html.empty()) {
    out += kTextHeaders;
    out += "\r\n" + QuotedPrintable(mail.body_text);
    return out;
  }
  // "=_" never occurs in quoted-printable text, so the boundary cannot
  // appear in a part; derived from the Message-ID so a retry sends the same
  // bytes.
  std::string boundary = "=_sb_" + Sha256Hex(mail.message_id).substr(0, 24);
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary +
         "\"\r\n\r\n";
  out += "--" + boundary + "\r\n" + kTextHeaders + "\r\n";
  // The line end before a boundary belongs to the boundary (RFC 2046), so
  // each part gets one more: its own last line end survives.
  out += QuotedPrintable(mail.body_text) + "\r\n";
  out += "--" + boundary + "\r\n";
  out +=
      "Content-Type: text/html; charset=UTF-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
  out += QuotedPrintable(HtmlDocument(mail.body_html)) + "\r\n";
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace schoolbieb::mail
