// bench_import DB_URL WORK_DIR [STUDENTS] [--first-only]: times the whole
// import of one large school, end to end, as `schoolbieb import` does it —
// read the file, recognise, normalise, match, plan, apply, commit — twice:
// the first import into an empty library, then the next school year against
// that state (a tenth leave from the final year, a tenth new in year 1,
// everyone else one year up; skipped with --first-only). DB_URL must name an
// empty database. Files beyond the upload limits (200,000 rows, 50 MB) are
// read with those limits raised, so the scaling runs reach 1,000,000. Prints
// one JSON object per import: {"import": "first"|"next", "seconds",
// "read_seconds", "apply_seconds", "cpu_seconds" (this process only, not the
// database server), "peak_rss_mb", "counts"}.
//
// The students are invented and unique (a fixed pattern, no randomness), so
// no row is rejected as a duplicate and both runs always do the same work.
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string_view>

#include "bench_library.h"
#include "core/crypto.h"
#include "formats/reader.h"
#include "import/engine.h"
#include "import/report.h"

namespace {

using namespace schoolbieb;
using Clock = std::chrono::steady_clock;

const char* kFirst[] = {"Zoë",   "Timo",  "Noor", "Daan", "Émilie", "Sem",
                        "Lotte", "Çağla", "Finn", "Saar", "Mila",   "Luuk"};
const char* kPrefix[] = {"", "", "", "van", "de", "van der", "'t"};

// Student `index` in school year `year` (0 or 1): year groups 1..8.
std::string Row(long long index, int year_group) {
  return fmt::format(
      "{};{}A;Groep {}A;{};{};{};Leerling{};{:02d}-{:02d}-{};{};{} {}{};"
      "Schoolstraat;{}\n",
      100000 + index, year_group, year_group, year_group,
      kFirst[index % std::size(kFirst)], kPrefix[index % std::size(kPrefix)],
      index, index % 28 + 1, index % 12 + 1, 2022 - year_group,
      index % 2 ? "M" : "V", 1000 + index % 8999, "AB"[index % 2],
      "CD"[index % 2], index % 200 + 1);
}

constexpr const char* kHeader =
    "LEERLINGNUMMER;GROEP;GROEPSNAAM;JAARGROEP;ROEPNAAM;NAAMTUS;NAAM;"
    "GEBOORTEDATUM;GESLACHT;POSTCODE;ADRES;HUISNUMMER\n";

void WriteFiles(const std::filesystem::path& dir, long long students) {
  std::ofstream first(dir / "year-1.csv", std::ios::binary);
  std::ofstream next(dir / "year-2.csv", std::ios::binary);
  first << kHeader;
  next << kHeader;
  long long leavers = students / 10;
  long long left = 0;
  for (long long index = 0; index < students; ++index) {
    int year_group = static_cast<int>(index % 8) + 1;
    first << Row(index, year_group);
    if (year_group == 8 && left < leavers) {
      ++left;
      continue;
    }
    next << Row(index, std::min(8, year_group + 1));
  }
  for (long long index = students; index < students + leavers; ++index) {
    next << Row(index, 1);
  }
}

double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

// Processor seconds (user + system) this process has used: on the shared
// machine the wall time also counts waiting for a core.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int RunOne(store::Database& db, long long library_id, long long branch_id,
           const std::filesystem::path& file, const char* name,
           const std::string& today) {
  auto start = Clock::now();
  double cpu_start = CpuSeconds();
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  formats::ReadOptions read;
  read.file_name = file.filename().string();
  read.limits.max_rows = std::max<size_t>(read.limits.max_rows, 2000000);
  read.limits.max_file_bytes =
      std::max<size_t>(read.limits.max_file_bytes, 1ull << 30);
  read.limits.max_millis = 0;
  auto table = formats::ReadTable(bytes, read);
  if (!table.ok()) {
    std::cerr << table.status().ToString() << "\n";
    return 1;
  }
  auto settings = import::LoadSchoolSettings(db, branch_id, today);
  if (!settings.ok()) {
    std::cerr << settings.status().ToString() << "\n";
    return 1;
  }
  auto roster = import::Recognise(*table, *settings);
  if (!roster.ok()) {
    std::cerr << roster.status().ToString() << "\n";
    return 1;
  }
  double read_seconds = Since(start);
  import::ImportRequest request;
  request.library_id = library_id;
  request.branch_id = branch_id;
  request.file_name = read.file_name;
  request.file_sha256 = Sha256Hex(bytes);
  request.actor = "bench";
  request.today = today;
  auto apply_start = Clock::now();
  auto outcome = import::ApplyImport(db, request, *settings, *roster);
  if (!outcome.ok()) {
    std::cerr << outcome.status().ToString() << "\n";
    return 1;
  }
  if (outcome->status != "applied") {
    std::cerr << "not applied: " << outcome->status << "\n";
    return 1;
  }
  double seconds = Since(start);
  std::cout << nlohmann::json{{"import", name},
                              {"seconds", seconds},
                              {"read_seconds", read_seconds},
                              {"apply_seconds", Since(apply_start)},
                              {"cpu_seconds", CpuSeconds() - cpu_start},
                              {"peak_rss_mb", PeakRssMb()},
                              {"counts",
                               import::CountsJson(outcome->plan.counts)}}
                   .dump()
            << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr
        << "usage: bench_import DB_URL WORK_DIR [STUDENTS] [--first-only]\n";
    return 2;
  }
  bool first_only = argc > 4 && std::string_view(argv[4]) == "--first-only";
  std::string url = argv[1];
  std::filesystem::path dir = argv[2];
  long long students = argc > 3 ? std::stoll(argv[3]) : 100000;
  std::filesystem::create_directories(dir);
  if (!std::filesystem::exists(dir / "year-2.csv")) WriteFiles(dir, students);

  auto db = store::Database::Open(url);
  if (!db.ok()) {
    std::cerr << db.status().ToString() << "\n";
    return 1;
  }
  auto school = bench::AddBenchSchool(**db);
  if (!school.ok()) {
    std::cerr << school.status().ToString() << " (is the database empty?)\n";
    return 1;
  }
  if (RunOne(**db, school->library_id, school->branch_id, dir / "year-1.csv",
             "first", "2025-09-01") != 0) {
    return 1;
  }
  if (first_only) return 0;
  return RunOne(**db, school->library_id, school->branch_id, dir / "year-2.csv",
                "next", "2026-09-01");
}
