// The upload right: the customer field "Mag lenergegevens uploaden voor"
// (tab 7) names the branch a person may upload student files for. The
// library grants it to every teacher for their own school, again each time
// new teachers arrive (GrantUploadRights, idempotent and safe from cron), or
// switches on a standing rule ("every teacher may upload for their own
// school") so nothing needs repeating. MayUploadFor is the one check every
// upload path asks. Functions are as thread-safe as the Database.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/customer_store.h"
#include "store/database.h"

namespace schoolbieb::store {

struct UploadGrant {
  long long customer_id = 0;
  std::string name;  // "Juf Anna Proef", for the report to the library
  std::string card_number;
  long long branch_id = 0;
  std::string branch_code;
};

// Gives every teacher of the library who has a school but not the right for
// it the right for that school, and returns who got it (nothing changes
// with `dry_run`). One audit event names the count and customer ids.
Result<std::vector<UploadGrant>> GrantUploadRights(Database& db,
                                                   long long library_id,
                                                   bool dry_run,
                                                   std::string_view actor);

// Takes the right away from the customer with this card number.
Status RevokeUploadRight(Database& db, long long library_id,
                         std::string_view card_number, std::string_view actor);
// Takes the right away from customer `customer_id` (a teacher need not have
// a card). NotFound, changing nothing, when the library has no such
// customer. One audit event names the customer id and the branch it was
// for.
Status RevokeUploadRightOf(Database& db, long long library_id,
                           long long customer_id, std::string_view actor);

// Everyone of the library whose field names a branch, by branch name and
// then last name: the holders the back office shows.
Result<std::vector<UploadGrant>> ListUploadRights(Database& db,
                                                  long long library_id);

// The library's standing rule (settings_json "teacher_upload_rule").
Result<bool> TeacherUploadRule(Database& db, long long library_id);
Status SetTeacherUploadRule(Database& db, long long library_id, bool on,
                            std::string_view actor);

// True when `customer` may upload for `branch_id`: the field names it, or
// the standing rule is on and the customer is a teacher of that school.
Result<bool> MayUploadFor(Database& db, const Customer& customer,
                          long long branch_id);

// Every branch `customer` may upload for (at most two: the field's branch
// and, under the standing rule, a teacher's own school), in that order.
Result<std::vector<long long>> UploadBranches(Database& db,
                                              const Customer& customer);

}  // namespace schoolbieb::store
