#include "roster/roster.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "core/names.h"
#include "formats/reader.h"

namespace schoolbieb::roster {
namespace {

RosterOptions Options() {
  RosterOptions options;
  options.today = "2026-09-01";
  options.brin = "99KV";
  return options;
}

Result<Roster> FromCsv(const std::string& csv,
                       const RosterOptions& options = Options()) {
  formats::ReadOptions read;
  read.file_name = "leerlingen.csv";
  auto table = formats::ReadTable(csv, read);
  if (!table.ok()) return table.status();
  return BuildRoster(*table, options);
}

TEST(FieldTest, HeadersAreComparedAsKeys) {
  EXPECT_EQ(HeaderKey("Geb. datum"), "gebdatum");
  EXPECT_EQ(HeaderKey("É-mail"), "email");
  EXPECT_EQ(FieldForHeader("  LEERLINGNUMMER "), Field::kStudentNumber);
  EXPECT_EQ(FieldForHeader("Extern_nr"), Field::kStudentNumber);
  EXPECT_EQ(FieldForHeader("Voorvoegsel"), Field::kNamePrefix);
  EXPECT_EQ(FieldForHeader("NAAMTUS"), Field::kNamePrefix);
  EXPECT_EQ(FieldForHeader("Naam"), Field::kLastName);
  EXPECT_EQ(FieldForHeader("Achternaam"), Field::kLastName);
  EXPECT_EQ(FieldForHeader("Klas"), Field::kGroupKey);
  EXPECT_EQ(FieldForHeader("KLAS_NAAM"), Field::kGroupName);
  EXPECT_EQ(FieldForHeader("Leerjaar"), Field::kYearGroup);
  EXPECT_EQ(FieldForHeader("BSN"), Field::kForbidden);
  EXPECT_EQ(FieldForHeader("Etniciteit"), Field::kForbidden);
  EXPECT_EQ(FieldForHeader("Lievelingskleur"), std::nullopt);
  for (int index = 0; index < kFieldCount; ++index) {
    Field field = static_cast<Field>(index);
    EXPECT_EQ(ParseFieldName(FieldName(field)), field);
    EXPECT_FALSE(FieldLabel(field).nl.empty());
  }
}

TEST(RosterTest, FindsTheHeaderBelowTitleLinesAndNamesTheProfile) {
  auto roster = FromCsv(
      "Leerlingenlijst OBS De Kievit;;;;;;\n"
      "Afgedrukt op 1-9-2026;;;;;;\n"
      ";;;;;;\n"
      "LEERLINGNUMMER;GROEP;GROEPSNAAM;JAARGROEP;ROEPNAAM;NAAMTUS;NAAM\n"
      "0123;5A;Groep 5A;5;Daan;Van Der;Berg\n");
  ASSERT_TRUE(roster.ok()) << roster.status().ToString();
  EXPECT_EQ(roster->profile, "wise");
  EXPECT_GE(roster->confidence, 90);
  EXPECT_EQ(roster->header_line, 4);
  ASSERT_EQ(roster->students.size(), 1u);
  const StudentRecord& s = roster->students[0];
  EXPECT_EQ(s.line, 5);
  EXPECT_EQ(s.student_number, "0123");  // leading zeros kept by default
  EXPECT_EQ(s.name_prefix, "Van Der");  // as the school wrote it
  EXPECT_EQ(s.last_name, "Berg");
  EXPECT_EQ(s.initials, "D.");
  EXPECT_EQ(s.year_group, "5");
  EXPECT_TRUE(roster->missing_fields.empty());
}

TEST(RosterTest, RecognisesTheLasExports) {
  struct Case {
    const char* header;
    const char* profile;
  };
  for (const Case& c : {
           Case{"Stamnr;Roepnaam;Tussenv;Achternaam;Klas;Leerjaar", "magister"},
           Case{"Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Klas;"
                "Leerjaar",
                "somtoday"},
           Case{"STUDENT_ID;FIRST_NAMES;PREFIX;LAST_NAME;DATE_OF_BIRTH;"
                "ZIPCODE;HOUSE_NUMBER",
                "wise-en"},
           Case{"Nummer leerling;Voornaam;Familienaam", ""},
       }) {
    auto roster = FromCsv(std::string(c.header) + "\n1;a;b;c;d;e;f\n");
    if (std::string(c.profile).empty()) {
      EXPECT_FALSE(roster.ok()) << c.header;
      continue;
    }
    ASSERT_TRUE(roster.ok()) << c.header << ": " << roster.status().ToString();
    EXPECT_EQ(roster->profile, c.profile) << c.header;
  }
}

TEST(RosterTest, SplitsACombinedSurnameWhenThereIsNoPrefixColumn) {
  auto roster = FromCsv(
      "Leerlingnummer;Roepnaam;Achternaam;Groep\n"
      "1;Jan;van der Poel;5A\n"
      "2;Sanne;'t Hart;5A\n");
  ASSERT_TRUE(roster.ok()) << roster.status().ToString();
  EXPECT_EQ(roster->profile, "generic");
  EXPECT_EQ(roster->students[0].name_prefix, "van der");
  EXPECT_EQ(roster->students[0].last_name, "Poel");
  EXPECT_EQ(roster->students[1].name_prefix, "'t");
  EXPECT_EQ(roster->students[1].last_name, "Hart");
  // Only a group column: the key is also the name; the year from "5A".
  EXPECT_EQ(roster->students[0].group_name, "5A");
  EXPECT_EQ(roster->students[0].year_group, "5");
}

TEST(RosterTest, RowProblemsNameRowAndColumnAndKeepTheRowWhenUsable) {
  auto roster = FromCsv(
      "Leerlingnummer;Roepnaam;Achternaam;Groep;Jaargroep;Geboortedatum;"
      "Postcode;Geslacht\n"
      "1;Jan;Poel;5A;5;31-02-2016;1234AB;M\n"
      ";Piet;Bos;5A;5;01-01-2016;9999 ZZ;V\n"
      "3;Kees;Dam;5A;5;01-01-2016;12345;Q\n");
  ASSERT_TRUE(roster.ok()) << roster.status().ToString();
  ASSERT_EQ(roster->students.size(), 3u);
  EXPECT_FALSE(roster->students[0].rejected);
  EXPECT_EQ(roster->students[0].birth_date, "");
  EXPECT_EQ(roster->students[0].postcode, "1234 AB");
  EXPECT_TRUE(roster->students[1].rejected);  // no student number
  EXPECT_FALSE(roster->students[2].rejected);
  EXPECT_EQ(roster->rejected_rows, 1);
  bool date = false, number = false, postcode = false, sex = false;
  for (const Problem& p : roster->problems) {
    if (p.kind == ProblemKind::kInvalidDate && p.row == 2 && p.column == 6) {
      date = true;
      EXPECT_NE(p.message.nl.find("Regel 2"), std::string::npos);
      EXPECT_NE(p.message.en.find("Row 2"), std::string::npos);
    }
    if (p.kind == ProblemKind::kMissingValue && p.row == 3 && p.column == 1) {
      number = p.rejects_row;
    }
    if (p.kind == ProblemKind::kInvalidValue && p.row == 4 && p.column == 7) {
      postcode = !p.rejects_row;
    }
    if (p.kind == ProblemKind::kInvalidValue && p.row == 4 && p.column == 8) {
      sex = true;
    }
  }
  EXPECT_TRUE(date);
  EXPECT_TRUE(number);
  EXPECT_TRUE(postcode);
  EXPECT_TRUE(sex);
}

TEST(RosterTest, AHeaderRepeatedOnEveryPageIsSkipped) {
  auto roster = FromCsv(
      "LEERLINGNUMMER;GROEP;JAARGROEP;ROEPNAAM;NAAMTUS;NAAM\n"
      "1;5A;5;Daan;;Berg\n"
      "LEERLINGNUMMER;GROEP;JAARGROEP;ROEPNAAM;NAAMTUS;NAAM\n"
      "2;5A;5;Noor;de;Vries\n"
      // As many cells, but only some header words: a student.
      "3;Groep;5;Naam;de;Roepnaam\n"
      "Leerlingnummer;Groep;Jaargroep;Roepnaam;Naamtus;Naam\n");
  ASSERT_TRUE(roster.ok()) << roster.status().ToString();
  std::vector<int> lines;
  for (const StudentRecord& s : roster->students) lines.push_back(s.line);
  EXPECT_EQ(lines, (std::vector<int>{2, 4, 5}));
  EXPECT_EQ(roster->students.back().last_name, "Roepnaam");
}

TEST(RosterTest, DuplicateNumbersAndPeopleRejectEveryRowInvolved) {
  auto roster = FromCsv(
      "LEERLINGNUMMER;GROEP;JAARGROEP;ROEPNAAM;NAAMTUS;NAAM;GEBOORTEDATUM\n"
      "1;5A;5;Zo\xC3\xAB;van der;Berg;04-03-2016\n"
      "2;5A;5;Daan;;Bos;05-03-2016\n"
      "1;5A;5;Noor;;Dam;06-03-2016\n"
      // The first student again under another number, written in NFD.
      "4;5A;5;Zoe\xCC\x88;Van der;Berg;04-03-2016\n"
      "1;5A;5;Sem;;Hart;07-03-2016\n"
      "6;5A;5;Daan;;Bos;05-03-2015\n");
  ASSERT_TRUE(roster.ok()) << roster.status().ToString();
  ASSERT_EQ(roster->students.size(), 6u);
  std::vector<bool> rejected;
  for (const StudentRecord& s : roster->students)
    rejected.push_back(s.rejected);
  EXPECT_EQ(rejected,
            (std::vector<bool>{true, false, true, true, true, false}));
  EXPECT_EQ(roster->rejected_rows, 4);
  // Each pair names both rows, in the order the second rows come.
  std::vector<std::pair<int, int>> rows_columns;
  for (const Problem& p : roster->problems) {
    if (p.kind != ProblemKind::kDuplicateStudent) continue;
    EXPECT_TRUE(p.rejects_row);
    rows_columns.emplace_back(p.row, p.column);
  }
  EXPECT_EQ(rows_columns, (std::vector<std::pair<int, int>>{
                              {2, 1}, {4, 1}, {2, 6}, {5, 6}, {2, 1}, {6, 1}}));
}

// Thousands of rows with numbers and people repeating at random: the rows
// rejected and the pairs named are those a plain reference finds.
TEST(RosterTest, DuplicatesInALargeFileMatchAPlainReference) {
  std::mt19937 random(20261202);
  std::string csv =
      "LEERLINGNUMMER;GROEP;JAARGROEP;ROEPNAAM;NAAMTUS;NAAM;GEBOORTEDATUM\n";
  std::map<std::string, int> numbers, people;
  std::vector<bool> rejected;
  std::vector<int> named;  // lines, in the order the problems come
  for (int index = 0; index < 6000; ++index) {
    std::string number = std::to_string(random() % 5000 + 1);
    std::string given = random() % 2 ? "Daan" : "Noor";
    std::string last = "Bos" + std::to_string(random() % 3000);
    int day = static_cast<int>(random() % 3) + 1;
    csv +=
        fmt::format("{};5A;5;{};;{};0{}-03-2016\n", number, given, last, day);
    rejected.push_back(false);
    auto pair = [&](int first) {
      rejected[first] = rejected[index] = true;
      named.push_back(first + 2);
      named.push_back(index + 2);
    };
    auto [seen_number, fresh] = numbers.emplace(number, index);
    if (!fresh) {
      pair(seen_number->second);
      continue;
    }
    std::string person =
        fmt::format("{}|{}|2016-03-0{}", MatchKey(last), MatchKey(given), day);
    auto [seen_person, new_person] = people.emplace(person, index);
    if (!new_person) pair(seen_person->second);
  }
  auto roster = FromCsv(csv);
  ASSERT_TRUE(roster.ok()) << roster.status().ToString();
  ASSERT_EQ(roster->students.size(), rejected.size());
  std::vector<bool> got;
  for (const StudentRecord& s : roster->students) got.push_back(s.rejected);
  EXPECT_EQ(got, rejected);
  std::vector<int> got_named;
  for (const Problem& p : roster->problems) {
    if (p.kind == ProblemKind::kDuplicateStudent) got_named.push_back(p.row);
  }
  EXPECT_EQ(got_named, named);
  EXPECT_GT(named.size(), 1000u);  // both kinds, many times
}

TEST(RosterTest, SexCodesAreMappedPerSourceNeverPassedThrough) {
  // J/M: M is a girl here.
  auto boy_girl =
      FromCsv("Leerlingnummer;Achternaam;Groep;Geslacht\n1;A;5A;J\n2;B;5A;M\n");
  ASSERT_TRUE(boy_girl.ok());
  EXPECT_EQ(boy_girl->students[0].sex, "M");
  EXPECT_EQ(boy_girl->students[1].sex, "V");
  // M/V: M is a boy.
  auto man_woman =
      FromCsv("Leerlingnummer;Achternaam;Groep;Geslacht\n1;A;5A;V\n2;B;5A;M\n");
  ASSERT_TRUE(man_woman.ok());
  EXPECT_EQ(man_woman->students[1].sex, "M");
  // EDEX-style digits in a spreadsheet: EDEX or OSO? Not guessed: asked.
  auto digits =
      FromCsv("Leerlingnummer;Achternaam;Groep;Geslacht\n1;A;5A;1\n2;B;5A;2\n");
  ASSERT_TRUE(digits.ok());
  EXPECT_EQ(digits->students[0].sex, "");
  ASSERT_EQ(digits->questions.size(), 1u);
  EXPECT_EQ(digits->questions[0].kind, "sex_codes");
  ASSERT_EQ(digits->questions[0].choices.size(), 2u);
  EXPECT_EQ(digits->questions[0].choices[0].id, "iso");
  EXPECT_EQ(digits->questions[0].choices[1].id, "oso");
  // A saved mapping says what the digits mean.
  RosterOptions options = Options();
  options.mapping.sex_codes = {{"1", "M"}, {"2", "V"}};
  auto mapped =
      FromCsv("Leerlingnummer;Achternaam;Groep;Geslacht\n1;A;5A;1\n2;B;5A;2\n",
              options);
  ASSERT_TRUE(mapped.ok());
  EXPECT_EQ(mapped->students[0].sex, "M");
  EXPECT_EQ(mapped->students[1].sex, "V");
}

// The code set is decided for the whole file: a file whose only letter is
// "M" could be boys (M/V) or girls (J/M), so it asks, reads no sex at all
// and complains about no row; the school's answer decides every later file.
TEST(RosterTest, AFileWithOnlyMAsksWhichCodeSetItUses) {
  const std::string csv =
      "Leerlingnummer;Achternaam;Groep;Geslacht\n1;A;5A;M\n2;B;5A;M\n3;C;5A;\n";
  auto asked = FromCsv(csv);
  ASSERT_TRUE(asked.ok()) << asked.status().ToString();
  ASSERT_EQ(asked->questions.size(), 1u);
  const Question& question = asked->questions[0];
  EXPECT_EQ(question.kind, "sex_codes");
  EXPECT_NE(question.text.nl.find("\"M\""), std::string::npos);
  EXPECT_NE(question.text.nl.find("2 leerlingen"), std::string::npos);
  ASSERT_EQ(question.choices.size(), 2u);
  EXPECT_EQ(question.choices[0].id, "mv");
  EXPECT_EQ(question.choices[1].id, "jm");
  for (const StudentRecord& s : asked->students) EXPECT_EQ(s.sex, "");
  for (const Problem& p : asked->problems) {
    EXPECT_NE(p.column, 4) << p.message.nl;  // no per-row complaint
  }

  RosterOptions answered = Options();
  answered.mapping.sex_code_set = "jm";
  auto girls = FromCsv(csv, answered);
  ASSERT_TRUE(girls.ok());
  EXPECT_TRUE(girls->questions.empty());
  EXPECT_EQ(girls->students[0].sex, "V");
  EXPECT_EQ(girls->students[2].sex, "");
  answered.mapping.sex_code_set = "mv";
  auto boys = FromCsv(csv, answered);
  ASSERT_TRUE(boys.ok());
  EXPECT_EQ(boys->students[0].sex, "M");

  // The answer is part of the saved mapping.
  auto saved = ParseMapping(MappingJson(answered.mapping));
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->sex_code_set, "mv");
  EXPECT_FALSE(ParseMapping(R"({"sex_code_set": "mf"})").ok());

