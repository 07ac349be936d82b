#include "web/upload_name.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/names.h"

namespace schoolbieb::web {
namespace {

// One decoded character: its code point and its bytes; invalid UTF-8 comes
// out as U+FFFD with the one offending byte.
struct Char {
  char32_t code;
  std::string_view bytes;
};

std::vector<Char> Decode(std::string_view text) {
  std::vector<Char> out;
  for (size_t i = 0; i < text.size();) {
    unsigned char byte = static_cast<unsigned char>(text[i]);
    size_t length = byte < 0x80           ? 1
                    : (byte >> 5) == 0x6  ? 2
                    : (byte >> 4) == 0xE  ? 3
                    : (byte >> 3) == 0x1E ? 4
                                          : 0;
    char32_t code = 0xFFFD;
    if (length == 1) {
      code = byte;
    } else if (length > 1 && i + length <= text.size()) {
      code = byte & (0xFF >> (length + 1));
      for (size_t k = 1; k < length; ++k) {
        unsigned char next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80) {
          length = 0;
          break;
        }
        code = (code << 6) | (next & 0x3F);
      }
      if (length == 0) code = 0xFFFD;
    }
    if (length == 0 || i + length > text.size()) length = 1, code = 0xFFFD;
    out.push_back({code, text.substr(i, length)});
    i += length;
  }
  return out;
}

bool Allowed(char32_t code, const UploadNameRule& rule) {
  if ((code >= 'a' && code <= 'z') || (code >= 'A' && code <= 'Z') ||
      (code >= '0' && code <= '9')) {
    return true;
  }
  if (code < 0x80) {
    return rule.extra_allowed.find(static_cast<char>(code)) !=
           std::string::npos;
  }
  return code >= 0xC0 && code <= 0x17F && code != 0xD7 && code != 0xF7;
}

// How an offending character is named in the message.
std::string Describe(const Char& c) {
  if (c.code < 0x20 || (c.code >= 0x7F && c.code <= 0x9F)) {
    return fmt::format("U+{:04X} (stuurteken)", static_cast<uint32_t>(c.code));
  }
  if ((c.code >= 0x202A && c.code <= 0x202E) ||
      (c.code >= 0x2066 && c.code <= 0x2069) || c.code == 0x200E ||
      c.code == 0x200F || c.code == 0x061C) {
    return fmt::format("U+{:04X} (tekstrichting)",
                       static_cast<uint32_t>(c.code));
  }
  if (c.code == 0xFFFD) return "een ongeldig teken";
  if (c.code == 0x200B || c.code == 0x200C || c.code == 0x200D ||
      c.code == 0xFEFF || c.code == 0xA0 || c.code == 0xAD) {
    return fmt::format("U+{:04X} (onzichtbaar)", static_cast<uint32_t>(c.code));
  }
  return fmt::format("\"{}\"", c.bytes);
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::string CleanUploadName(std::string_view name, const UploadNameRule& rule) {
  size_t dot = name.rfind('.');
  std::string_view stem =
      dot == std::string_view::npos ? name : name.substr(0, dot);
  std::string extension =
      dot == std::string_view::npos ? "" : Lower(name.substr(dot + 1));
  std::string clean;
  const std::string composed = ComposeLatin(stem);
  for (const Char& c : Decode(composed)) {
    if (Allowed(c.code, rule)) {
      clean.append(c.bytes);
    } else if (!clean.empty() && clean.back() != ' ' &&
               rule.extra_allowed.find(' ') != std::string::npos) {
      clean += ' ';
    }
  }
  clean = CollapseSpaces(clean);
  if (clean.empty()) return "";
  return extension.empty() ? clean : clean + "." + extension;
}

bool HasAllowedExtension(std::string_view name, const UploadNameRule& rule) {
  size_t dot = name.rfind('.');
  std::string extension =
      dot == std::string_view::npos ? "" : Lower(name.substr(dot + 1));
  return std::find(rule.extensions.begin(), rule.extensions.end(), extension) !=
         rule.extensions.end();
}

Status CheckUploadName(std::string_view name, const UploadNameRule& rule) {
  size_t dot = name.rfind('.');
  std::string extension =
      dot == std::string_view::npos ? "" : Lower(name.substr(dot + 1));
  std::string list = fmt::format("{}", fmt::join(rule.extensions, ", ."));
  if (std::find(rule.extensions.begin(), rule.extensions.end(), extension) ==
      rule.extensions.end()) {
    return Status::InvalidArgument(
        fmt::format("Het bestand \"{}\" heeft niet de juiste soort. Upload "
                    "een bestand dat eindigt op .{}.",
                    name, list),
        fmt::format("The file \"{}\" is not of an accepted kind. Upload a "
                    "file ending in .{}.",
                    name, list));
  }
  if (name.size() > rule.max_bytes) {
    return Status::InvalidArgument(
        fmt::format("De bestandsnaam is te lang (meer dan {} tekens). Geef "
                    "het bestand een kortere naam.",
                    rule.max_bytes),
        fmt::format("The file name is too long (over {} characters). Give "
                    "the file a shorter name.",
                    rule.max_bytes));
  }
  std::vector<std::string> offending;
  std::string_view stem = name.substr(0, dot);
  for (const Char& c : Decode(stem)) {
    if (Allowed(c.code, rule)) continue;
    std::string described = Describe(c);
    if (std::find(offending.begin(), offending.end(), described) ==
        offending.end()) {
      offending.push_back(described);
    }
  }
  if (stem.empty()) offending.push_back("\".\"");
  if (offending.empty()) return Status::Ok();
  std::string chars = fmt::format("{}", fmt::join(offending, ", "));
  std::string clean = CleanUploadName(name, rule);
  std::string suggestion_nl =
      clean.empty() ? "Geef het bestand een naam met letters en cijfers."
                    : fmt::format("Noem het bijvoorbeeld \"{}\".", clean);
  std::string suggestion_en =
      clean.empty() ? "Give the file a name of letters and digits."
                    : fmt::format("For example, call it \"{}\".", clean);
  return Status::InvalidArgument(
      fmt::format("De naam \"{}\" bevat leestekens of andere tekens die niet "
                  "mogen: {}. {}",
                  name, chars, suggestion_nl),
      fmt::format("The name \"{}\" contains punctuation or other characters "
                  "that are not allowed: {}. {}",
                  name, chars, suggestion_en));
}

}  // namespace schoolbieb::web
