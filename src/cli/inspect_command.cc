// schoolbieb inspect FILE: what the readers find in a file — format,
// encoding, sheets, sizes, the first rows with their values masked, and every
// problem. Exit 0 when readable, 1 when refused.
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "core/clock.h"
#include "formats/reader.h"
#include "import/report.h"
#include "roster/roster.h"

namespace schoolbieb::cli {
namespace {

struct InspectOptions {
  std::string file;
  std::string password;
  int rows = 5;
};

// Keeps the shape of a value, never the value: letters become x/X, digits 9.
// Enough to see columns and formats without showing a child's data.
std::string Mask(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= '0' && c <= '9') {
      out.push_back('9');
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back('X');
    } else if (c >= 'a' && c <= 'z') {
      out.push_back('x');
    } else if (c >= 0x80) {
      // One x per UTF-8 code point.
      if ((c & 0xC0) != 0x80) out.push_back('x');
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// The header is the first row with at least two cells; it names columns,
// not people, so it is shown as it is.
size_t HeaderRow(const formats::Sheet& sheet) {
  for (size_t r = 0; r < sheet.row_count() && r < 30; ++r) {
    if (sheet.cell_count(r) >= 2) return r;
  }
  return sheet.row_count();
}

std::string DelimiterName(char d) {
  switch (d) {
    case ';':
      return ";";
    case ',':
      return ",";
    case '\t':
      return "tab";
    case '|':
      return "|";
    default:
      return "";
  }
}

int RunInspect(Context& ctx, const InspectOptions& opt) {
  formats::ReadOptions read;
  read.file_name = std::filesystem::path(opt.file).filename().string();
  read.password = opt.password;
  auto bytes = ReadInputFile(opt.file, read.limits.max_file_bytes);
  if (!bytes.ok()) return ctx.Fail(bytes.status());
  auto table = formats::ReadTable(*bytes, read);
  if (!table.ok()) {
    if (ctx.json) {
      ctx.io.out << nlohmann::json({{"file", read.file_name},
                                    {"error",
                                     {{"code", table.status().code_name()},
                                      {"message", table.status().message(
                                                      ctx.language())}}}})
                        .dump()
                 << "\n";
      return kExitRefused;
    }
    return ctx.Fail(table.status());
  }

  // How the columns would be read (without any school's saved mapping), so
  // that a wrong mapping is seen before an import.
  roster::RosterOptions recognise;
  recognise.today = FormatIsoDate(SystemClock::Get().Now());
  recognise.drop_forbidden_columns = true;
  auto recognised = roster::BuildRoster(*table, recognise);

  Language lang = ctx.language();
  if (ctx.json) {
    nlohmann::json out;
    if (recognised.ok()) {
      out["profile"] = recognised->profile;
      out["columns"] = import::ColumnsJson(recognised->column_uses, lang);
    }
    out["file"] = read.file_name;
    out["format"] = table->format;
    out["encoding"] = table->encoding;
    out["delimiter"] = DelimiterName(table->delimiter);
    out["sheets"] = nlohmann::json::array();
    for (const auto& sheet : table->sheets) {
      nlohmann::json rows = nlohmann::json::array();
      size_t header = HeaderRow(sheet);
      for (size_t r = 0;
           r < sheet.row_count() && r < static_cast<size_t>(opt.rows); ++r) {
        nlohmann::json cells = nlohmann::json::array();
        for (const auto& text : sheet.RowTexts(r)) {
          cells.push_back(r == header ? text : Mask(text));
        }
        rows.push_back({{"row", sheet.line(r)}, {"cells", cells}});
      }
      out["sheets"].push_back({{"name", sheet.name()},
                               {"rows", sheet.row_count()},
                               {"columns", sheet.column_count()},
                               {"hidden", sheet.hidden()},
                               {"first_rows", rows}});
    }
    for (const auto& [key, value] : table->properties)
      out["properties"][key] = value;
    out["problems"] = nlohmann::json::array();
    for (const auto& p : table->problems) {
      out["problems"].push_back({{"kind", ProblemKindName(p.kind)},
                                 {"sheet", p.sheet},
                                 {"row", p.row},
                                 {"column", p.column},
                                 {"message", p.message.In(lang)}});
    }
    ctx.io.out << out.dump() << "\n";
    return kExitOk;
  }

  bool en = lang == Language::kEnglish;
  std::ostream& out = ctx.io.out;
  out << fmt::format("{} {}\n", en ? "Format:" : "Soort:", table->format);
  if (!table->encoding.empty()) {
    out << fmt::format(
        "{} {}, {} {}\n", en ? "Encoding:" : "Tekenset:", table->encoding,
        en ? "delimiter" : "scheidingsteken", DelimiterName(table->delimiter));
  }
  for (const auto& [key, value] : table->properties)
    out << fmt::format("{}: {}\n", key, value);
  for (const auto& sheet : table->sheets) {
    out << fmt::format(
        "{} '{}': {} {}, {} {}{}\n", en ? "Sheet" : "Blad", sheet.name(),
        sheet.row_count(), en ? "rows" : "rijen", sheet.column_count(),
        en ? "columns" : "kolommen",
        sheet.hidden() ? (en ? " (hidden)" : " (verborgen)") : "");
    size_t header = HeaderRow(sheet);
    for (size_t r = 0;
         r < sheet.row_count() && r < static_cast<size_t>(opt.rows); ++r) {
      std::string line;
      for (const auto& text : sheet.RowTexts(r)) {
        line += (line.empty() ? "" : " | ") + (r == header ? text : Mask(text));
      }
      out << fmt::format("  {:>5}: {}\n", sheet.line(r), line);
    }
  }
  if (recognised.ok()) {
    out << fmt::format("{} {}\n", en ? "Recognised as" : "Herkend als",
                       recognised->profile_label.In(lang));
    out << (en ? "Columns (without a school's saved mapping):\n"
               : "Kolommen (zonder de opgeslagen indeling van een school):\n");
    for (const roster::ColumnUse& use : recognised->column_uses) {
      out << fmt::format("  {:>3} {} → {}\n", use.column, use.header,
                         import::ColumnUseNote(use).In(lang));
    }
  }
  if (table->problems.empty()) {
    out << (en ? "No problems found.\n" : "Geen problemen gevonden.\n");
  } else {
    out << fmt::format("{} ({}):\n", en ? "Problems" : "Problemen",
                       table->problems.size());
    for (const auto& p : table->problems) {
      std::string where;
      if (!p.sheet.empty())
        where += fmt::format("{} '{}' ", en ? "sheet" : "blad", p.sheet);
      if (p.row) where += fmt::format("{} {} ", en ? "row" : "rij", p.row);
      if (p.column)
        where += fmt::format("{} {} ", en ? "column" : "kolom", p.column);
      out << fmt::format(
          "  - {}{}\n",
          where.empty() ? "" : "[" + where.substr(0, where.size() - 1) + "] ",
          p.message.In(lang));
    }
  }
  return kExitOk;
}

}  // namespace

void SetUpInspect(CLI::App& command, Context& ctx) {
  auto opt = std::make_shared<InspectOptions>();
  command
      .add_option("FILE", opt->file,
                  "The student file (CSV, XLSX, ODS, XLS, ZIP, EDEX)")
      ->required();
  command.add_option("--password", opt->password,
                     "Password of an encrypted ZIP");
  command.add_option("--rows", opt->rows,
                     "How many first rows to show (masked)");
  command.callback([&ctx, opt] {
    ctx.action = [&ctx, opt] { return RunInspect(ctx, *opt); };
  });
}

}  // namespace schoolbieb::cli
