#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "formats/edex_common.h"
#include "formats/reader.h"
#include "formats/sniff.h"

namespace schoolbieb::formats {
namespace {

using edex::StudentColumn;
using edex::TeacherColumn;

// The structure of an EDEX export as a school system writes it (after
// /work/shared/examples/EDEX-voorbeeld.xml; all people invented). Copied
// here so the tests need nothing outside the project.
constexpr std::string_view kExample =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<!-- Invented example of an EDEX (EDEXML 2.x) export. -->
<EDEX xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="EDEXML.structuur.xsd">
  <school>
    <schooljaar>2026-2027</schooljaar>
    <brincode>99XX</brincode>
    <dependancecode>00</dependancecode>
    <aanmaakdatum>2026-09-01T10:00:00</aanmaakdatum>
    <auteur>Voorbeeld-LAS 1.0</auteur>
    <xsdversie>2.1</xsdversie>
  </school>
  <groepen>
    <groep key="49"><naam>Groep 4a</naam><jaargroep>4</jaargroep></groep>
    <groep key="50"><naam>Groep 7/8</naam><jaargroep>C</jaargroep></groep>
  </groepen>
  <leerlingen>
    <leerling key="3580">
      <achternaam>Voorbeeld</achternaam><voorvoegsel>v. d.</voorvoegsel><roepnaam>Saar</roepnaam>
      <geboortedatum>2018-08-07</geboortedatum><geslacht>2</geslacht><jaargroep>4</jaargroep><groep key="49"/>
      <etniciteit>9</etniciteit><land>?</land><land_vader>?</land_vader><land_moeder>?</land_moeder>
      <gewicht_nieuw>?</gewicht_nieuw><gewicht>?</gewicht><postcodenl>1234AB</postcodenl>
      <mutatiedatum>2026-08-30T15:33:29</mutatiedatum>
    </leerling>
    <leerling key="3581" eckid="https://ketenid.nl/201703/0123456789abcdef">
      <achternaam>Proef</achternaam><voornamen>Timo Johannes</voornamen><voorletters-1>T.J.</voorletters-1><roepnaam>Timo</roepnaam>
      <geboortedatum>2015-02-14</geboortedatum><geslacht>1</geslacht><jaargroep>7</jaargroep><groep key="50"/>
      <emailadres>ouder.proef@example.org</emailadres><postcodenl>2345BC</postcodenl>
    </leerling>
    <leerling key="3582">
      <achternaam>Steekproef</achternaam><voorvoegsel>de</voorvoegsel><roepnaam>Noor</roepnaam>
      <geboortedatum>2014-11-30</geboortedatum><geslacht>2</geslacht><jaargroep>8</jaargroep><groep key="50"/>
    </leerling>
  </leerlingen>
  <leerkrachten>
    <leerkracht key="75">
      <achternaam>Meester</achternaam><roepnaam>Karel</roepnaam><emailadres>k.meester@school.example.org</emailadres>
      <groepen><groep key="49"/></groepen>
    </leerkracht>
  </leerkrachten>
</EDEX>
)";

int Col(StudentColumn column) { return static_cast<int>(column); }
int Col(TeacherColumn column) { return static_cast<int>(column); }

// 1-based line of the first occurrence of `needle`.
int LineOf(std::string_view text, std::string_view needle) {
  size_t pos = text.find(needle);
  EXPECT_NE(pos, std::string_view::npos) << needle;
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + pos, '\n'));
}