  // Wise's template documents M/V: only "M" is a boy there, no question.
  auto wise = FromCsv(
      "LEERLINGNUMMER;GROEP;GROEPSNAAM;JAARGROEP;ROEPNAAM;NAAMTUS;NAAM;"
      "GESLACHT\n1;5A;Groep 5A;5;Jan;;Poel;M\n");
  ASSERT_TRUE(wise.ok());
  EXPECT_EQ(wise->profile, "wise");
  EXPECT_TRUE(wise->questions.empty());
  EXPECT_EQ(wise->students[0].sex, "M");
}

// EDEX marks a pupil who left with jaargroep H or an uitstroomdatum; such a
// row is no problem row, whatever else it holds, and not a duplicate of the
// current pupil who now has the number.
TEST(RosterTest, PupilsWhoLeftAreMarkedAndNeverProblemRows) {
  auto roster = FromCsv(
      "Leerlingnummer;Achternaam;Groep;Jaargroep;Uitschrijfdatum;"
      "Instroomdatum;Postcode\n"
      "1;Ader;8A;8;10-07-2026;;\n"
      "2;Bos;8A;8;09-07-2027;;\n"
      "3;Cals;;9;31-08-2026;;12345\n"
      "3;Dorp;1A;1;;01-10-2026;\n"
      "4;Eik;1A;1;;01-09-2026;\n");
  ASSERT_TRUE(roster.ok()) << roster.status().ToString();
  ASSERT_EQ(roster->students.size(), 5u);
  EXPECT_TRUE(roster->students[0].left);
  EXPECT_EQ(roster->students[0].leave_date, "2026-07-10");
  EXPECT_FALSE(roster->students[1].left);  // leaves next summer
  EXPECT_TRUE(roster->students[2].left);
  EXPECT_FALSE(roster->students[2].rejected);
  EXPECT_FALSE(roster->students[3].left);
  EXPECT_FALSE(roster->students[3].rejected);  // not a duplicate of row 4
  EXPECT_EQ(roster->students[3].entry_date, "2026-10-01");
  EXPECT_EQ(roster->left_rows, 2);
  EXPECT_EQ(roster->future_entries, 1);
  EXPECT_EQ(roster->rejected_rows, 0);
  for (const Problem& p : roster->problems) {
    EXPECT_NE(p.row, 4) << p.message.nl;  // the left row's postcode and year
  }
}

TEST(RosterTest, EdexJaargroepHIsAPupilWhoLeft) {
  formats::ReadOptions read;
  auto table = formats::ReadEdexXml(
      R"(<EDEX><school><schooljaar>2026-2027</schooljaar><brincode>99KV</brincode></school>
<groepen><groep key="g8"><naam>Groep 8</naam><jaargroep>8</jaargroep></groep></groepen>
<leerlingen>
<leerling key="1"><achternaam>Ader</achternaam><jaargroep>H</jaargroep><uitstroomdatum>2026-07-10</uitstroomdatum></leerling>
<leerling key="2"><achternaam>Bos</achternaam><jaargroep>H</jaargroep></leerling>
<leerling key="3"><achternaam>Cals</achternaam><jaargroep>8</jaargroep><groep key="g8"/></leerling>
<leerling key="4"><achternaam>Dorp</achternaam><jaargroep>N</jaargroep></leerling>
</leerlingen></EDEX>)",
      read);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  auto roster = BuildRoster(*table, Options());
  ASSERT_TRUE(roster.ok()) << roster.status().ToString();
  ASSERT_EQ(roster->students.size(), 4u);
  EXPECT_TRUE(roster->students[0].left);
  EXPECT_EQ(roster->students[0].leave_date, "2026-07-10");
  EXPECT_TRUE(roster->students[1].left);
  EXPECT_EQ(roster->students[1].year_group, "");
  EXPECT_FALSE(roster->students[2].left);
  EXPECT_EQ(roster->students[2].year_group, "8");
  EXPECT_FALSE(roster->students[3].left);
  EXPECT_EQ(roster->students[3].year_group, "");  // N: no year, no problem
  // No advice to "fix" a valid code, and a pupil without a class is kept.
  for (const Problem& p : roster->problems) {
    EXPECT_NE(p.kind, ProblemKind::kInvalidValue) << p.message.nl;
    EXPECT_FALSE(p.rejects_row) << p.message.nl;
  }
}

