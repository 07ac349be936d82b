#include "formats/deadline.h"

#include <fmt/format.h>

namespace schoolbieb::formats {

Status Deadline::Exceeded() const {
  return Status::ResourceExhausted(
      fmt::format(
          "Het lezen van het bestand duurde langer dan {} seconden en is "
          "gestopt. Sla het bestand op als CSV of maak het kleiner.",
          millis_ / 1000),
      fmt::format(
          "Reading the file took longer than {} seconds and was stopped. Save "
          "the file as CSV or make it smaller.",
          millis_ / 1000));
}

}  // namespace schoolbieb::formats
