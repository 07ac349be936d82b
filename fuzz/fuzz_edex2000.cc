// Fuzz target: formats::ReadEdex2000. The input is split at the first NUL
// into EDEXLL.TXT and EDEXGR.TXT.
#include <map>
#include <string>

#include "fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  size_t nul = bytes.find('\0');
  std::map<std::string, std::string> files;
  files["EDEXLL.TXT"] = std::string(bytes.substr(0, nul));
  if (nul != std::string_view::npos)
    files["EDEXGR.TXT"] = std::string(bytes.substr(nul + 1));
  schoolbieb::fuzz::Check(
      schoolbieb::formats::ReadEdex2000(files, schoolbieb::fuzz::Options()));
  return 0;
}