std::string Replace(std::string text, std::string_view from,
                    std::string_view to) {
  size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

// Everything a reader hands on that a person or the database could see.
std::vector<std::string> AllTexts(const Table& table) {
  std::vector<std::string> texts;
  for (const Sheet& sheet : table.sheets) {
    for (size_t row = 0; row < sheet.row_count(); ++row) {
      for (size_t cell_idx = 0; cell_idx < sheet.cell_count(row); ++cell_idx) {
        texts.emplace_back(sheet.text(sheet.cell_at(row, cell_idx)));
      }
    }
  }
  for (const Problem& problem : table.problems) {
    texts.push_back(problem.value);
    texts.push_back(problem.message.nl);
    texts.push_back(problem.message.en);
  }
  for (const auto& [key, value] : table.properties) texts.push_back(value);
  return texts;
}

bool AnyTextContains(const Table& table, std::string_view needle) {
  for (const std::string& text : AllTexts(table)) {
    if (text.find(needle) != std::string::npos) return true;
  }
  return false;
}

const Sheet* FindSheet(const Table& table, std::string_view name) {
  for (const Sheet& sheet : table.sheets) {
    if (sheet.name() == name) return &sheet;
  }
  return nullptr;
}

// Index of the data row whose first column is `key`, or -1.
int RowOf(const Sheet& sheet, std::string_view key) {
  for (size_t row = 1; row < sheet.row_count(); ++row) {
    if (sheet.Text(row, 1) == key) return static_cast<int>(row);
  }
  return -1;
}

std::vector<const Problem*> ProblemsOf(const Table& table, ProblemKind kind) {
  std::vector<const Problem*> found;
  for (const Problem& problem : table.problems) {
    if (problem.kind == kind) found.push_back(&problem);
  }
  return found;
}

Result<Table> Read(std::string_view xml, ReadOptions options = {}) {
  return ReadEdexXml(xml, options);
}

// An EDEX document around the given <leerlingen> content, with group 49.
std::string WithStudents(std::string_view students) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>
<EDEX>
  <school><schooljaar>2026-2027</schooljaar><brincode>99XX</brincode></school>
  <groepen><groep key="49"><naam>Groep 4a</naam><jaargroep>4</jaargroep></groep></groepen>
  <leerlingen>
)") + std::string(students) +
         "\n  </leerlingen>\n</EDEX>\n";
}