// The same problem on many rows is one line with the count and the first
// rows, not one line per row.
TEST(RosterTest, AProblemManyRowsShareIsReportedOnce) {
  std::string csv = "Leerlingnummer;Achternaam;Groep;Jaargroep;Postcode\n";
  for (int row = 1; row <= 12; ++row) {
    csv += fmt::format("{};Naam{};5A;X;\n", row, row);
  }
  csv += "13;Laatste;5A;5;9999 SS\n";
  auto roster = FromCsv(csv);
  ASSERT_TRUE(roster.ok());
  std::vector<const Problem*> year;
  for (const Problem& p : roster->problems) {
    if (p.column == 4) year.push_back(&p);
  }
  ASSERT_EQ(year.size(), 1u);
  EXPECT_EQ(year[0]->count, 12);
  EXPECT_EQ(year[0]->row, 2);
  EXPECT_NE(year[0]->message.nl.find("12 regels (2, 3, 4, 5, 6 en nog 7 "
                                     "andere), Jaargroep:"),
            std::string::npos)
      << year[0]->message.nl;
  EXPECT_NE(year[0]->message.en.find("12 rows (2, 3, 4, 5, 6 and 7 more)"),
            std::string::npos);
}

// Every header cell is accounted for: the field it became, or nothing.
TEST(RosterTest, EveryColumnSaysWhatItBecame) {
  auto roster = FromCsv(
      "stamnr_str;Roepnaam;Tussenv;Achternaam;Klas;Leerfase.Leerjaar;Studie;"
      "Schoenmaat;Klas\n1;Jan;;Poel;2A;2;2 havo;40;2B\n");
  ASSERT_TRUE(roster.ok()) << roster.status().ToString();
  EXPECT_EQ(roster->profile, "magister");
  ASSERT_EQ(roster->column_uses.size(), 9u);
  EXPECT_EQ(roster->column_uses[0].header, "stamnr_str");
  EXPECT_EQ(roster->column_uses[0].field, Field::kStudentNumber);
  EXPECT_EQ(roster->column_uses[5].field, Field::kYearGroup);
  EXPECT_EQ(roster->column_uses[6].field, Field::kIgnored);
  EXPECT_EQ(roster->column_uses[7].field, std::nullopt);
  EXPECT_TRUE(roster->column_uses[8].duplicate);
  EXPECT_EQ(roster->students[0].group_key, "2A");
}

