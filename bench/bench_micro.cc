// bench_micro: Google Benchmark micro-benchmarks of the hot paths of an
// import, each on synthetic input made here (bench/synthetic_students.h:
// fixed seed, invented people):
//   CSV       ReadCsv of 10,000 rows, UTF-8 and Windows-1252
//   XLSX      the worksheet part through WorksheetTokenizer and, for
//             comparison, expat (XmlStream); ReadXlsx of the whole package
//   names     MatchKey, SplitNamePrefix, DeriveInitials, CollapseSpaces,
//             ComposeLatin, DisplayName; BuildRoster of 10,000 rows
//   dates     NormaliseBirthDate in every accepted form, SerialToIso,
//             DetectDateOrder
//   matching  LoadState and PlanWithState for a school of 10,000 students
//             against the library after their first import (SQLite in a
//             temporary folder)
// Each reports bytes/s or items/s. Run by `make bench`;
// pass Google Benchmark's flags, e.g. --benchmark_filter=Csv.
#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bench_library.h"
#include "core/names.h"
#include "formats/reader.h"
#include "formats/spreadsheet_dates.h"
#include "formats/worksheet_tokenizer.h"
#include "formats/xml_stream.h"
#include "import/engine.h"
#include "import/library_state.h"
#include "roster/roster.h"
#include "roster/values.h"
#include "support/xlsx_builder.h"
#include "synthetic_students.h"

namespace {

using namespace schoolbieb;
using Rows = std::vector<std::vector<std::string>>;

constexpr size_t kRows = 10000;
constexpr std::string_view kToday = "2026-12-02";
// The chunk size in which ZipArchive hands an inflated part to its parser.
constexpr size_t kChunkBytes = 64 * 1024;

const Rows& Students() {
  static const Rows rows = bench::SyntheticStudents(kRows);
  return rows;
}

formats::ReadOptions BenchReadOptions() {
  formats::ReadOptions options;
  options.file_name = "leerlingen.csv";
  options.limits.max_millis = 0;
  return options;
}

void SetBytes(benchmark::State& state, size_t bytes) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
void SetItems(benchmark::State& state, size_t items) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * items));
}

// --- CSV ---------------------------------------------------------------------

// Reads `bytes` (a file of kRows students) with `reader` per iteration.
template <typename Reader>
void ReadWhole(benchmark::State& state, const std::string& bytes,
               std::string_view file_name, Reader reader) {
  formats::ReadOptions options = BenchReadOptions();
  options.file_name = std::string(file_name);
  for (auto _ : state) {
    auto table = reader(bytes, options);
    if (!table.ok()) state.SkipWithError("the reader refused the file");
    benchmark::DoNotOptimize(table);
  }
  SetBytes(state, bytes.size());
  SetItems(state, kRows);
}

void BM_CsvRead(benchmark::State& state) {
  ReadWhole(state, bench::StudentsCsv(Students(), state.range(0) != 0),
            "leerlingen.csv", formats::ReadCsv);
}
BENCHMARK(BM_CsvRead)
    ->ArgName("cp1252")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond);

// --- XLSX --------------------------------------------------------------------

std::string Worksheet() {
  std::string shared_strings;
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<worksheet xmlns=\"http://schemas.openxmlformats.org/"
         "spreadsheetml/2006/main\"><sheetData>" +
         bench::StudentsSheetData(Students(), &shared_strings) +
         "</sheetData></worksheet>";
}

// What the XLSX reader's cell builder needs of the tokens, without building
// the sheet: the cells' attributes and values.
class CountingHandler : public formats::WorksheetHandler {
 public:
  bool StartElement(
      std::string_view name,
      std::span<const formats::XmlAttribute> attributes) override {
    if (name == "c") {
      ++cells;
      for (const auto& attribute : attributes) {
        benchmark::DoNotOptimize(attribute.value.data());
      }
      value.clear();
    }
    return true;
  }
  bool EndElement(std::string_view) override { return true; }
  bool Characters(std::string_view text) override {
    value.append(text);
    return true;
  }
  size_t cells = 0;
  std::string value;
};

