// The import history: every run of a school's file (previewed, held,
// applied, undone) with its counts and report, for the back office's
// "Imports" pages and the staff API. Reads only; as thread-safe as the
// Database it is given.
#pragma once

#include <string>
#include <vector>

#include "core/message.h"
#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::import {

struct ImportRun {
  long long id = 0;
  long long library_id = 0;
  long long branch_id = 0;
  long long upload_id = 0;   // 0: not from an upload (the command line)
  long long account_id = 0;  // 0: the command line
  std::string actor;
  std::string file_sha256;
  std::string profile;
  std::string options_json = "{}";
  std::string counts_json = "{}";
  std::string report_json = "{}";  // ReportJson without students
  std::string status;  // previewed | held | applied | undone | rejected
  long long created_at = 0;
  long long applied_at = 0;
  long long undone_at = 0;
};

// NotFound when there is no such run.
Result<ImportRun> GetImportRun(store::Database& db, long long run_id);

// The runs of a library (branch_id 0: every school), newest first; with
// `applied_only` only the ones applied or undone (the imports that really
// happened), else every run including previews.
Result<std::vector<ImportRun>> ListImportRuns(store::Database& db,
                                              long long library_id,
                                              long long branch_id = 0,
                                              bool applied_only = false,
                                              int limit = 200);

// The newest run of an upload (any status); NotFound when none.
Result<ImportRun> LatestRunOfUpload(store::Database& db, long long upload_id);

// The school's size after each applied import, oldest first: the students
// counted in the run's report (the year groups after the import), for the
// chart of a school over the years.
struct SizePoint {
  long long at = 0;  // applied_at
  int students = 0;
};
Result<std::vector<SizePoint>> SchoolSizeHistory(store::Database& db,
                                                 long long branch_id);

// The students run `run_id` wrote to, as CSV for a spreadsheet (see
// core/csv_writer.h: ';', BOM, formula-like text neutralised): what
// happened to each (new, changed, left), card number, student number,
// names, group and year group as they are now — the list the library
// prints cards from and sends the school. A student of an undone run who
// no longer exists is left out; an anonymised one has empty fields.
Result<std::string> ImportRunStudentsCsv(store::Database& db, long long run_id,
                                         Language language);

}  // namespace schoolbieb::import
