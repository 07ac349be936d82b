// Issue 18, point 4: forbidden data is never kept, not even in the stored
// upload. A teacher uploads, through the portal, an EDEX export that
// carries BSNs, ethnicity and "gewicht" (as the standard does), and a CSV
// and an XLSX with a BSN column while the school drops forbidden columns.
// For each, on both databases: the decrypted stored content and what staff
// download hold none of those values; reading what is stored gives the same
// table (sheets, lines, types, properties such as the EDEX brin and
// schooljaar) but for the removed cells, the same roster and the same plan
// as reading the file; and the import then applies exactly that plan.
#include "import/stored_upload.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <regex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "formats/reader.h"
#include "formats/table_codec.h"
#include "import/engine.h"
#include "import/report.h"
#include "import/upload_run.h"
#include "store/library_store.h"
#include "support/xlsx_builder.h"
#include "support/zip_builder.h"
#include "web/web_fixture.h"

namespace schoolbieb::web {
namespace {

using import::ImportPlan;
using import::ImportRequest;

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// An EDEX export for De Kievit (BRIN 99KV) with the private fields a school
// system writes, as elements and as an attribute. All people invented.
std::string EdexWithPrivateFields() {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<EDEX xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="EDEXML.structuur.xsd">
  <school>
    <schooljaar>2026-2027</schooljaar>
    <brincode>99KV</brincode>
    <dependancecode>00</dependancecode>
    <auteur>Voorbeeld-LAS 1.0</auteur>
  </school>
  <groepen>
    <groep key="49"><naam>Groep 4a</naam><jaargroep>4</jaargroep></groep>
    <groep key="50"><naam>Groep 7/8</naam><jaargroep>C</jaargroep></groep>
  </groepen>
  <leerlingen>
    <leerling key="3580" bsn="918273645">
      <achternaam>Voorbeeld</achternaam><voorvoegsel>v. d.</voorvoegsel><roepnaam>Saar</roepnaam>
      <geboortedatum>2018-08-07</geboortedatum><geslacht>2</geslacht><jaargroep>4</jaargroep><groep key="49"/>
      <bsn>918273645</bsn><etniciteit>Etniciteit-Zeldzaam</etniciteit><land_vader>Vaderland-Zeldzaam</land_vader>
      <gewicht>Gewicht-Zeldzaam</gewicht><postcodenl>1234AB</postcodenl>
    </leerling>
    <leerling key="3581">
      <achternaam>Proef</achternaam><voornamen>Timo Johannes</voornamen><roepnaam>Timo</roepnaam>
      <geboortedatum>2015-02-14</geboortedatum><geslacht>1</geslacht><jaargroep>7</jaargroep><groep key="50"/>
      <bsn>827364554</bsn><emailadres>ouder.proef@example.org</emailadres>
    </leerling>
    <leerling key="3582">
      <achternaam>Steekproef</achternaam><voorvoegsel>de</voorvoegsel><roepnaam>Noor</roepnaam>
      <geboortedatum>2014-11-30</geboortedatum><geslacht>2</geslacht><jaargroep>8</jaargroep><groep key="50"/>
      <sofinummer>736455463</sofinummer>
    </leerling>
  </leerlingen>
  <leerkrachten>
    <leerkracht key="75">
      <achternaam>Meester</achternaam><roepnaam>Karel</roepnaam><emailadres>k.meester@school.example.org</emailadres>
      <bsn>645546372</bsn><groepen><groep key="49"/></groepen>
    </leerkracht>
  </leerkrachten>
</EDEX>
)";
}

std::string Pad(const std::string& text, size_t width) {
  std::string field = text.substr(0, width);
  field.resize(width, ' ');
  return field;
}

// The older fixed-width EDEX2000 set in a ZIP, as ParnasSys wrote it: the
// private fields (ethnicity, sofinummer, gewicht, country) filled in.
std::string Edex2000WithPrivateFields() {
  struct Student {
    const char *last, *prefix, *name, *born, *sex, *key, *group, *sofi;
  };
  const Student students[] = {
      {"Voorbeeld", "v.d.", "Saar", "07082018", "M", "03580", "00049",
       "918273001"},
      {"Proef", "", "Timo", "14022015", "J", "03581", "00050", "918273002"},
      {"Steekproef", "de", "Noor", "30112014", "M", "03582", "00050",
       "918273003"}};
  std::string ll;
  for (const Student& s : students) {
    ll += Pad(s.last, 40) + Pad(s.prefix, 10) + Pad(s.name, 20) + s.born +
          s.sex + "#" + s.key + s.group + "2026-2027" + s.sofi + "GW77" +
          "1234AB" + "01082022" + std::string(8, ' ') + "QQ" + "99KV" +
          Pad("00", 5) + "\r\n";
  }
  std::string gr = Pad("Groep 4a", 30) + "4" + "00049" + "2026-2027" + "99KV" +
                   Pad("00", 5) + "\r\n" + Pad("Groep 7/8", 30) + "7" +
                   "00050" + "2026-2027" + "99KV" + Pad("00", 5) + "\r\n";
  return testing::BuildZip(
      {{"EDEXLL.TXT", ll, false}, {"EDEXGR.TXT", gr, false}});
}

const std::vector<std::string> kEdex2000Secrets = {"918273001", "918273002",
                                                   "918273003", "GW77"};

const std::vector<std::string> kEdexSecrets = {
    "918273645",           "827364554",          "736455463",       "645546372",
    "Etniciteit-Zeldzaam", "Vaderland-Zeldzaam", "Gewicht-Zeldzaam"};

// The demo students with a BSN column in the middle (so the columns after
// it keep their numbers) and ethnicity last.
std::string CsvWithBsn() {
  std::string csv = StudentsCsv();
  std::string out;
  size_t start = 0;
  int row = 0;
  while (start < csv.size()) {
    size_t end = csv.find('\n', start);
    if (end == std::string::npos) end = csv.size();
    std::string line = csv.substr(start, end - start);
    start = end + 1;
    if (line.ends_with('\r')) line.pop_back();
    if (line.empty()) continue;
    size_t third = line.find(';', line.find(';', line.find(';') + 1) + 1);
    std::string bsn = row == 0 ? "BSN" : "5550001" + std::to_string(10 + row);
    std::string origin =
        row == 0 ? "Etniciteit" : "Herkomst-" + std::to_string(row);
    out += line.substr(0, third) + ";" + bsn + line.substr(third) + ";" +
           origin + "\r\n";
    ++row;
  }
  return out;
}

std::vector<std::string> CsvSecrets() {
  std::vector<std::string> secrets;
  for (int row = 1; row <= 6; ++row) {
    secrets.push_back("5550001" + std::to_string(10 + row));
    secrets.push_back("Herkomst-" + std::to_string(row));
  }
  return secrets;
}

std::string Cell(const std::string& ref, const std::string& value,
                 const char* kind) {
  if (std::string(kind) == "n") {
    return "<c r=\"" + ref + "\"><v>" + value + "</v></c>";
  }
  if (std::string(kind) == "d") {
    return "<c r=\"" + ref + "\" s=\"1\"><v>" +
           std::to_string(testing::ExcelSerial(value)) + "</v></c>";
  }
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" +
         testing::XmlEscape(value) + "</t></is></c>";
}

// A workbook as a school exports it: a title row above the header, birth
// dates as dates, year groups and BSNs as numbers; a second sheet of care
// notes with BSNs, and a hidden sheet of teachers with theirs.
std::string XlsxWithBsn() {
  testing::XlsxParts parts;
  std::string students =
      "<row r=\"1\">" + Cell("A1", "Leerlingexport De Kievit", "s") +
      "</row><row r=\"3\">" + Cell("A3", "LEERLINGNUMMER", "s") +
      Cell("B3", "ROEPNAAM", "s") + Cell("C3", "NAAM", "s") +
      Cell("D3", "BSN", "s") + Cell("E3", "GEBOORTEDATUM", "s") +
      Cell("F3", "GROEP", "s") + Cell("G3", "GROEPSNAAM", "s") +
      Cell("H3", "JAARGROEP", "s") + Cell("I3", "Godsdienst", "s") + "</row>";
  const char* rows[][6] = {
      {"000201", "Ilse", "Werkboek", "444000111", "2017-03-04", "5"},
      {"000202", "Bram", "Rekenblad", "444000222", "2016-10-31", "6"},
      {"000203", "Fenna", "Cellen", "444000333", "2018-01-15", "4"}};
  int r = 4;
  for (const auto& s : rows) {
    std::string n = std::to_string(r);
    students += "<row r=\"" + n + "\">" + Cell("A" + n, s[0], "s") +
                Cell("B" + n, s[1], "s") + Cell("C" + n, s[2], "s") +
                Cell("D" + n, s[3], "n") + Cell("E" + n, s[4], "d") +
                Cell("F" + n, s[5] + std::string("A"), "s") +
                Cell("G" + n, std::string("Groep ") + s[5], "s") +
                Cell("H" + n, s[5], "n") +
                Cell("I" + n, std::string("Geloof-") + s[1], "s") + "</row>";
    ++r;
  }
  parts.sheets.push_back({"Leerlingen", students, false});
  parts.sheets.push_back(
      {"Zorg",
       "<row r=\"1\">" + Cell("A1", "Leerlingnummer", "s") +
           Cell("B1", "BSN", "s") + Cell("C1", "Zorgnotitie", "s") +
           "</row><row r=\"2\">" + Cell("A2", "000201", "s") +
           Cell("B2", "444000111", "n") +
           Cell("C2", "Zorgnotitie-Zeldzaam", "s") + "</row>",
       false});
  parts.sheets.push_back(
      {"Leerkrachten",
       "<row r=\"1\">" + Cell("A1", "Achternaam", "s") +
           Cell("B1", "Roepnaam", "s") + Cell("C1", "BSN", "s") +
           "</row><row r=\"2\">" + Cell("A2", "Meester", "s") +
           Cell("B2", "Karel", "s") + Cell("C2", "444000999", "n") + "</row>",
       true});
  return testing::BuildXlsx(parts);
}

const std::vector<std::string> kXlsxSecrets = {
    "444000111",   "444000222",   "444000333",    "444000999",
    "Geloof-Ilse", "Geloof-Bram", "Geloof-Fenna", "Zorgnotitie-Zeldzaam"};

class StoredUploadTest : public WebTest {
 protected:
  long long TeacherUploads(const std::string& name,
                           const std::string& content) {
    auto res = Upload(TeacherSession(), name, content);
    EXPECT_EQ(res->status, 303) << res->body.substr(0, 2000);
    return Count("SELECT MAX(id) FROM upload");
  }

