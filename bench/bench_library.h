// The benchmarks' library: one library ("bench", card numbers 2999…) with
// one school, in a database set up by store::Migrate. Shared by bench_import
// and bench_micro so both import into the same kind of library.
#pragma once

#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::bench {

struct BenchSchool {
  long long library_id = 0;
  long long branch_id = 0;
};

// Migrates `db` and adds the library and its school. Fails (with the
// store's Status) when the database already holds them: it must be empty.
Result<BenchSchool> AddBenchSchool(store::Database& db);

}  // namespace schoolbieb::bench
