#include "import/history.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace schoolbieb::import {
namespace {

const Message kRunWhat{"Deze import", "This import"};

template <typename... Keys>
std::vector<ImportRun> QueryRuns(store::Database& db, const std::string& where,
                                 Keys... keys) {
  std::vector<ImportRun> out;
  ImportRun r;
  soci::statement st(db.sql());
  st.alloc();
  st.prepare(
      "SELECT id, library_id, branch_id, COALESCE(upload_id, 0), "
      "COALESCE(account_id, 0), actor, file_sha256, profile, options_json, "
      "counts_json, report_json, status, created_at, COALESCE(applied_at, 0), "
      "COALESCE(undone_at, 0) FROM import_run WHERE " +
      where);
  st.exchange(soci::into(r.id));
  st.exchange(soci::into(r.library_id));
  st.exchange(soci::into(r.branch_id));
  st.exchange(soci::into(r.upload_id));
  st.exchange(soci::into(r.account_id));
  st.exchange(soci::into(r.actor));
  st.exchange(soci::into(r.file_sha256));
  st.exchange(soci::into(r.profile));
  st.exchange(soci::into(r.options_json));
  st.exchange(soci::into(r.counts_json));
  st.exchange(soci::into(r.report_json));
  st.exchange(soci::into(r.status));
  st.exchange(soci::into(r.created_at));
  st.exchange(soci::into(r.applied_at));
  st.exchange(soci::into(r.undone_at));
  (st.exchange(soci::use(keys)), ...);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) out.push_back(r);
  return out;
}

}  // namespace

Result<ImportRun> GetImportRun(store::Database& db, long long run_id) {
  try {
    std::vector<ImportRun> runs = QueryRuns(db, "id = :id", run_id);
    if (runs.empty()) {
      return Status::NotFound(fmt::format("Import {} bestaat niet.", run_id),
                              fmt::format("Import {} does not exist.", run_id));
    }
    return runs.front();
  } catch (const std::exception& error) {
    return store::FromDatabaseError(error, kRunWhat);
  }
}

Result<std::vector<ImportRun>> ListImportRuns(store::Database& db,
                                              long long library_id,
                                              long long branch_id,
                                              bool applied_only, int limit) {
  try {
    std::string where = "library_id = :lib";
    if (branch_id != 0) where += " AND branch_id = :branch";
    if (applied_only) where += " AND status IN ('applied', 'undone')";
    where += fmt::format(" ORDER BY id DESC LIMIT {}", limit);
    if (branch_id != 0) return QueryRuns(db, where, library_id, branch_id);
    return QueryRuns(db, where, library_id);
  } catch (const std::exception& error) {
    return store::FromDatabaseError(error, kRunWhat);
  }
}

Result<ImportRun> LatestRunOfUpload(store::Database& db, long long upload_id) {
  try {
    std::vector<ImportRun> runs =
        QueryRuns(db, "upload_id = :u ORDER BY id DESC LIMIT 1", upload_id);
    if (runs.empty()) {
      return Status::NotFound("Dit bestand is nog niet bekeken.",
                              "This file has not been previewed yet.");
    }
    return runs.front();
  } catch (const std::exception& error) {
    return store::FromDatabaseError(error, kRunWhat);
  }
}

Result<std::vector<SizePoint>> SchoolSizeHistory(store::Database& db,
                                                 long long branch_id) {
  try {
    std::vector<SizePoint> points;
    for (const ImportRun& run :
         QueryRuns(db, "branch_id = :b AND status = 'applied' ORDER BY id",
                   branch_id)) {
      auto report = nlohmann::json::parse(run.report_json, nullptr, false);
      if (!report.is_object()) continue;
      int students = 0;
      const nlohmann::json years =
          report.value("by_year_group", nlohmann::json::object());
      for (const auto& [year, counts] : years.items()) {
        students += counts.value("after", 0);
      }
      points.push_back({run.applied_at, students});
    }
    return points;
  } catch (const std::exception& error) {
    return store::FromDatabaseError(error, kRunWhat);
  }
}

}  // namespace schoolbieb::import
