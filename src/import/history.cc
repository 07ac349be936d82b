#include "import/history.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/csv_writer.h"

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

Result<std::string> ImportRunStudentsCsv(store::Database& db, long long run_id,
                                         Language language) {
  bool en = language == Language::kEnglish;
  struct Row {
    int rank = 0;  // 3 new, 2 left, 1 changed (or joined again)
    std::vector<std::string> cells;
  };
  std::vector<long long> order;
  std::map<long long, Row> rows;
  try {
    long long customer_id = 0;
    std::string kind;
    std::vector<std::string> cells(7);
    std::vector<soci::indicator> ind(7);
    soci::statement st =
        (db.sql().prepare
             << "SELECT ch.customer_id, ch.kind, cu.card_number, "
                "cu.external_number_2, cu.call_name, cu.name_prefix, "
                "cu.last_name, cu.group_name, cu.year_group FROM import_change "
                "ch JOIN customer cu ON cu.id = ch.customer_id WHERE "
                "ch.import_run_id = :run ORDER BY ch.id",
         soci::into(customer_id), soci::into(kind),
         soci::into(cells[0], ind[0]), soci::into(cells[1], ind[1]),
         soci::into(cells[2], ind[2]), soci::into(cells[3], ind[3]),
         soci::into(cells[4], ind[4]), soci::into(cells[5], ind[5]),
         soci::into(cells[6], ind[6]), soci::use(run_id));
    st.execute(false);
    while (st.fetch()) {
      int rank = kind == "customer_new" ? 3
                 : kind == "membership_end"
                     ? 2
                     : 1;  // customer_update, membership_new
      auto [it, added] = rows.try_emplace(customer_id);
      if (added) order.push_back(customer_id);
      Row& row = it->second;
      if (rank <= row.rank) continue;
      row.rank = rank;
      row.cells.clear();
      for (size_t i = 0; i < cells.size(); ++i) {
        row.cells.push_back(ind[i] == soci::i_ok ? cells[i] : std::string());
      }
    }
  } catch (const std::exception& error) {
    return store::FromDatabaseError(error, kRunWhat);
  }
  const char* kinds[] = {"", en ? "changed" : "gewijzigd",
                         en ? "left" : "vertrokken", en ? "new" : "nieuw"};
  std::string csv(kCsvBom);
  csv += CsvLine(
      en ? std::vector<std::string>{"What", "Card number", "Student number",
                                    "Call name", "Prefix", "Last name", "Group",
                                    "Year group"}
         : std::vector<std::string>{"Wat", "Pasnummer", "Leerlingnummer",
                                    "Roepnaam", "Tussenvoegsel", "Achternaam",
                                    "Groep", "Jaargroep"});
  for (long long id : order) {
    Row& row = rows[id];
    row.cells.insert(row.cells.begin(), kinds[row.rank]);
    csv += CsvLine(row.cells);
  }
  return csv;
}

}  // namespace schoolbieb::import