TEST(RosterTest, WiseEnglishFirstNamesAreTheCallName) {
  auto roster = FromCsv(
      "PATRON_ID;STUDENT_ID;FIRST_NAMES;PREFIX;LAST_NAME;DATE_OF_BIRTH;"
      "GENDER\n;7;Iris;de;Wit;2016-07-07;V\n");
  ASSERT_TRUE(roster.ok()) << roster.status().ToString();
  EXPECT_EQ(roster->profile, "wise-en");
  EXPECT_EQ(roster->students[0].call_name, "Iris");
  EXPECT_EQ(roster->students[0].first_names, "Iris");
  EXPECT_EQ(roster->students[0].sex, "V");  // Wise's help: V for female
  EXPECT_EQ(roster->missing_fields,
            std::vector<Field>{Field::kGroupKey});  // held, not refused
}

TEST(RosterTest, ASavedMappingNamesUnknownColumns) {
  RosterOptions options = Options();
  options.mapping.columns = {{"Nummer leerling", Field::kStudentNumber},
                             {"Familienaam", Field::kLastName},
                             {"Klasje", Field::kGroupKey}};
  options.mapping.year_groups = {{"B1", "1"}};
  auto roster = FromCsv(
      "Nummer leerling;Familienaam;Klasje;Leerjaar\n7;Bos;B1a;B1\n", options);
  ASSERT_TRUE(roster.ok()) << roster.status().ToString();
  EXPECT_TRUE(roster->mapping_used);
  EXPECT_EQ(roster->confidence, 100);
  EXPECT_EQ(roster->students[0].student_number, "7");
  EXPECT_EQ(roster->students[0].year_group, "1");
  auto json = ParseMapping(MappingJson(options.mapping));
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->columns.size(), 3u);
  EXPECT_FALSE(ParseMapping("{\"columns\": {\"x\": \"shoe_size\"}}").ok());
  EXPECT_FALSE(ParseMapping("[1]").ok());
}