TEST(EdexXmlReaderTest, ReadsTheExample) {
  Result<Table> result = Read(kExample);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const Table& table = *result;
  EXPECT_EQ(table.format, "edex");
  EXPECT_EQ(table.property("brin"), "99XX");
  EXPECT_EQ(table.property("dependance"), "00");
  EXPECT_EQ(table.property("schooljaar"), "2026-2027");
  EXPECT_EQ(table.property("aanmaakdatum"), "2026-09-01T10:00:00");
  EXPECT_EQ(table.property("auteur"), "Voorbeeld-LAS 1.0");

  const Sheet* students = FindSheet(table, "leerlingen");
  ASSERT_NE(students, nullptr);
  ASSERT_EQ(students->row_count(), 4u);  // header + 3
  EXPECT_EQ(
      students->RowTexts(0),
      (std::vector<std::string>{
          "leerlingnummer", "eckid", "achternaam", "voorvoegsel", "voornamen",
          "voorletters", "roepnaam", "geboortedatum", "geslacht", "jaargroep",
          "groep_key", "groepsnaam", "groep_jaargroep", "emailadres",
          "postcode", "instroomdatum", "uitstroomdatum"}));

  int saar = RowOf(*students, "3580");
  ASSERT_EQ(saar, 1);
  EXPECT_EQ(students->line(saar), LineOf(kExample, "<leerling key=\"3580\">"));
  EXPECT_EQ(students->Text(saar, Col(StudentColumn::kAchternaam)), "Voorbeeld");
  // An abbreviated prefix stays as the school wrote it.
  EXPECT_EQ(students->Text(saar, Col(StudentColumn::kVoorvoegsel)), "v. d.");
  EXPECT_EQ(students->Text(saar, Col(StudentColumn::kRoepnaam)), "Saar");
  EXPECT_EQ(students->Text(saar, Col(StudentColumn::kGeboortedatum)),
            "2018-08-07");
  EXPECT_EQ(students->Type(saar, Col(StudentColumn::kGeboortedatum)),
            CellType::kDate);
  EXPECT_EQ(students->Text(saar, Col(StudentColumn::kGeslacht)), "2");
  EXPECT_EQ(students->Text(saar, Col(StudentColumn::kJaargroep)), "4");
  EXPECT_EQ(students->Text(saar, Col(StudentColumn::kGroepKey)), "49");
  EXPECT_EQ(students->Text(saar, Col(StudentColumn::kGroepsnaam)), "Groep 4a");
  EXPECT_EQ(students->Text(saar, Col(StudentColumn::kGroepJaargroep)), "4");
  EXPECT_EQ(students->Text(saar, Col(StudentColumn::kPostcode)), "1234AB");
  EXPECT_EQ(students->Text(saar, Col(StudentColumn::kEckid)), "");

  int timo = RowOf(*students, "3581");
  ASSERT_EQ(timo, 2);
  EXPECT_EQ(students->line(timo), LineOf(kExample, "<leerling key=\"3581\""));
  EXPECT_EQ(students->Text(timo, Col(StudentColumn::kEckid)),
            "https://ketenid.nl/201703/0123456789abcdef");
  EXPECT_EQ(students->Text(timo, Col(StudentColumn::kVoornamen)),
            "Timo Johannes");
  EXPECT_EQ(students->Text(timo, Col(StudentColumn::kVoorletters)), "T.J.");
  EXPECT_EQ(students->Text(timo, Col(StudentColumn::kEmailadres)),
            "ouder.proef@example.org");
  // Combination group: the group says "C", the student's own year counts.
  EXPECT_EQ(students->Text(timo, Col(StudentColumn::kGroepsnaam)), "Groep 7/8");
  EXPECT_EQ(students->Text(timo, Col(StudentColumn::kGroepJaargroep)), "C");
  EXPECT_EQ(students->Text(timo, Col(StudentColumn::kJaargroep)), "7");

  int noor = RowOf(*students, "3582");
  ASSERT_EQ(noor, 3);
  EXPECT_EQ(students->Text(noor, Col(StudentColumn::kVoorvoegsel)), "de");
  EXPECT_EQ(students->Text(noor, Col(StudentColumn::kJaargroep)), "8");
  EXPECT_EQ(students->Text(noor, Col(StudentColumn::kGroepJaargroep)), "C");
  EXPECT_EQ(students->Text(noor, Col(StudentColumn::kPostcode)), "");

  const Sheet* teachers = FindSheet(table, "leerkrachten");
  ASSERT_NE(teachers, nullptr);
  ASSERT_EQ(teachers->row_count(), 2u);
  EXPECT_EQ(teachers->RowTexts(0),
            (std::vector<std::string>{"key", "achternaam", "voorvoegsel",
                                      "voorletters", "roepnaam", "emailadres",
                                      "groepen"}));
  EXPECT_EQ(teachers->line(1), LineOf(kExample, "<leerkracht key=\"75\">"));
  EXPECT_EQ(teachers->RowTexts(1),
            (std::vector<std::string>{"75", "Meester", "", "", "Karel",
                                      "k.meester@school.example.org", "49"}));

  // The six private fields: one note naming them, nothing else.
  auto dropped = ProblemsOf(table, ProblemKind::kDroppedField);
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(dropped[0]->row, 0);
  EXPECT_EQ(dropped[0]->value,
            "etniciteit, land, land_vader, land_moeder, gewicht_nieuw, "
            "gewicht");
  EXPECT_NE(dropped[0]->message.nl.find("EDEX-standaard"), std::string::npos);
  EXPECT_NE(dropped[0]->message.nl.find("overgeslagen en worden nooit bewaard"),
            std::string::npos);
  EXPECT_NE(dropped[0]->message.en.find("never stored"), std::string::npos);
  EXPECT_EQ(table.problems.size(), 1u);
}

