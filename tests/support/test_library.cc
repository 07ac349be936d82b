#include "support/test_library.h"

#include "store/library_store.h"
#include "store/migrations.h"

namespace schoolbieb::testing {

Result<long long> AddTestLibrary(store::Database& db,
                                 long long card_range_end) {
  if (auto migrated = store::Migrate(db); !migrated.ok()) {
    return migrated.status();
  }
  store::Library library;
  library.code = "bieb";
  library.name = "Bibliotheek";
  library.card_prefix = "2999";
  library.card_range_start = 1;
  library.card_range_end = card_range_end;
  SB_RETURN_IF_ERROR(store::AddLibrary(db, library));
  return library.id;
}

Result<long long> AddTestSchool(store::Database& db, long long library_id,
                                const std::string& code,
                                const std::string& name,
                                const std::string& brin) {
  store::Branch school;
  school.library_id = library_id;
  school.code = code;
  school.name = name;
  school.brin = brin;
  SB_RETURN_IF_ERROR(store::AddBranch(db, school));
  return school.id;
}

}  // namespace schoolbieb::testing