void BM_XlsxWorksheetTokenizer(benchmark::State& state) {
  const std::string xml = Worksheet();
  for (auto _ : state) {
    CountingHandler handler;
    formats::WorksheetTokenizer tokenizer(handler, 64);
    for (size_t at = 0; at < xml.size(); at += kChunkBytes) {
      tokenizer.Feed(std::string_view(xml).substr(at, kChunkBytes));
    }
    if (!tokenizer.Finish()) state.SkipWithError("tokenizer fell back");
    benchmark::DoNotOptimize(handler.cells);
  }
  SetBytes(state, xml.size());
  SetItems(state, kRows);
}
BENCHMARK(BM_XlsxWorksheetTokenizer)->Unit(benchmark::kMillisecond);

class CountingStream : public formats::XmlStream {
 public:
  CountingStream() : XmlStream("xl/worksheets/sheet1.xml", formats::Limits{}) {}
  size_t cells = 0;
  std::string value;

 protected:
  void StartElement(std::string_view name, const char** attrs) override {
    if (name == "c") {
      ++cells;
      benchmark::DoNotOptimize(Attr(attrs, "r"));
      value.clear();
    }
  }
  void EndElement(std::string_view) override {}
  void Characters(std::string_view text) override { value.append(text); }
};

// The same part through expat, the path the tokenizer replaced.
void BM_XlsxWorksheetExpat(benchmark::State& state) {
  const std::string xml = Worksheet();
  for (auto _ : state) {
    CountingStream stream;
    for (size_t at = 0; at < xml.size(); at += kChunkBytes) {
      (void)stream.Feed(std::string_view(xml).substr(at, kChunkBytes));
    }
    if (!stream.Finish().ok()) state.SkipWithError("expat refused the part");
    benchmark::DoNotOptimize(stream.cells);
  }
  SetBytes(state, xml.size());
  SetItems(state, kRows);
}
BENCHMARK(BM_XlsxWorksheetExpat)->Unit(benchmark::kMillisecond);

// The whole package: unzip, shared strings, styles, worksheet, cells.
void BM_XlsxRead(benchmark::State& state) {
  ReadWhole(state, bench::StudentsXlsx(Students()), "leerlingen.xlsx",
            formats::ReadXlsx);
}
BENCHMARK(BM_XlsxRead)->Unit(benchmark::kMillisecond);

// --- Names -------------------------------------------------------------------

struct Name {
  std::string call_name, initials, prefix, last_name;
};

const std::vector<Name>& Names() {
  static const std::vector<Name> names = [] {
    std::vector<Name> out;
    for (const auto& row : Students()) {
      out.push_back({row[1], row[2], row[3], row[4]});
    }
    return out;
  }();
  return names;
}

// Runs `fn` on every item per iteration; items/s counts them.
template <typename T, typename Fn>
void ForEach(benchmark::State& state, const std::vector<T>& items, Fn fn) {
  for (auto _ : state) {
    for (const T& item : items) benchmark::DoNotOptimize(fn(item));
  }
  SetItems(state, items.size());
}

template <typename Fn>
void ForEachName(benchmark::State& state, Fn fn) {
  ForEach(state, Names(), fn);
}

void BM_MatchKey(benchmark::State& state) {
  ForEachName(state, [](const Name& n) {
    return MatchKey(n.prefix) + MatchKey(n.last_name);
  });
}
BENCHMARK(BM_MatchKey);

void BM_SplitNamePrefix(benchmark::State& state) {
  std::vector<std::string> surnames;
  for (const Name& n : Names()) {
    surnames.push_back(n.prefix.empty() ? n.last_name
                                        : n.prefix + " " + n.last_name);
  }
  ForEach(state, surnames,
          [](const std::string& surname) { return SplitNamePrefix(surname); });
}
BENCHMARK(BM_SplitNamePrefix);