  void DropForbiddenColumns() {
    ASSERT_TRUE(store::SetBranchSettings(*db_, kievit_,
                                         "{\"drop_forbidden_columns\": true}")
                    .ok());
  }

  std::string Today() { return FormatIsoDate(SystemClock::Get().Now()); }

  ImportRequest Request(long long id) {
    auto upload = store::GetUpload(*db_, id);
    ImportRequest request;
    request.library_id = library_id_;
    request.branch_id = kievit_;
    request.upload_id = id;
    request.file_name = upload->original_name;
    request.file_sha256 = upload->sha256;
    request.actor = "medewerker";
    request.today = Today();
    return request;
  }

  // What reading the file itself gives, as the upload once did.
  struct Reading {
    formats::Table table;
    roster::Roster roster;
    ImportPlan plan;
  };
  Reading FromOriginal(long long id, const std::string& name,
                       const std::string& original) {
    Reading reading;
    formats::ReadOptions read;
    read.file_name = name;
    auto table = formats::ReadTable(original, read);
    EXPECT_TRUE(table.ok()) << table.status().ToString();
    auto settings = import::LoadSchoolSettings(*db_, kievit_, Today());
    EXPECT_TRUE(settings.ok());
    auto roster = import::Recognise(*table, *settings);
    EXPECT_TRUE(roster.ok()) << roster.status().ToString();
    auto plan = import::PlanImport(*db_, Request(id), *settings, *roster);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    reading.table = std::move(*table);
    reading.roster = std::move(*roster);
    reading.plan = std::move(*plan);
    return reading;
  }

