#include "bench_library.h"

#include "store/library_store.h"
#include "store/migrations.h"

namespace schoolbieb::bench {

Result<BenchSchool> AddBenchSchool(store::Database& db) {
  if (auto migrated = store::Migrate(db); !migrated.ok()) {
    return migrated.status();
  }
  store::Library library;
  library.code = "bench";
  library.name = "Bibliotheek Bench";
  library.card_prefix = "2999";
  library.card_range_end = 99999999;
  SB_RETURN_IF_ERROR(store::AddLibrary(db, library));
  store::Branch school;
  school.library_id = library.id;
  school.code = "groot";
  school.name = "Grote School";
  school.brin = "99GS";
  SB_RETURN_IF_ERROR(store::AddBranch(db, school));
  return BenchSchool{library.id, school.id};
}

}  // namespace schoolbieb::bench