TEST(EdexXmlReaderTest, ReadsTheUwlrNamespaceVariant) {
  std::string uwlr = Replace(
      std::string(kExample),
      R"(<EDEX xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="EDEXML.structuur.xsd">)",
      R"(<leerlinggegevens xmlns="http://www.edustandaard.nl/leerresultaten/2/leerlinggegevens">)");
  uwlr = Replace(uwlr, "</EDEX>", "</leerlinggegevens>");
  Result<Table> edex = Read(kExample);
  Result<Table> result = Read(uwlr);
  ASSERT_TRUE(edex.ok());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->property("brin"), "99XX");
  ASSERT_EQ(result->sheets.size(), 2u);
  for (size_t sheet_idx = 0; sheet_idx < 2; ++sheet_idx) {
    const Sheet& want = edex->sheets[sheet_idx];
    const Sheet& got = result->sheets[sheet_idx];
    ASSERT_EQ(got.row_count(), want.row_count());
    for (size_t row = 0; row < want.row_count(); ++row) {
      EXPECT_EQ(got.RowTexts(row), want.RowTexts(row));
      EXPECT_EQ(got.line(row), want.line(row));
    }
  }

  // A prefixed namespace is the same document.
  std::string prefixed = Replace(
      WithStudents(
          R"(<ll:leerling key="1"><ll:achternaam>Jansen</ll:achternaam></ll:leerling>)"),
      "<EDEX>",
      R"(<ll:leerlinggegevens xmlns:ll="http://www.edustandaard.nl/leerresultaten/2/leerlinggegevens">)");
  prefixed = Replace(prefixed, "</EDEX>", "</ll:leerlinggegevens>");
  Result<Table> mixed = Read(prefixed);
  ASSERT_TRUE(mixed.ok()) << mixed.status().ToString();
  EXPECT_EQ(mixed->sheets[0].Text(1, Col(StudentColumn::kAchternaam)),
            "Jansen");
}

// The UWLR web service answers with the content wrapped in
// <leerlinggegevens_antwoord>, usually inside a SOAP envelope with a
// header, every element with a prefix (Magister writes "le:"). Each wrapper
// reads like the plain EDEX file.
TEST(EdexXmlReaderTest, ReadsUwlrAnswersInEveryWrapper) {
  std::string content = Replace(
      std::string(kExample),
      R"(<EDEX xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="EDEXML.structuur.xsd">)",
      "<leerlinggegevens>");
  content = Replace(content, "</EDEX>", "</leerlinggegevens>");
  content = content.substr(content.find("<leerlinggegevens>"));
  const std::string ns =
      R"( xmlns="http://www.edustandaard.nl/leerresultaten/2/leerlinggegevens")";
  std::string bare_answer = "<leerlinggegevens_antwoord" + ns + ">" + content +
                            "</leerlinggegevens_antwoord>";
  std::string soap =
      R"(<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
<SOAP-ENV:Header><wsse:Security xmlns:wsse="urn:x"><leerlingen><leerling key="header"/></leerlingen></wsse:Security></SOAP-ENV:Header>
<SOAP-ENV:Body>)" +
      bare_answer + "</SOAP-ENV:Body></SOAP-ENV:Envelope>";
  Result<Table> plain = Read(kExample);
  ASSERT_TRUE(plain.ok());
  for (const std::string& xml : {bare_answer, soap}) {
    SCOPED_TRACE(xml.substr(0, 80));
    EXPECT_EQ(SniffFileKind(xml, Limits()), FileKind::kEdexXml);
    Result<Table> result = Read(xml);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_EQ(result->property("brin"), "99XX");
    EXPECT_EQ(result->property("schooljaar"), "2026-2027");
    ASSERT_EQ(result->sheets.size(), 2u);
    for (size_t sheet_idx = 0; sheet_idx < 2; ++sheet_idx) {
      const Sheet& want = plain->sheets[sheet_idx];
      const Sheet& got = result->sheets[sheet_idx];
      ASSERT_EQ(got.row_count(), want.row_count());
      for (size_t row = 0; row < want.row_count(); ++row) {
        EXPECT_EQ(got.RowTexts(row), want.RowTexts(row));
      }
    }
  }

  // Every element prefixed, as Magister's answer writes it.
  std::string prefixed =
      R"(<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>)"
      R"(<le:leerlinggegevens_antwoord xmlns:le="http://www.edustandaard.nl/leerresultaten/2/leerlinggegevens">)"
      R"(<le:leerlinggegevens><le:school><le:brincode>99DE</le:brincode></le:school>)"
      R"(<le:groepen><le:groep key="H1A"><le:naam>H1A</le:naam><le:jaargroep>11</le:jaargroep></le:groep></le:groepen>)"
      R"(<le:leerlingen><le:leerling key="L1" eckid="e1"><le:achternaam>Proef</le:achternaam>)"
      R"(<le:roepnaam>Ties</le:roepnaam><le:jaargroep>11</le:jaargroep><le:groep key="H1A"/>)"
      R"(</le:leerling></le:leerlingen></le:leerlinggegevens></le:leerlinggegevens_antwoord>)"
      R"(</S:Body></S:Envelope>)";
  Result<Table> result = Read(prefixed);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->property("brin"), "99DE");
  EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kLeerlingnummer)),
            "L1");
  EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kGroepsnaam)), "H1A");
}

