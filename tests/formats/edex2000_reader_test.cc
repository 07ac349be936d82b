#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "formats/edex_common.h"
#include "formats/reader.h"

namespace schoolbieb::formats {
namespace {

using edex::StudentColumn;
using edex::TeacherColumn;

int Col(StudentColumn column) { return static_cast<int>(column); }
int Col(TeacherColumn column) { return static_cast<int>(column); }

// UTF-8 to Windows-1252 for the few letters these tests use.
std::string ToCp1252(std::string_view utf8) {
  std::string out;
  for (size_t pos = 0; pos < utf8.size();) {
    auto byte = static_cast<unsigned char>(utf8[pos]);
    char32_t code_point = byte;
    size_t length = 1;
    if (byte >= 0xE0) {
      code_point = ((byte & 0x0F) << 12) | ((utf8[pos + 1] & 0x3F) << 6) |
                   (utf8[pos + 2] & 0x3F);
      length = 3;
    } else if (byte >= 0xC0) {
      code_point = ((byte & 0x1F) << 6) | (utf8[pos + 1] & 0x3F);
      length = 2;
    }
    pos += length;
    switch (code_point) {
      case 0x0160:
        out += '\x8A';
        break;  // Š
      case 0x0161:
        out += '\x9A';
        break;  // š
      case 0x20AC:
        out += '\x80';
        break;  // €
      default:
        EXPECT_LT(code_point, 0x100u);
        out += static_cast<char>(code_point);
    }
  }
  return out;
}

std::string Pad(std::string_view text, size_t width) {
  std::string field(text.substr(0, width));
  field.resize(width, ' ');
  return field;
}

// "2018-08-07" -> "07082018"; "" -> 8 spaces.
std::string Ddmmjjjj(std::string_view iso) {
  if (iso.empty()) return std::string(8, ' ');
  return std::string(iso.substr(8, 2)) + std::string(iso.substr(5, 2)) +
         std::string(iso.substr(0, 4));
}

struct TestStudent {
  std::string achternaam, voorvoegsel, roepnaam, geboortedatum, geslacht;
  std::string key, groep, postcode, instroom, uitstroom;
};

struct TestGroup {
  std::string key, naam, jaargroep;
};

// Private values that must never come out of a reader.
constexpr std::string_view kEtniciteit = "#";
constexpr std::string_view kSofinummer = "SOFI98765";
constexpr std::string_view kGewicht = "GW12";
constexpr std::string_view kLand = "ZZ";

std::string StudentLine(const TestStudent& s) {
  return Pad(ToCp1252(s.achternaam), 40) + Pad(ToCp1252(s.voorvoegsel), 10) +
         Pad(ToCp1252(s.roepnaam), 20) + Ddmmjjjj(s.geboortedatum) +
         Pad(s.geslacht, 1) + Pad(kEtniciteit, 1) + Pad(s.key, 5) +
         Pad(s.groep, 5) + Pad("2026-2027", 9) + Pad(kSofinummer, 9) +
         Pad(kGewicht, 4) + Pad(s.postcode, 6) + Ddmmjjjj(s.instroom) +
         Ddmmjjjj(s.uitstroom) + Pad(kLand, 2) + Pad("99XX", 4) + Pad("00", 5);
}

std::string GroupLine(const TestGroup& g) {
  return Pad(ToCp1252(g.naam), 30) + Pad(g.jaargroep, 1) + Pad(g.key, 5) +
         Pad("2026-2027", 9) + Pad("99XX", 4) + Pad("00", 5);
}

std::string Lines(const std::vector<std::string>& lines,
                  std::string_view end = "\r\n") {
  std::string text;
  for (const std::string& line : lines) text += line + std::string(end);
  return text;
}

// The same content as the EDEX XML a newer school system would write.
std::string ToEdexXml(const std::vector<TestStudent>& students,
                      const std::vector<TestGroup>& groups) {
  std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<EDEX>
  <school><schooljaar>2026-2027</schooljaar><brincode>99XX</brincode><dependancecode>00</dependancecode></school>
  <groepen>
)";
  for (const TestGroup& g : groups) {
    xml += "    <groep key=\"" + g.key + "\"><naam>" + g.naam +
           "</naam><jaargroep>" + g.jaargroep + "</jaargroep></groep>\n";
  }
  xml += "  </groepen>\n  <leerlingen>\n";
  auto element = [](std::string_view name, std::string_view value) {
    if (value.empty()) return std::string();
    return "<" + std::string(name) + ">" + std::string(value) + "</" +
           std::string(name) + ">";
  };
  for (const TestStudent& s : students) {
    xml += "    <leerling key=\"" + s.key + "\">" +
           element("achternaam", s.achternaam) +
           element("voorvoegsel", s.voorvoegsel) +
           element("roepnaam", s.roepnaam) +
           element("geboortedatum", s.geboortedatum) +
           element("geslacht", s.geslacht) +
           element("etniciteit", kEtniciteit) + "<groep key=\"" + s.groep +
           "\"/>" + element("sofinummer", kSofinummer) +
           element("gewicht", kGewicht) + element("postcodenl", s.postcode) +
           element("instroomdatum", s.instroom) +
           element("uitstroomdatum", s.uitstroom) + element("land", kLand) +
           "</leerling>\n";
  }
  xml += "  </leerlingen>\n</EDEX>\n";
  return xml;
}

const std::vector<TestStudent> kStudents = {
    {"Voorbeeld", "v. d.", "Saar", "2018-08-07", "2", "03580", "00049",
     "1234AB", "2022-08-29", ""},
    {"Škoda", "", "Zoë", "2015-02-14", "1", "03581", "00050", "2345BC", "", ""},
    {"Steekproef", "de", "Noor", "2014-11-30", "2", "03582", "00050", "", "",
     "2027-07-31"},
};
const std::vector<TestGroup> kGroups = {
    {"00049", "Groep 4a", "4"},
    {"00050", "Groep 7/8", "C"},
};

std::map<std::string, std::string> DefaultFiles() {
  std::vector<std::string> students, groups;
  for (const TestStudent& s : kStudents) students.push_back(StudentLine(s));
  for (const TestGroup& g : kGroups) groups.push_back(GroupLine(g));
  return {{"EDEXLL.TXT", Lines(students)}, {"EDEXGR.TXT", Lines(groups)}};
}

Result<Table> Read(const std::map<std::string, std::string>& files,
                   ReadOptions options = {}) {
  return ReadEdex2000(files, options);
}

std::vector<const Problem*> ProblemsOf(const Table& table, ProblemKind kind) {
  std::vector<const Problem*> found;
  for (const Problem& problem : table.problems) {
    if (problem.kind == kind) found.push_back(&problem);
  }
  return found;
}

bool AnyTextContains(const Table& table, std::string_view needle) {
  for (const Sheet& sheet : table.sheets) {
    for (size_t row = 0; row < sheet.row_count(); ++row) {
      for (size_t cell_idx = 0; cell_idx < sheet.cell_count(row); ++cell_idx) {
        if (sheet.text(sheet.cell_at(row, cell_idx)).find(needle) !=
            std::string_view::npos) {
          return true;
        }
      }
    }
  }
  for (const Problem& problem : table.problems) {
    for (const std::string* text :
         {&problem.value, &problem.message.nl, &problem.message.en}) {
      if (text->find(needle) != std::string::npos) return true;
    }
  }
  for (const auto& [key, value] : table.properties) {
    if (value.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(Edex2000ReaderTest, YieldsTheSameStudentsAsEdexXml) {
  Result<Table> fixed = Read(DefaultFiles());
  Result<Table> xml = ReadEdexXml(ToEdexXml(kStudents, kGroups), {});
  ASSERT_TRUE(fixed.ok()) << fixed.status().ToString();
  ASSERT_TRUE(xml.ok()) << xml.status().ToString();
  EXPECT_EQ(fixed->format, "edex2000");

  for (std::string_view property : {"brin", "dependance", "schooljaar"}) {
    EXPECT_EQ(fixed->property(property), xml->property(property)) << property;
  }
  EXPECT_EQ(fixed->property("brin"), "99XX");
  EXPECT_EQ(fixed->property("schooljaar"), "2026-2027");

  ASSERT_EQ(fixed->sheets.size(), 2u);
  const Sheet& got = fixed->sheets[0];
  const Sheet& want = xml->sheets[0];
  EXPECT_EQ(got.name(), "leerlingen");
  ASSERT_EQ(got.row_count(), 4u);
  ASSERT_EQ(want.row_count(), 4u);
  for (size_t row = 0; row < got.row_count(); ++row) {
    EXPECT_EQ(got.RowTexts(row), want.RowTexts(row)) << "row " << row;
    for (int column = 1; column <= want.column_count(); ++column) {
      EXPECT_EQ(got.Type(row, column), want.Type(row, column))
          << "row " << row << " column " << column;
    }
  }
  // Spot checks of what the comparison above relies on.
  EXPECT_EQ(got.Text(1, Col(StudentColumn::kLeerlingnummer)), "03580");
  EXPECT_EQ(got.Text(1, Col(StudentColumn::kVoorvoegsel)), "v. d.");
  EXPECT_EQ(got.Text(1, Col(StudentColumn::kGeboortedatum)), "2018-08-07");
  EXPECT_EQ(got.Type(1, Col(StudentColumn::kGeboortedatum)), CellType::kDate);
  EXPECT_EQ(got.Text(1, Col(StudentColumn::kGroepsnaam)), "Groep 4a");
  EXPECT_EQ(got.Text(1, Col(StudentColumn::kJaargroep)), "4");
  EXPECT_EQ(got.Text(2, Col(StudentColumn::kAchternaam)), "Škoda");
  EXPECT_EQ(got.Text(2, Col(StudentColumn::kRoepnaam)), "Zoë");
  EXPECT_EQ(got.Text(2, Col(StudentColumn::kGroepJaargroep)), "C");
  EXPECT_EQ(got.Text(3, Col(StudentColumn::kUitstroomdatum)), "2027-07-31");
  for (int row = 1; row <= 3; ++row) EXPECT_EQ(got.line(row), row);

  // Both skip the same private fields and never show their values.
  auto fixed_dropped = ProblemsOf(*fixed, ProblemKind::kDroppedField);
  auto xml_dropped = ProblemsOf(*xml, ProblemKind::kDroppedField);
  ASSERT_EQ(fixed_dropped.size(), 1u);
  ASSERT_EQ(xml_dropped.size(), 1u);
  EXPECT_EQ(fixed_dropped[0]->value, "etniciteit, sofinummer, gewicht, land");
  EXPECT_EQ(fixed_dropped[0]->value, xml_dropped[0]->value);
  for (std::string_view secret : {kEtniciteit, kSofinummer, kGewicht, kLand}) {
    EXPECT_FALSE(AnyTextContains(*fixed, secret)) << secret;
    EXPECT_FALSE(AnyTextContains(*xml, secret)) << secret;
  }
  EXPECT_EQ(fixed->problems.size(), 1u);
}

TEST(Edex2000ReaderTest, RefusesASetWithoutStudents) {
  Result<Table> result = Read({{"EDEXGR.TXT", GroupLine(kGroups[0]) + "\r\n"}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(result.status().message().nl.find("De ZIP bevat geen EDEXLL.TXT"),
            std::string::npos);
  EXPECT_FALSE(Read({}).ok());
}

TEST(Edex2000ReaderTest, FindsFilesInAFolderAndInAnyCase) {
  auto files = DefaultFiles();
  std::map<std::string, std::string> renamed = {
      {"export/edexll.txt", files["EDEXLL.TXT"]},
      {"export/EdexGr.Txt", files["EDEXGR.TXT"]}};
  Result<Table> result = Read(renamed);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kGroepsnaam)),
            "Groep 4a");
}

TEST(Edex2000ReaderTest, ShortLinesKeepWhatIsThere) {
  std::string full = StudentLine(kStudents[0]);
  // Line 2 ends after the first name; line 3 is blank and is no row.
  std::string text = full + "\n" + StudentLine(kStudents[1]).substr(0, 70) +
                     "\n   \n" + StudentLine(kStudents[2]) + "\n";
  auto files = DefaultFiles();
  files["EDEXLL.TXT"] = text;
  Result<Table> result = Read(files);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const Sheet& students = result->sheets[0];
  ASSERT_EQ(students.row_count(), 4u);
  EXPECT_EQ(students.line(2), 2);
  EXPECT_EQ(students.Text(2, Col(StudentColumn::kAchternaam)), "Škoda");
  EXPECT_EQ(students.Text(2, Col(StudentColumn::kRoepnaam)), "Zoë");
  EXPECT_EQ(students.Text(2, Col(StudentColumn::kLeerlingnummer)), "");
  EXPECT_EQ(students.line(3), 4);
  EXPECT_EQ(students.Text(3, Col(StudentColumn::kLeerlingnummer)), "03582");

  auto broken = ProblemsOf(*result, ProblemKind::kBrokenStructure);
  ASSERT_EQ(broken.size(), 1u);
  EXPECT_EQ(broken[0]->sheet, "leerlingen");
  EXPECT_EQ(broken[0]->row, 2);
  EXPECT_NE(broken[0]->message.nl.find("Regel 2 van EDEXLL.TXT"),
            std::string::npos)
      << broken[0]->message.nl;
}

TEST(Edex2000ReaderTest, TrimmedTrailingSpacesAreNotAProblem) {
  std::string text;
  for (const auto& student : kStudents) {
    std::string line = StudentLine(student);
    line.erase(line.find_last_not_of(' ') + 1);
    text += line + "\r\n";
  }
  auto files = DefaultFiles();
  files["EDEXLL.TXT"] = text;
  Result<Table> result = Read(files);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(ProblemsOf(*result, ProblemKind::kBrokenStructure).empty());
  EXPECT_EQ(result->sheets[0].Text(3, Col(StudentColumn::kLeerlingnummer)),
            "03582");
}

TEST(Edex2000ReaderTest, ReadsDatesInBothOrders) {
  auto line_with_birth = [](std::string_view raw) {
    std::string line = StudentLine(kStudents[0]);
    return line.replace(70, 8, Pad(raw, 8));
  };
  struct Case {
    std::string_view raw, text;
    CellType type;
  };
  for (const Case& c : {
           Case{"07082018", "2018-08-07", CellType::kDate},
           Case{"20180807", "2018-08-07", CellType::kDate},
           Case{"00002015", "00002015", CellType::kText},  // unknown day/month
           Case{"00082015", "00082015", CellType::kText},  // unknown day
           Case{"31022015", "31022015", CellType::kText},  // no such day
           Case{"18/11/14", "18/11/14", CellType::kText},  // not guessed
           Case{"00000000", "", CellType::kEmpty},         // no date
       }) {
    auto files = DefaultFiles();
    files["EDEXLL.TXT"] = line_with_birth(c.raw) + "\r\n";
    Result<Table> result = Read(files);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kGeboortedatum)),
              c.text)
        << c.raw;
    EXPECT_EQ(result->sheets[0].Type(1, Col(StudentColumn::kGeboortedatum)),
              c.type)
        << c.raw;
  }
}