void BM_DeriveInitials(benchmark::State& state) {
  ForEachName(state, [](const Name& n) { return DeriveInitials(n.call_name); });
}
BENCHMARK(BM_DeriveInitials);

void BM_CollapseSpaces(benchmark::State& state) {
  ForEachName(state, [](const Name& n) { return CollapseSpaces(n.last_name); });
}
BENCHMARK(BM_CollapseSpaces);

// NFD text ("Zoe" + U+0308), as some Mac exports write it.
void BM_ComposeLatin(benchmark::State& state) {
  std::vector<std::string> decomposed;
  for (const Name& n : Names()) {
    std::string text;
    for (size_t i = 0; i < n.call_name.size(); ++i) {
      if (n.call_name.compare(i, 2, "ë") == 0) {
        text += "e\xCC\x88";
        ++i;
      } else if (n.call_name.compare(i, 2, "É") == 0) {
        text += "E\xCC\x81";
        ++i;
      } else {
        text += n.call_name[i];
      }
    }
    decomposed.push_back(text);
  }
  ForEach(state, decomposed,
          [](const std::string& text) { return ComposeLatin(text); });
}
BENCHMARK(BM_ComposeLatin);

void BM_DisplayName(benchmark::State& state) {
  ForEachName(state, [](const Name& n) {
    return DisplayName(n.call_name, n.initials, n.prefix, n.last_name);
  });
}
BENCHMARK(BM_DisplayName);

// Recognising and normalising a whole file: header, profile, every field of
// every row (roster::BuildRoster through import::Recognise).
void BM_BuildRoster(benchmark::State& state) {
  const std::string csv = bench::StudentsCsv(Students(), false);
  auto table = formats::ReadCsv(csv, BenchReadOptions());
  if (!table.ok()) {
    state.SkipWithError("ReadCsv refused the file");
    return;
  }
  roster::RosterOptions options;
  options.today = std::string(kToday);
  for (auto _ : state) {
    auto built = roster::BuildRoster(*table, options);
    if (!built.ok() || built->students.size() != kRows) {
      state.SkipWithError("BuildRoster did not read every student");
    }
    benchmark::DoNotOptimize(built);
  }
  SetItems(state, kRows);
}
BENCHMARK(BM_BuildRoster)->Unit(benchmark::kMillisecond);

// --- Dates -------------------------------------------------------------------

struct DateForm {
  const char* name;
  formats::CellType type;
  // Writes the date (year, month, day; Excel serial) in this form.
  std::string (*write)(int y, int m, int d, int serial);
};

std::string Two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

const DateForm kDateForms[] = {
    {"date-cell", formats::CellType::kDate,
     [](int y, int m, int d, int) {
       return std::to_string(y) + "-" + Two(m) + "-" + Two(d);
     }},
    {"serial-number-cell", formats::CellType::kNumber,
     [](int, int, int, int s) { return std::to_string(s); }},
    {"serial-text", formats::CellType::kText,
     [](int, int, int, int s) { return std::to_string(s); }},
    {"dd-mm-jjjj", formats::CellType::kText,
     [](int y, int m, int d, int) {
       return Two(d) + "-" + Two(m) + "-" + std::to_string(y);
     }},
    {"d-m-jjjj", formats::CellType::kText,
     [](int y, int m, int d, int) {
       return std::to_string(d) + "-" + std::to_string(m) + "-" +
              std::to_string(y);
     }},
    {"dd/mm/jjjj", formats::CellType::kText,
     [](int y, int m, int d, int) {
       return Two(d) + "/" + Two(m) + "/" + std::to_string(y);
     }},
    {"dd.mm.jjjj", formats::CellType::kText,
     [](int y, int m, int d, int) {
       return Two(d) + "." + Two(m) + "." + std::to_string(y);
     }},
    {"dd-mm-jj", formats::CellType::kText,
     [](int y, int m, int d, int) {
       return Two(d) + "-" + Two(m) + "-" + Two(y % 100);
     }},
    {"dd-mm-jjjj-time", formats::CellType::kText,
     [](int y, int m, int d, int) {
       return Two(d) + "-" + Two(m) + "-" + std::to_string(y) + " 00:00";
     }},
    {"jjjj-mm-dd", formats::CellType::kText,
     [](int y, int m, int d, int) {
       return std::to_string(y) + "-" + Two(m) + "-" + Two(d);
     }},
    {"jjjj/mm/dd", formats::CellType::kText,
     [](int y, int m, int d, int) {
       return std::to_string(y) + "/" + Two(m) + "/" + Two(d);
     }},
    {"jjjjmmdd", formats::CellType::kText,
     [](int y, int m, int d, int) {
       return std::to_string(y) + Two(m) + Two(d);
     }},
    {"ddmmjjjj", formats::CellType::kText,
     [](int y, int m, int d, int) {
       return Two(d) + Two(m) + std::to_string(y);
     }},
};