TEST(EdexXmlReaderTest, ASoapFaultIsNamedAsOne) {
  Result<Table> result = Read(
      R"(<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>)"
      R"(<S:Fault><faultcode>S:Server</faultcode><faultstring>Geen toegang</faultstring></S:Fault>)"
      R"(</S:Body></S:Envelope>)");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().nl.find("foutmelding van de UWLR-dienst"),
            std::string::npos)
      << result.status().ToString();

  // An envelope without the data says what is missing.
  result = Read(
      R"(<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>)"
      R"(<leerlinggegevens_antwoord/></S:Body></S:Envelope>)");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().nl.find("geen leerlinggegevens"),
            std::string::npos)
      << result.status().ToString();
}

TEST(EdexXmlReaderTest, RefusesAnotherRoot) {
  for (std::string_view xml : {
           std::string_view("<html><body>Hallo</body></html>"),
           // The UWLR root only counts in its own namespace…
           std::string_view(
               "<leerlinggegevens><leerlingen/></leerlinggegevens>"),
           // …and EDEX only without one.
           std::string_view(
               R"(<EDEX xmlns="urn:iets-anders"><leerlingen/></EDEX>)"),
       }) {
    Result<Table> result = Read(xml);
    ASSERT_FALSE(result.ok()) << xml;
    EXPECT_EQ(result.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(result.status().message().nl.find("geen EDEX-bestand"),
              std::string::npos)
        << result.status().ToString();
    EXPECT_NE(result.status().message().en.find("not an EDEX file"),
              std::string::npos);
  }
}

TEST(EdexXmlReaderTest, MalformedXmlNamesTheLine) {
  std::string xml = WithStudents(R"(    <leerling key="1">
      <achternaam>Jansen</achternaam>
      <roepnaam>Piet</achternaam>
    </leerling>)");
  int line = LineOf(xml, "<roepnaam>");
  Result<Table> result = Read(xml);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Status::Code::kInvalidArgument);
  const Message& message = result.status().message();
  EXPECT_NE(message.nl.find("regel " + std::to_string(line)), std::string::npos)
      << message.nl;
  EXPECT_NE(message.en.find("line " + std::to_string(line)), std::string::npos)
      << message.en;
  EXPECT_NE(message.nl.find("opnieuw uit het schoolsysteem"),
            std::string::npos);

  // A file cut off halfway, and an empty one, are refused the same way.
  Result<Table> cut = Read(kExample.substr(0, kExample.size() / 2));
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().nl.find("regel "), std::string::npos);
  Result<Table> empty = Read("");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().nl.find("regel 1"), std::string::npos);
}