TEST(Edex2000ReaderTest, KeepsLeadingZerosAndTrimsPadding) {
  TestStudent student = kStudents[0];
  student.key = "  007";  // right-aligned number with spaces
  auto files = DefaultFiles();
  files["EDEXLL.TXT"] = StudentLine(student) + "\n";
  Result<Table> result = Read(files);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kLeerlingnummer)),
            "007");
  EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kGroepKey)), "00049");
  EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kAchternaam)),
            "Voorbeeld");
}

TEST(Edex2000ReaderTest, UnknownAndMissingGroups) {
  TestStudent student = kStudents[0];
  student.groep = "00099";
  auto files = DefaultFiles();
  files["EDEXLL.TXT"] = StudentLine(student) + "\n";
  Result<Table> result = Read(files);
  ASSERT_TRUE(result.ok());
  auto broken = ProblemsOf(*result, ProblemKind::kBrokenStructure);
  ASSERT_EQ(broken.size(), 1u);
  EXPECT_EQ(broken[0]->row, 1);
  EXPECT_EQ(broken[0]->column, Col(StudentColumn::kGroepKey));
  EXPECT_EQ(broken[0]->value, "00099");
  EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kGroepsnaam)), "");

  // Without EDEXGR.TXT: one note for the file, not one per student.
  files = DefaultFiles();
  files.erase("EDEXGR.TXT");
  Result<Table> no_groups = Read(files);
  ASSERT_TRUE(no_groups.ok());
  broken = ProblemsOf(*no_groups, ProblemKind::kBrokenStructure);
  ASSERT_EQ(broken.size(), 1u);
  EXPECT_EQ(broken[0]->row, 0);
  EXPECT_NE(broken[0]->message.nl.find("EDEXGR.TXT"), std::string::npos);
  EXPECT_EQ(no_groups->sheets[0].Text(1, Col(StudentColumn::kGroepKey)),
            "00049");
}