  // What the preview and the import read: the stored upload.
  Reading FromStored(long long id) {
    Reading reading;
    auto upload = store::GetUpload(*db_, id);
    auto content = store::ReadUploadContent(*db_, *options_.upload_key, id);
    EXPECT_TRUE(content.ok());
    formats::ReadOptions read;
    read.file_name = upload->original_name;
    auto table = import::ReadStoredForm(upload->stored_form, *content, read);
    EXPECT_TRUE(table.ok()) << table.status().ToString();
    auto run = import::LoadUploadRun(*db_, *options_.upload_key, id, Today());
    EXPECT_TRUE(run.ok()) << run.status().ToString();
    auto plan =
        import::PlanImport(*db_, run->request, run->settings, run->roster);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    reading.table = std::move(*table);
    reading.roster = std::move(run->roster);
    reading.plan = std::move(*plan);
    return reading;
  }

  // The stored table is the file's table but for cells in forbidden
  // columns: same format, properties, sheets (names, visibility), rows
  // (lines), and every other cell with its column, type and text.
  void ExpectSameTableButForbiddenCells(const formats::Table& original,
                                        const formats::Table& kept,
                                        const std::vector<std::string>& secrets,
                                        bool cells_removed) {
    EXPECT_EQ(kept.format, original.format);
    EXPECT_EQ(kept.encoding, original.encoding);
    EXPECT_EQ(kept.delimiter, original.delimiter);
    EXPECT_EQ(kept.properties, original.properties);
    ASSERT_EQ(kept.problems.size(), original.problems.size());
    for (size_t i = 0; i < kept.problems.size(); ++i) {
      EXPECT_EQ(kept.problems[i].kind, original.problems[i].kind);
      EXPECT_EQ(kept.problems[i].message.nl, original.problems[i].message.nl);
      EXPECT_EQ(kept.problems[i].row, original.problems[i].row);
    }
    ASSERT_EQ(kept.sheets.size(), original.sheets.size());
    int removed = 0;
    for (size_t s = 0; s < kept.sheets.size(); ++s) {
      const formats::Sheet& a = original.sheets[s];
      const formats::Sheet& b = kept.sheets[s];
      EXPECT_EQ(b.name(), a.name());
      EXPECT_EQ(b.hidden(), a.hidden());
      ASSERT_EQ(b.row_count(), a.row_count()) << a.name();
      for (size_t row = 0; row < a.row_count(); ++row) {
        EXPECT_EQ(b.line(row), a.line(row));
        size_t j = 0;
        for (size_t i = 0; i < a.cell_count(row); ++i) {
          const formats::Sheet::Cell& cell = a.cell_at(row, i);
          std::string text(a.text(cell));
          bool kept_cell =
              j < b.cell_count(row) && b.cell_at(row, j).column == cell.column;
          if (!kept_cell) {
            ++removed;
            // Only forbidden values are left out.
            bool secret = false;
            for (const std::string& s : secrets) secret |= Has(text, s);
            EXPECT_TRUE(secret) << "removed: " << text;
            continue;
          }
          EXPECT_EQ(b.cell_at(row, j).type, cell.type) << text;
          EXPECT_EQ(b.text(b.cell_at(row, j)), text);
          ++j;
        }
        EXPECT_EQ(j, b.cell_count(row)) << "a cell the file did not have";
      }
    }
    // EDEX's readers skip the private fields themselves; a spreadsheet's
    // forbidden cells are what is removed.
    EXPECT_EQ(removed > 0, cells_removed) << original.format;
  }