TEST(EdexXmlReaderTest, UnknownGroupKeyKeepsTheRow) {
  std::string xml = WithStudents(
      R"(    <leerling key="7"><achternaam>Jansen</achternaam><groep key="99"/></leerling>
    <leerling key="8"><achternaam>Bakker</achternaam><groep key="49"/></leerling>)");
  Result<Table> result = Read(xml);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const Sheet& students = result->sheets[0];
  ASSERT_EQ(students.row_count(), 3u);
  EXPECT_EQ(students.Text(1, Col(StudentColumn::kAchternaam)), "Jansen");
  EXPECT_EQ(students.Text(1, Col(StudentColumn::kGroepKey)), "99");
  EXPECT_EQ(students.Text(1, Col(StudentColumn::kGroepsnaam)), "");
  EXPECT_EQ(students.Text(2, Col(StudentColumn::kGroepsnaam)), "Groep 4a");

  auto broken = ProblemsOf(*result, ProblemKind::kBrokenStructure);
  ASSERT_EQ(broken.size(), 1u);
  EXPECT_EQ(broken[0]->sheet, "leerlingen");
  EXPECT_EQ(broken[0]->row, LineOf(xml, "<leerling key=\"7\">"));
  EXPECT_EQ(broken[0]->row, students.line(1));
  EXPECT_EQ(broken[0]->column, Col(StudentColumn::kGroepKey));
  EXPECT_EQ(broken[0]->value, "99");
}

// A samengestelde groep is a reading club, cluster or lesgroep: never the
// pupil's class, even for a pupil without a basisgroep. Teachers keep both.
TEST(EdexXmlReaderTest, NeverTakesASamengesteldeGroepForTheClass) {
  std::string xml = R"(<EDEX>
  <groepen>
    <groep key="49"><naam>Groep 4a</naam><jaargroep>4</jaargroep></groep>
    <samengestelde_groep key="60"><naam>Plusklas</naam></samengestelde_groep>
  </groepen>
  <leerlingen>
    <leerling key="1"><achternaam>Jansen</achternaam>
      <samengestelde_groepen><samengestelde_groep key="60"/></samengestelde_groepen>
    </leerling>
  </leerlingen>
  <leerkrachten>
    <leerkracht key="5"><achternaam>Smit</achternaam>
      <groepen><groep key="49"/><samengestelde_groep key="60"/></groepen>
    </leerkracht>
  </leerkrachten>
</EDEX>)";
  Result<Table> result = Read(xml);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kGroepKey)), "");
  EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kGroepsnaam)), "");
  EXPECT_EQ(result->sheets[1].Text(1, Col(TeacherColumn::kGroepen)), "49,60");

  // With a basisgroep as well, the basisgroep is the class, wherever the
  // reading club is listed.
  std::string both = Replace(xml, "<samengestelde_groepen>",
                             R"(<groep key="49"/><samengestelde_groepen>)");
  result = Read(both);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kGroepKey)), "49");
  EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kGroepsnaam)),
            "Groep 4a");
  EXPECT_TRUE(result->problems.empty());
}

TEST(EdexXmlReaderTest, PrivateFieldsNeverReachTheTable) {
  std::string xml = WithStudents(
      R"(    <leerling key="1" bsn="SENTINEL-ATTR-BSN">
      <achternaam>Jansen</achternaam><bsn>SENTINEL-BSN-123456782</bsn>
      <etniciteit>SENTINEL-ETNICITEIT</etniciteit><land>SENTINEL-LAND</land>
      <land_vader>SENTINEL-LAND-VADER</land_vader><gewicht>SENTINEL-GEWICHT</gewicht>
      <sofinummer>SENTINEL-SOFI</sofinummer><nationaliteit>SENTINEL-NAT</nationaliteit>
      <nationaliteit-2>SENTINEL-NAT2</nationaliteit-2>
      <bsn><nested>SENTINEL-NESTED</nested></bsn>
      <roepnaam>Piet</roepnaam>
    </leerling>)");
  // Also far too long, so a cut would show it in a problem if it were read.
  xml = Replace(xml, "SENTINEL-GEWICHT",
                "SENTINEL-GEWICHT" + std::string(100000, 'x'));
  Result<Table> result = Read(xml);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_FALSE(AnyTextContains(*result, "SENTINEL"));
  // The fields around them are read as usual.
  EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kAchternaam)),
            "Jansen");
  EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kRoepnaam)), "Piet");

  auto dropped = ProblemsOf(*result, ProblemKind::kDroppedField);
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(dropped[0]->value,
            "bsn, etniciteit, land, land_vader, gewicht, sofinummer, "
            "nationaliteit, nationaliteit-2");
  EXPECT_NE(dropped[0]->message.nl.find("Het bestand bevat de velden bsn, "),
            std::string::npos);
  EXPECT_TRUE(ProblemsOf(*result, ProblemKind::kFieldTooLong).empty());
}

