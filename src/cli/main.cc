// The schoolbieb program: everything lives in the library; see cli/cli.h.
#include <cstdlib>
#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return schoolbieb::cli::Run(
      args, {std::cin, std::cout, std::cerr},
      [](const char* name) { return std::getenv(name); });
}