  // Everything point 4 asks of one file. `cells_removed`: a spreadsheet's
  // forbidden cells are removed; EDEX's readers skip private fields
  // themselves.
  void ExpectKeptWithoutSecrets(const std::string& name,
                                const std::string& original,
                                const std::vector<std::string>& secrets,
                                int students, bool cells_removed) {
    for (const std::string& secret : secrets) {
      ASSERT_TRUE(Has(original, secret) ||
                  name.ends_with(".xlsx"))  // compressed
          << "the test file lacks " << secret;
    }
    long long id = TeacherUploads(name, original);
    auto upload = store::GetUpload(*db_, id);
    ASSERT_TRUE(upload.ok());
    EXPECT_EQ(upload->stored_form, "table");
    EXPECT_EQ(upload->size_bytes, static_cast<long long>(original.size()));
    // The decrypted stored content.
    auto content = store::ReadUploadContent(*db_, *options_.upload_key, id);
    ASSERT_TRUE(content.ok()) << content.status().ToString();
    for (const std::string& secret : secrets) {
      EXPECT_FALSE(Has(*content, secret)) << secret << " is stored";
    }
    // What staff download, audited.
    std::string staff = StaffSession();
    auto download =
        Client().Get("/backoffice/uploads/" + std::to_string(id) + "/download",
                     Cookie(staff));
    ASSERT_EQ(download->status, 200);
    EXPECT_EQ(download->get_header_value("Content-Type"),
              "text/csv; charset=utf-8");
    EXPECT_TRUE(download->body.starts_with("\xEF\xBB\xBF"));
    for (const std::string& secret : secrets) {
      EXPECT_FALSE(Has(download->body, secret)) << secret << " downloads";
    }
    EXPECT_TRUE(Has(download->body, "Steekproef") ||
                Has(download->body, "Werkboek"))
        << download->body;
    auto page = Client().Get("/backoffice/uploads/" + std::to_string(id),
                             Cookie(staff));
    EXPECT_TRUE(Has(page->body, "niet het bestand zelf bewaard"));

    // Reading what is kept is reading the file.
    Reading file = FromOriginal(id, name, original);
    Reading kept = FromStored(id);
    ExpectSameTableButForbiddenCells(file.table, kept.table, secrets,
                                     cells_removed);
    EXPECT_EQ(import::RosterDigest(kept.roster),
              import::RosterDigest(file.roster));
    EXPECT_EQ(kept.roster.profile, file.roster.profile);
    EXPECT_EQ(kept.roster.file_brins, file.roster.file_brins);
    EXPECT_EQ(kept.roster.dropped_columns, file.roster.dropped_columns);
    EXPECT_EQ(kept.plan.fingerprint, file.plan.fingerprint);
    EXPECT_EQ(
        import::ReportJson(kept.plan, 0, "previewed", Language::kDutch, true)
            .dump(),
        import::ReportJson(file.plan, 0, "previewed", Language::kDutch, true)
            .dump());
    EXPECT_EQ(file.plan.counts.new_students, students);

    // The preview shows that plan, and the import applies it.
    auto preview =
        Client().Get("/backoffice/uploads/" + std::to_string(id) + "/preview",
                     Cookie(staff));
    ASSERT_EQ(preview->status, 200);
    EXPECT_TRUE(Has(preview->body, "value=\"" + file.plan.fingerprint + "\""));
    auto imported =
        PostForm(staff, "/backoffice/uploads/" + std::to_string(id) + "/import",
                 {{"fingerprint", file.plan.fingerprint}});
    ASSERT_EQ(imported->status, 303) << imported->body.substr(0, 3000);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM customer WHERE kind = 'student'"),
              students);
  }
};