TEST(RosterTest, MissingRequiredColumnsAreListedNotRefused) {
  auto roster = FromCsv("Leerlingnummer;Roepnaam;Achternaam\n1;Jan;Poel\n");
  ASSERT_TRUE(roster.ok());
  ASSERT_EQ(roster->missing_fields.size(), 1u);
  EXPECT_EQ(roster->missing_fields[0], Field::kGroupKey);
}

TEST(RosterTest, ForbiddenColumnsWithDataAreRefusedEmptyOnesNoted) {
  auto refused =
      FromCsv("Leerlingnummer;Achternaam;Groep;BSN\n1;Poel;5A;123456782\n");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().nl.find("BSN"), std::string::npos);
  EXPECT_NE(refused.status().message().nl.find("niet bewaard"),
            std::string::npos);
  auto empty = FromCsv("Leerlingnummer;Achternaam;Groep;BSN\n1;Poel;5A;\n");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->dropped_columns, std::vector<std::string>{"BSN"});
  RosterOptions options = Options();
  options.drop_forbidden_columns = true;
  auto dropped = FromCsv(
      "Leerlingnummer;Achternaam;Groep;Etniciteit\n1;Poel;5A;9\n", options);
  ASSERT_TRUE(dropped.ok());
  EXPECT_EQ(dropped->dropped_columns, std::vector<std::string>{"Etniciteit"});
}

