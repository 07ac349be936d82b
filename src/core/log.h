// Process-wide logging through spdlog: one line per event.
//
// Log lines name ids, codes and counts, never a student's name, birth date,
// address or student number: logs are kept longer and read by more people
// than the data they describe.
#pragma once

#include <string_view>

#include "core/status.h"

namespace schoolbieb {

// Sets the default logger to stderr with the given level ("debug", "info",
// "warn", "error", "off"). Returns InvalidArgument for an unknown level.
Status SetUpLogging(std::string_view level);

}  // namespace schoolbieb