TEST(EdexXmlReaderTest, RefusesMoreRowsThanTheLimit) {
  ReadOptions options;
  options.limits.max_rows = 3;  // the example has 3 students and 1 teacher
  Result<Table> result = Read(kExample, options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Status::Code::kResourceExhausted);
  EXPECT_NE(result.status().message().nl.find("3 rijen"), std::string::npos)
      << result.status().ToString();

  options.limits.max_rows = 4;
  EXPECT_TRUE(Read(kExample, options).ok());
}

TEST(EdexXmlReaderTest, CutsTextLongerThanACell) {
  ReadOptions options;
  options.limits.max_cell_bytes = 8;
  std::string xml = WithStudents(R"(    <leerling key="1">
      <achternaam>Steekproef</achternaam><roepnaam>ÉéÉéÉ</roepnaam>
    </leerling>)");
  Result<Table> result = Read(xml, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const Sheet& students = result->sheets[0];
  EXPECT_EQ(students.Text(1, Col(StudentColumn::kAchternaam)), "Steekpro");
  // Never half a character: 8 bytes hold four two-byte letters.
  EXPECT_EQ(students.Text(1, Col(StudentColumn::kRoepnaam)), "ÉéÉé");
  // The schooljaar ("2026-2027") is cut too, as a whole-file value.
  auto cut = ProblemsOf(*result, ProblemKind::kFieldTooLong);
  ASSERT_EQ(cut.size(), 3u);
  EXPECT_EQ(cut[0]->sheet, "");
  EXPECT_EQ(cut[0]->value, "2026-202");
  EXPECT_EQ(result->property("schooljaar"), "2026-202");
  cut.erase(cut.begin());
  EXPECT_EQ(cut[0]->sheet, "leerlingen");
  EXPECT_EQ(cut[0]->row, LineOf(xml, "<leerling key=\"1\">"));
  EXPECT_EQ(cut[0]->column, Col(StudentColumn::kAchternaam));
  EXPECT_EQ(cut[0]->value, "Steekpro");

  options.limits.max_cell_bytes = 7;
  Result<Table> odd = Read(xml, options);
  ASSERT_TRUE(odd.ok());
  EXPECT_EQ(odd->sheets[0].Text(1, Col(StudentColumn::kRoepnaam)), "ÉéÉ");
}

TEST(EdexXmlReaderTest, RefusesDeepNesting) {
  std::string xml = "<EDEX><leerlingen>";
  for (int level = 0; level < 100000; ++level) xml += "<a>";
  for (int level = 0; level < 100000; ++level) xml += "</a>";
  xml += "</leerlingen></EDEX>";
  Result<Table> result = Read(xml);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Status::Code::kResourceExhausted);
  EXPECT_NE(result.status().message().nl.find("64"), std::string::npos);

  // The limit is exact: the example is 5 levels deep.
  ReadOptions options;
  options.limits.max_xml_depth = 5;
  EXPECT_TRUE(Read(kExample, options).ok());
  options.limits.max_xml_depth = 4;
  EXPECT_FALSE(Read(kExample, options).ok());
}

