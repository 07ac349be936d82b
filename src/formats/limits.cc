#include "formats/limits.h"

#include <fmt/format.h>

namespace schoolbieb::formats {

Status LimitExceeded(std::string_view what_nl, std::string_view what_en,
                     uint64_t limit) {
  return Status::ResourceExhausted(
      fmt::format(
          "Het bestand is te groot: meer dan {} {}. Maak het bestand kleiner "
          "(bijvoorbeeld één school per bestand) of vraag de bibliotheek de "
          "grens te verhogen.",
          limit, what_nl),
      fmt::format(
          "The file is too large: more than {} {}. Make the file smaller (for "
          "example one school per file) or ask the library to raise the limit.",
          limit, what_en));
}

}  // namespace schoolbieb::formats