TEST(Edex2000ReaderTest, ReadsTeachersAndTheirGroups) {
  auto files = DefaultFiles();
  files["EDEXLK.TXT"] =
      Lines({Pad("Meester", 40) + Pad("", 10) + Pad("Karel", 20) + "00075" +
                 "99XX00   ",
             Pad("Juf", 40) + Pad("de", 10) + Pad("Anna", 20) + "00076"});
  files["EDEXLG.TXT"] =
      Lines({"0007500049", "0007500050", "00076000502026-2027"});
  files["EDEXLA.TXT"] = "absences\r\n";
  Result<Table> result = Read(files);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const Sheet& teachers = result->sheets[1];
  EXPECT_EQ(teachers.name(), "leerkrachten");
  ASSERT_EQ(teachers.row_count(), 3u);
  EXPECT_EQ(teachers.RowTexts(1),
            (std::vector<std::string>{"00075", "Meester", "", "", "Karel", "",
                                      "00049,00050"}));
  EXPECT_EQ(teachers.Text(2, Col(TeacherColumn::kVoorvoegsel)), "de");
  EXPECT_EQ(teachers.Text(2, Col(TeacherColumn::kGroepen)), "00050");
  EXPECT_EQ(teachers.line(2), 2);

  auto skipped = ProblemsOf(*result, ProblemKind::kSkippedEntry);
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0]->value, "EDEXLA.TXT");
}