TEST(EdexXmlReaderTest, RefusesBillionLaughs) {
  std::string xml = R"(<?xml version="1.0"?>
<!DOCTYPE EDEX [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<EDEX><leerlingen><leerling key="1"><achternaam>&lol9;</achternaam></leerling></leerlingen></EDEX>)";
  Result<Table> result = Read(xml);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(result.status().message().nl.find("DOCTYPE"), std::string::npos)
      << result.status().ToString();
  EXPECT_EQ(result.status().message().nl.find("lollol"), std::string::npos);
}

TEST(EdexXmlReaderTest, NeverFetchesExternalEntities) {
  // Declared in an internal subset: refused before anything is expanded.
  for (
      std::string_view doctype : {
          std::string_view(
              R"(<!DOCTYPE EDEX [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>)"),
          std::string_view(
              R"(<!DOCTYPE EDEX [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>)"),
          std::string_view(R"(<!DOCTYPE EDEX [<!ELEMENT EDEX ANY>]>)"),
      }) {
    std::string xml = std::string(doctype) +
                      "\n<EDEX><leerlingen><leerling key=\"1\"><achternaam>"
                      "&xxe;</achternaam></leerling></leerlingen></EDEX>";
    Result<Table> result = Read(xml);
    ASSERT_FALSE(result.ok()) << doctype;
    EXPECT_EQ(result.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(result.status().message().nl.find("DOCTYPE"), std::string::npos)
        << result.status().ToString();
    EXPECT_EQ(result.status().ToString().find("root:"), std::string::npos);
  }

  // An external DTD alone is never loaded, so the reference resolves to
  // nothing (or the file is refused); the password file never shows.
  std::string xml =
      "<!DOCTYPE EDEX SYSTEM \"file:///etc/passwd\">\n<EDEX><leerlingen>"
      "<leerling key=\"1\"><achternaam>A&xxe;B</achternaam></leerling>"
      "</leerlingen></EDEX>";
  Result<Table> result = Read(xml);
  if (result.ok()) {
    EXPECT_FALSE(AnyTextContains(*result, "root:"));
    EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kAchternaam)), "AB");
  } else {
    EXPECT_EQ(result.status().ToString().find("root:"), std::string::npos);
  }
}

TEST(EdexXmlReaderTest, ReadsWindows1252) {
  std::string xml = Replace(WithStudents("<leerling key=\"1\"><achternaam>\x8A"
                                         "koda</achternaam><roepnaam>Zo\xEB"
                                         "</roepnaam></leerling>"),
                            "encoding=\"UTF-8\"", "encoding=\"windows-1252\"");
  Result<Table> result = Read(xml);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kAchternaam)),
            "\u0160koda");
  EXPECT_EQ(result->sheets[0].Text(1, Col(StudentColumn::kRoepnaam)),
            "Zo\u00EB");

  Result<Table> unknown =
      Read("<?xml version=\"1.0\" encoding=\"x-onbekend\"?>\n<EDEX></EDEX>");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().nl.find("x-onbekend"), std::string::npos)
      << unknown.status().ToString();
}

TEST(EdexXmlReaderTest, KeepsInvalidDatesAsText) {
  std::string xml = WithStudents(R"(    <leerling key="1">
      <geboortedatum>2018-02-30</geboortedatum><instroomdatum>2022-08-29</instroomdatum>
      <uitstroomdatum>31-07-2027</uitstroomdatum>
    </leerling>)");
  Result<Table> result = Read(xml);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const Sheet& students = result->sheets[0];
  EXPECT_EQ(students.Text(1, Col(StudentColumn::kGeboortedatum)), "2018-02-30");
  EXPECT_EQ(students.Type(1, Col(StudentColumn::kGeboortedatum)),
            CellType::kText);
  EXPECT_EQ(students.Type(1, Col(StudentColumn::kInstroomdatum)),
            CellType::kDate);
  EXPECT_EQ(students.Text(1, Col(StudentColumn::kUitstroomdatum)),
            "31-07-2027");
  EXPECT_EQ(students.Type(1, Col(StudentColumn::kUitstroomdatum)),
            CellType::kText);
}

}  // namespace
}  // namespace schoolbieb::formats