// The portal takes EDEX XML in a ZIP (ParnasSys and ESIS hand it out so);
// stored deflated or not, the secrets are in the file that is uploaded.
TEST_P(StoredUploadTest, AnEdexExportIsKeptWithoutItsPrivateFields) {
  ExpectKeptWithoutSecrets(
      "EDEX.zip",
      testing::BuildZip({{"EDEX.XML", EdexWithPrivateFields(), false}}),
      kEdexSecrets, 3, false);
}

TEST_P(StoredUploadTest, AnEdex2000SetIsKeptWithoutItsPrivateFields) {
  ExpectKeptWithoutSecrets("EDEX2000.zip", Edex2000WithPrivateFields(),
                           kEdex2000Secrets, 3, false);
}

TEST_P(StoredUploadTest, ACsvWithABsnColumnIsKeptWithoutIt) {
  DropForbiddenColumns();
  ExpectKeptWithoutSecrets("leerlingen.csv", CsvWithBsn(), CsvSecrets(), 6,
                           true);
}

TEST_P(StoredUploadTest, AWorkbookWithBsnsOnEverySheetIsKeptWithoutThem) {
  DropForbiddenColumns();
  ExpectKeptWithoutSecrets("leerlingen.xlsx", XlsxWithBsn(), kXlsxSecrets, 3,
                           true);
}

// Without the school's setting such a file is refused, and nothing is kept.
TEST_P(StoredUploadTest, WithoutTheSettingAFileWithABsnColumnIsRefused) {
  auto res = Upload(TeacherSession(), "leerlingen.csv", CsvWithBsn());
  EXPECT_EQ(res->status, 422);
  EXPECT_TRUE(Has(res->body, "BSN"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM upload"), 0);
}

// A file that held nothing the library may not have is kept as it came,
// and downloads as it came.
TEST_P(StoredUploadTest, ACleanFileIsKeptAsItCame) {
  std::string edex = EdexWithPrivateFields();
  for (const std::string& element :
       {std::string(" bsn=\"918273645\""), std::string("<bsn>918273645</bsn>"),
        std::string("<bsn>827364554</bsn>"),
        std::string("<bsn>645546372</bsn>"),
        std::string("<sofinummer>736455463</sofinummer>"),
        std::string("<etniciteit>Etniciteit-Zeldzaam</etniciteit>"),
        std::string("<land_vader>Vaderland-Zeldzaam</land_vader>"),
        std::string("<gewicht>Gewicht-Zeldzaam</gewicht>")}) {
    size_t at = edex.find(element);
    ASSERT_NE(at, std::string::npos) << element;
    edex.erase(at, element.size());
  }
  long long id = TeacherUploads("EDEX.zip",
                                testing::BuildZip({{"EDEX.XML", edex, false}}));
  EXPECT_EQ(store::GetUpload(*db_, id)->stored_form, "original");
  auto download =
      Client().Get("/backoffice/uploads/" + std::to_string(id) + "/download",
                   Cookie(StaffSession()));
  ASSERT_EQ(download->status, 200);
  EXPECT_EQ(download->body, testing::BuildZip({{"EDEX.XML", edex, false}}));
}

SCHOOLBIEB_ON_BOTH_DATABASES(Web, StoredUploadTest);

}  // namespace
}  // namespace schoolbieb::web
