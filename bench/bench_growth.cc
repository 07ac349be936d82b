// bench_growth DB_URL SIZE...: what one school's import costs as its library
// grows (issue 20). DB_URL must name an empty database. For each library
// size, in ascending order, the library is first filled up to SIZE students
// with filler schools of up to 10,000 (imported as staff would), then a
// new school of 300 is measured: the preview (read, recognise, plan) and
// the import (read, recognise, apply, commit) of its first file, then of
// its next school year (movers, leavers, new pupils); five such schools,
// the median of each step. Prints one JSON object per size: {"students":
// library size before the first of them,
// "preview_first_ms", "apply_first_ms", "preview_next_ms", "apply_next_ms",
// "customers_read" (customer rows the next year's preview read),
// "fill_seconds"}.
//
// The students are invented (a fixed pattern): unique names per school, so
// nothing is a proposal and every size does the same work.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
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
constexpr int kSamples = 5;

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

Result<double> Timed(Bench& bench, long long school, const std::string& csv,
                     bool dry_run, const std::string& today) {
  auto start = Clock::now();
  auto run = Run(bench, school, csv, dry_run, today);
  if (!run.ok()) return run.status();
  if (run->status != (dry_run ? "previewed" : "applied")) {
    return Status::Internal("niet geïmporteerd: " + run->status,
                            "not applied: " + run->status);
  }
  return MillisSince(start);
}

// One new school's two years, in milliseconds by step, and the customer
// rows its next year's preview read.
Result<std::map<std::string, double>> MeasureSchool(Bench& bench) {
  std::string tag = fmt::format("Meet{}", bench.schools);
  auto school = AddSchool(bench, tag);
  if (!school.ok()) return school.status();
  std::map<std::string, double> out;
  struct Step {
    const char* name;
    int year;
    bool dry_run;
  };
  for (Step step :
       {Step{"preview_first_ms", 0, true}, Step{"apply_first_ms", 0, false},
        Step{"preview_next_ms", 1, true}, Step{"apply_next_ms", 1, false}}) {
    long long read_before = store::CustomersRead();
    auto ms = Timed(bench, *school, SchoolFile(tag, kSchoolSize, step.year),
                    step.dry_run, step.year == 0 ? "2025-09-01" : "2026-09-01");
    if (!ms.ok()) return ms.status();
    out[step.name] = *ms;
    if (step.year == 1 && step.dry_run) {
      out["customers_read"] = store::CustomersRead() - read_before;
    }
  }
  bench.students += kSchoolSize + kSchoolSize / 10;
  return out;
}

// Fills the library up to `size`, then measures kSamples new schools: the
// median of each step.
Result<nlohmann::json> Measure(Bench& bench, long long size) {
  auto fill_start = Clock::now();
  SB_RETURN_IF_ERROR(Fill(bench, size));
  nlohmann::json row{{"students", bench.students},
                     {"fill_seconds", MillisSince(fill_start) / 1000}};
  std::map<std::string, std::vector<double>> samples;
  for (int sample = 0; sample < kSamples; ++sample) {
    auto school = MeasureSchool(bench);
    if (!school.ok()) return school.status();
    for (const auto& [name, value] : *school) samples[name].push_back(value);
  }
  for (auto& [name, values] : samples) {
    std::sort(values.begin(), values.end());
    row[name] = values[values.size() / 2];
  }
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