TEST(Edex2000ReaderTest, RefusesMoreRowsThanTheLimit) {
  ReadOptions options;
  options.limits.max_rows = 2;
  Result<Table> result = Read(DefaultFiles(), options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Status::Code::kResourceExhausted);
  EXPECT_NE(result.status().message().nl.find("2 rijen"), std::string::npos);
  options.limits.max_rows = 3;
  EXPECT_TRUE(Read(DefaultFiles(), options).ok());
}

}  // namespace
}  // namespace schoolbieb::formats

namespace schoolbieb::formats {
namespace {

// EDEXLL.TXT is the only file the standard requires: uploaded alone (not in
// a ZIP) it is read as EDEX2000 by its content, whatever its name, and
// never told to "export with a header row".
TEST(Edex2000ReaderTest, ALoneStudentFileIsRecognisedByItsContent) {
  std::string alone = DefaultFiles().at("EDEXLL.TXT");
  EXPECT_TRUE(LooksLikeEdex2000Students(alone));
  for (const char* name : {"EDEXLL.TXT", "leerlingen.txt", ""}) {
    ReadOptions options;
    options.file_name = name;
    Result<Table> table = ReadTable(alone, options);
    ASSERT_TRUE(table.ok()) << name << ": " << table.status().ToString();
    EXPECT_EQ(table->format, "edex2000") << name;
    ASSERT_EQ(table->sheets[0].row_count(), kStudents.size() + 1);
    EXPECT_EQ(table->sheets[0].Text(
                  1, static_cast<int>(edex::StudentColumn::kAchternaam)),
              "Voorbeeld");
  }
  // The same lines with trailing spaces trimmed still are EDEXLL.
  std::string trimmed;
  for (const TestStudent& s : kStudents) {
    std::string line = StudentLine(s);
    line.erase(line.find_last_not_of(' ') + 1);
    trimmed += line + "\r\n";
  }
  EXPECT_TRUE(LooksLikeEdex2000Students(trimmed));

  // CSV, even with long lines, is not.
  std::string csv =
      "Leerlingnummer;Achternaam;Voorvoegsel;Roepnaam;Geboortedatum;Groep;"
      "Jaargroep;Opmerking\r\n";
  for (int row = 0; row < 3; ++row) {
    csv += "1234;Jansen;van;Pieter;01-02-2016;5A;5;" + std::string(90, 'x') +
           "\r\n";
  }
  EXPECT_FALSE(LooksLikeEdex2000Students(csv));
  EXPECT_FALSE(LooksLikeEdex2000Students("a,b,c\r\n1,2,3\r\n"));
  EXPECT_FALSE(LooksLikeEdex2000Students(""));
}

}  // namespace
}  // namespace schoolbieb::formats