// The synthetic students' birth dates in form `form`.
std::vector<std::string> BirthDates(const DateForm& form) {
  std::vector<std::string> out;
  for (const auto& row : Students()) {
    const std::string& iso = row[bench::kBirthDateColumn];
    int y = std::stoi(iso.substr(0, 4));
    int m = std::stoi(iso.substr(5, 2));
    int d = std::stoi(iso.substr(8, 2));
    out.push_back(form.write(y, m, d, testing::ExcelSerial(iso)));
  }
  return out;
}

void BM_NormaliseBirthDate(benchmark::State& state, const DateForm& form) {
  const std::vector<std::string> dates = BirthDates(form);
  size_t failures = 0;
  for (auto _ : state) {
    for (const auto& date : dates) {
      auto iso = roster::NormaliseBirthDate(
          date, form.type, roster::DateOrder::kDayFirst, kToday);
      failures += !iso.ok();
      benchmark::DoNotOptimize(iso);
    }
  }
  // Some 8-digit dates read both ways and are refused, as they should be.
  state.counters["refused"] = benchmark::Counter(
      static_cast<double>(failures) / static_cast<double>(dates.size()),
      benchmark::Counter::kAvgIterations);
  SetItems(state, dates.size());
}

void BM_SerialToIso(benchmark::State& state) {
  std::vector<double> serials;
  for (const auto& row : Students()) {
    serials.push_back(testing::ExcelSerial(row[bench::kBirthDateColumn]));
  }
  ForEach(state, serials,
          [](double serial) { return formats::SerialToIso(serial, false); });
}
BENCHMARK(BM_SerialToIso);

void BM_DetectDateOrder(benchmark::State& state) {
  const std::vector<std::string> dates = BirthDates(kDateForms[3]);
  const std::vector<std::string_view> views(dates.begin(), dates.end());
  for (auto _ : state) {
    benchmark::DoNotOptimize(roster::DetectDateOrder(views));
  }
  SetItems(state, views.size());
}
BENCHMARK(BM_DetectDateOrder);

// --- Matching ----------------------------------------------------------------

