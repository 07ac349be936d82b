// Fuzz target: formats::ReadEdexXml on arbitrary bytes.
#include "fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  schoolbieb::fuzz::Check(
      schoolbieb::formats::ReadEdexXml(bytes, schoolbieb::fuzz::Options()));
  return 0;
}
