// The library the import tests start from: a migrated database with one
// library ("bieb", card numbers 2999…) and its schools.
#pragma once

#include <string>

#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::testing {

// Migrates `db` and adds the library (card numbers 1..card_range_end
// under prefix 2999); its id.
Result<long long> AddTestLibrary(store::Database& db,
                                 long long card_range_end = 999999);

// Adds a school to the library; its id.
Result<long long> AddTestSchool(store::Database& db, long long library_id,
                                const std::string& code,
                                const std::string& name,
                                const std::string& brin = "");

}  // namespace schoolbieb::testing