// A library in a temporary SQLite file holding the synthetic school after
// its first import, and the same school's file again a year later (everyone
// one year up): every row is matched and compared.
class ImportedSchool {
 public:
  static ImportedSchool& Get() {
    static ImportedSchool school;
    return school;
  }
  ~ImportedSchool() {
    db_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  const std::string& error() const { return error_; }
  store::Database& db() { return *db_; }
  const import::SchoolSettings& settings() const { return settings_; }
  const import::ImportRequest& request() const { return request_; }
  // The next year's file, with the same numbers or (renumbered) with new
  // ones, so that every student is found by name and birth date instead.
  const roster::Roster& next_year(bool renumbered) const {
    return renumbered ? renumbered_ : next_year_;
  }

 private:
  ImportedSchool() {
    char pattern[] = "/tmp/schoolbieb-bench-micro-XXXXXX";
    if (!mkdtemp(pattern)) {
      error_ = "no temporary folder";
      return;
    }
    dir_ = pattern;
    error_ = Setup();
  }

  std::string Setup() {
    auto db = store::Database::Open("sqlite:" + (dir_ / "bench.db").string());
    if (!db.ok()) return db.status().ToString();
    db_ = std::move(*db);
    auto school = bench::AddBenchSchool(*db_);
    if (!school.ok()) return school.status().ToString();
    request_.library_id = school->library_id;
    request_.branch_id = school->branch_id;
    request_.actor = "bench";
    request_.today = std::string(kToday);
    auto settings = import::LoadSchoolSettings(*db_, school->branch_id, kToday);
    if (!settings.ok()) return settings.status().ToString();
    settings_ = std::move(*settings);

    Rows rows = Students();
    auto first = RosterOf(rows);
    if (!first.ok()) return first.status().ToString();
    auto applied = import::ApplyImport(*db_, request_, settings_, *first);
    if (!applied.ok()) return applied.status().ToString();
    for (auto& row : rows) {
      int year_group = std::stoi(row[9]);
      if (year_group < 8) row[9] = std::to_string(year_group + 1);
    }
    auto next = RosterOf(rows);
    if (!next.ok()) return next.status().ToString();
    next_year_ = std::move(*next);
    for (auto& row : rows) row[0] = "9" + row[0];
    auto renumbered = RosterOf(rows);
    if (!renumbered.ok()) return renumbered.status().ToString();
    renumbered_ = std::move(*renumbered);
    return "";
  }

  Result<roster::Roster> RosterOf(const Rows& rows) {
    auto table =
        formats::ReadCsv(bench::StudentsCsv(rows, false), BenchReadOptions());
    if (!table.ok()) return table.status();
    return import::Recognise(*table, settings_);
  }

  std::filesystem::path dir_;
  std::string error_;
  std::unique_ptr<store::Database> db_;
  import::SchoolSettings settings_;
  import::ImportRequest request_;
  roster::Roster next_year_;
  roster::Roster renumbered_;
};

// Reading the library's students and indexing them for matching.
void BM_LoadState(benchmark::State& state) {
  ImportedSchool& school = ImportedSchool::Get();
  if (!school.error().empty()) {
    state.SkipWithError(school.error().c_str());
    return;
  }
  for (auto _ : state) {
    auto loaded = import::LoadState(school.db(), school.request().library_id,
                                    school.settings(), school.next_year(false));
    if (!loaded.ok()) state.SkipWithError("LoadState failed");
    benchmark::DoNotOptimize(loaded);
  }
  SetItems(state, kRows);
}
BENCHMARK(BM_LoadState)->Unit(benchmark::kMillisecond);

// Matching every row of the file and working out its changes.
void BM_PlanWithState(benchmark::State& state) {
  ImportedSchool& school = ImportedSchool::Get();
  if (!school.error().empty()) {
    state.SkipWithError(school.error().c_str());
    return;
  }
  const roster::Roster& roster = school.next_year(state.range(0) != 0);
  auto loaded = import::LoadState(school.db(), school.request().library_id,
                                  school.settings(), roster);
  if (!loaded.ok()) {
    state.SkipWithError("LoadState failed");
    return;
  }
  for (auto _ : state) {
    auto plan = import::PlanWithState(school.db(), *loaded, school.request(),
                                      school.settings(), roster);
    if (!plan.ok()) state.SkipWithError("PlanWithState failed");
    benchmark::DoNotOptimize(plan);
  }
  SetItems(state, roster.students.size());
}
BENCHMARK(BM_PlanWithState)
    ->ArgName("renumbered")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  // The migrations of the matching benchmarks' database log each step.
  spdlog::set_level(spdlog::level::warn);
  for (const DateForm& form : kDateForms) {
    benchmark::RegisterBenchmark(
        (std::string("BM_NormaliseBirthDate/") + form.name).c_str(),
        BM_NormaliseBirthDate, form);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
