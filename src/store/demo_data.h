// The demo library that `schoolbieb demo` and `make run` load: invented
// names only, so the portal can be tried without real data.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::store {

struct DemoLogin {
  std::string login;
  std::string password;
  std::string role;
  std::string what;  // Dutch: "docent van Basisschool De Kievit"
};

// The demo accounts and their passwords (fixed, so they can be printed).
const std::vector<DemoLogin>& DemoLogins();

enum class DemoOutcome { kLoaded, kAlreadyLoaded };

// Loads the demo library into an up-to-date database in one transaction.
// kAlreadyLoaded (and no change) when library "demo" exists; FailedPrecondition
// when the database holds other libraries (demo data never mixes with real).
Result<DemoOutcome> LoadDemoData(Database& db);

}  // namespace schoolbieb::store
