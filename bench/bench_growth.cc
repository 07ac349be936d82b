// bench_growth DB_URL SIZE...: what one school's import costs as its library
// grows (issue 20). DB_URL must name an empty database. For each library
// size, in ascending order, the library is first filled up to SIZE students
// with filler schools of up to 10,000 (imported as staff would), then a
// new school of 300 is measured: the preview (read, recognise, plan) and
// the import (read, recognise, apply, commit) of its first file, then of
// its next school year (movers, leavers, new pupils). Previews run three
// times (median); imports once, as they change the library. Prints one JSON
// object per size: {"students": library size before the school,
// "preview_first_ms", "apply_first_ms", "preview_next_ms", "apply_next_ms",
// "customers_read" (rows the next year's preview read), "fill_seconds"}.
//
// The students are invented (a fixed pattern): unique names per school, so
// nothing is a proposal and every size does the same work.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "formats/reader.h"
#include "import/engine.h"
#include "store/customer_store.h"
#include "store/library_store.h"
#include "store/migrations.h"

namespace {

using namespace schoolbieb;
using Clock = std::chrono::steady_clock;

constexpr int kFillerSize = 10000;
constexpr int kSchoolSize = 300;

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

// School `tag`'s file in school year `year` (0 first, 1 next): pupils
// 0..size-1, year groups 1..8; in the next year the eighth graders
// (a tenth) have left, the rest moved up, and as many new pupils joined.
std::string SchoolFile(std::string_view tag, int size, int year) {
  std::string csv =
      "LEERLINGNUMMER;GROEP;JAARGROEP;ROEPNAAM;NAAMTUS;NAAM;GEBOORTEDATUM;"
      "GESLACHT;POSTCODE;ADRES;HUISNUMMER\r\n";
  int leavers = year == 0 ? 0 : size / 10;
  int left = 0;
  for (int pupil = 0; pupil < size + leavers; ++pupil) {
    int grade = pupil < size ? pupil % 8 + 1 : 0;
    if (year == 1 && grade == 8 && left < leavers) {
      ++left;
      continue;
    }
    if (year == 0 && pupil >= size) break;
    grade = std::min(8, grade + year);
    csv += fmt::format(
        "{};{}{};{};Kind{};{};{}Leerling{};{:02}-{:02}-{};{};{} AB;"
        "Schoolstraat;{}\r\n",
        1000 + pupil, grade, "ABC"[pupil % 3], grade, pupil,
        pupil % 5 == 0 ? "van der" : "", tag, pupil, pupil % 28 + 1,
        pupil % 12 + 1, 2014 + pupil % 8, pupil % 2 ? "M" : "V",
        1000 + pupil % 8999, pupil % 200 + 1);
  }
  return csv;
}

struct Bench {
  store::Database& db;
  long long library_id = 0;
  long long students = 0;
  int schools = 0;
};

Result<long long> AddSchool(Bench& bench, std::string_view code) {
  store::Branch school;
  school.library_id = bench.library_id;
  school.code = fmt::format("school-{}", bench.schools);
  school.name = fmt::format("School {}", code);
  SB_RETURN_IF_ERROR(store::AddBranch(bench.db, school));
  ++bench.schools;
  return school.id;
}

// Reads `csv` as the school's upload and previews (dry_run) or imports it.
Result<import::ImportOutcome> Run(Bench& bench, long long branch_id,
                                  const std::string& csv, bool dry_run,
                                  const std::string& today) {
  formats::ReadOptions read;
  read.file_name = "leerlingen.csv";
  auto table = formats::ReadTable(csv, read);
  if (!table.ok()) return table.status();
  auto settings = import::LoadSchoolSettings(bench.db, branch_id, today);
  if (!settings.ok()) return settings.status();
  auto roster = import::Recognise(*table, *settings);
  if (!roster.ok()) return roster.status();
  import::ImportRequest request;
  request.library_id = bench.library_id;
  request.branch_id = branch_id;
  request.file_name = read.file_name;
  request.file_sha256 = Sha256Hex(csv);
  request.actor = "bench";
  request.today = today;
  if (!dry_run)
    return import::ApplyImport(bench.db, request, *settings, *roster);
  auto plan = import::PlanImport(bench.db, request, *settings, *roster);
  if (!plan.ok()) return plan.status();
  import::ImportOutcome outcome;
  outcome.plan = std::move(*plan);
  outcome.status = "previewed";
  return outcome;
}

Status Fill(Bench& bench, long long size) {
  while (bench.students < size) {
    int filler = static_cast<int>(
        std::min<long long>(kFillerSize, size - bench.students));
    std::string tag = fmt::format("Vul{}", bench.schools);
    auto school = AddSchool(bench, tag);
    if (!school.ok()) return school.status();
    auto done =
        Run(bench, *school, SchoolFile(tag, filler, 0), false, "2025-09-01");
    if (!done.ok()) return done.status();
    if (done->status != "applied") {
      return Status::Internal("vulschool niet geïmporteerd: " + done->status,
                              "filler not applied: " + done->status);
    }
    bench.students += filler;
  }
  return Status::Ok();
}

// The median time of three previews, in milliseconds.
Result<double> Preview(Bench& bench, long long school, const std::string& csv,
                       const std::string& today) {
  std::vector<double> times;
  for (int i = 0; i < 3; ++i) {
    auto start = Clock::now();
    auto preview = Run(bench, school, csv, true, today);
    if (!preview.ok()) return preview.status();
    times.push_back(MillisSince(start));
  }
  std::sort(times.begin(), times.end());
  return times[1];
}

Result<double> Apply(Bench& bench, long long school, const std::string& csv,
                     const std::string& today) {
  auto start = Clock::now();
  auto applied = Run(bench, school, csv, false, today);
  if (!applied.ok()) return applied.status();
  if (applied->status != "applied") {
    return Status::Internal("niet geïmporteerd: " + applied->status,
                            "not applied: " + applied->status);
  }
  return MillisSince(start);
}

Result<nlohmann::json> Measure(Bench& bench, long long size) {
  auto fill_start = Clock::now();
  SB_RETURN_IF_ERROR(Fill(bench, size));
  double fill_seconds = MillisSince(fill_start) / 1000;
  std::string tag = fmt::format("Meet{}", bench.schools);
  auto school = AddSchool(bench, tag);
  if (!school.ok()) return school.status();
  std::string first = SchoolFile(tag, kSchoolSize, 0);
  std::string next = SchoolFile(tag, kSchoolSize, 1);
  nlohmann::json row{{"students", bench.students},
                     {"fill_seconds", fill_seconds}};
  auto ms = Preview(bench, *school, first, "2025-09-01");
  if (!ms.ok()) return ms.status();
  row["preview_first_ms"] = *ms;
  ms = Apply(bench, *school, first, "2025-09-01");
  if (!ms.ok()) return ms.status();
  row["apply_first_ms"] = *ms;
  long long read_before = store::CustomersRead();
  ms = Preview(bench, *school, next, "2026-09-01");
  if (!ms.ok()) return ms.status();
  row["preview_next_ms"] = *ms;
  row["customers_read"] = (store::CustomersRead() - read_before) / 3;
  ms = Apply(bench, *school, next, "2026-09-01");
  if (!ms.ok()) return ms.status();
  row["apply_next_ms"] = *ms;
  bench.students += kSchoolSize;
  return row;
}

Result<long long> AddLibrary(store::Database& db) {
  if (auto migrated = store::Migrate(db); !migrated.ok()) {
    return migrated.status();
  }
  store::Library library;
  library.code = "groei";
  library.name = "Bibliotheekdienst Groei";
  library.card_prefix = "2999";
  library.card_range_start = 1;
  library.card_range_end = 99999999;
  SB_RETURN_IF_ERROR(store::AddLibrary(db, library));
  return library.id;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: bench_growth DB_URL SIZE...\n";
    return 2;
  }
  auto db = store::Database::Open(argv[1]);
  if (!db.ok()) {
    std::cerr << db.status().ToString() << "\n";
    return 1;
  }
  auto library = AddLibrary(**db);
  if (!library.ok()) {
    std::cerr << library.status().ToString() << " (is the database empty?)\n";
    return 1;
  }
  Bench bench{**db, *library};
  for (int arg = 2; arg < argc; ++arg) {
    auto row = Measure(bench, std::stoll(argv[arg]));
    if (!row.ok()) {
      std::cerr << row.status().ToString() << "\n";
      return 1;
    }
    std::cout << row->dump() << std::endl;
  }
  return 0;
}