TEST(RosterTest, AmbiguousDatesAreNeverGuessed) {
  auto roster = FromCsv(
      "Leerlingnummer;Achternaam;Groep;Geboortedatum\n"
      "1;A;5A;13/04/2016\n"    // day first
      "2;B;5A;04/13/2016\n"    // month first
      "3;C;5A;03/04/2016\n"    // either
      "4;D;5A;2016-04-03\n");  // ISO is never ambiguous
  ASSERT_TRUE(roster.ok());
  EXPECT_EQ(roster->students[2].birth_date, "");
  EXPECT_EQ(roster->students[3].birth_date, "2016-04-03");
  bool ambiguous = false;
  for (const Problem& p : roster->problems) {
    if (p.kind == ProblemKind::kInvalidDate && p.row == 4) ambiguous = true;
  }
  EXPECT_TRUE(ambiguous);
}

TEST(RosterTest, ConsentTextsAreRead) {
  EXPECT_EQ(ParseConsent("Ja"), "yes");
  EXPECT_EQ(ParseConsent(" nee "), "no");
  EXPECT_EQ(ParseConsent("X"), "yes");
  EXPECT_EQ(ParseConsent(""), "");
  EXPECT_EQ(ParseConsent("misschien"), std::nullopt);
}

}  // namespace
}  // namespace schoolbieb::roster
