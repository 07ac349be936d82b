// The `schoolbieb` command line: entry point shared by the program's main and
// the tests, which run it in-process with their own streams and environment.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "core/config.h"

namespace schoolbieb::cli {

// Exit codes, as documented in README.md.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;  // the operation was refused or failed
inline constexpr int kExitUsage = 2;    // the command line itself is wrong
inline constexpr int kExitHeld = 3;     // an import was held for review

struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

// Runs one command; `args` excludes the program name. Never throws.
int Run(const std::vector<std::string>& args, Io io, const EnvLookup& env);

}  // namespace schoolbieb::cli
