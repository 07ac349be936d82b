// Names from a school's file are text wherever they are shown (ASVS 5.0
// V1.2.1, V1.2.10): a file whose names and groups carry markup, template
// braces, line breaks and a right-to-left override is uploaded, previewed
// with every filter, imported, searched and opened, and on no page does
// its markup arrive as markup; the import's students as CSV (when this
// branch has it) neutralise formulas but keep the Dutch "'t".
#include <gtest/gtest.h>
#include <httplib.h>
#include <soci/soci.h>

#include <regex>
#include <string>
#include <vector>

#include "web/route_table.h"
#include "web/web_fixture.h"

namespace schoolbieb::web {
namespace {

// Markup that, unescaped, would run or change the page.
const char* const kRawMarkup[] = {"<script>alert", "<img src=x", "<svg onload",
                                  "<b>vet</b>", "\"><img"};

// The file: names and groups with markup, braces, a line break in a quoted
// cell, a right-to-left override (U+202E), formula starters and the Dutch
// "'t"; one row with markup in its birth date, which the report quotes.
std::string HostileCsv() {
  return "LEERLINGNUMMER;ROEPNAAM;VOORLETTERS;NAAMTUS;NAAM;GEBOORTEDATUM;"
         "GROEP;GROEPSNAAM;JAARGROEP\n"
         "7001;<script>alert(1)</script>;S.;;\"\"\"><img src=x "
         "onerror=alert(2)>\";2016-01-01;5A;{{t.login_title}} <b>vet</b>;5\n"
         "7002;\"Twee\nregels\";T.;;=HYPERLINK(\"\"http://x\"\");2016-02-02;"
         "5A;Groep 5A;5\n"
         "7003;Anna;A.;;\xE2\x80\xAEgnip;2016-03-03;5A;Groep 5A;5\n"
         "7004;@SUM(1);B.;'t;+Hart;2016-04-04;5A;Groep 5A;5\n"
         "7005;Bas;B.;;-Min;<svg onload=alert(3)>;5A;Groep 5A;5\n";
}

class EscapingTest : public WebTest {
 protected:
  httplib::Result Get(const std::string& session, const std::string& path) {
    return Client().Get(path, Cookie(session));
  }

  // The page is there and none of the file's markup is markup on it.
  void ExpectText(const httplib::Result& res, const std::string& what) {
    ASSERT_TRUE(res) << what;
    EXPECT_EQ(res->status, 200) << what;
    for (const char* markup : kRawMarkup) {
      EXPECT_EQ(res->body.find(markup), std::string::npos)
          << what << " shows raw " << markup;
    }
  }
};

TEST_P(EscapingTest, MarkupFromAFileIsTextOnEveryPage) {
  std::string teacher = TeacherSession();
  std::string staff = StaffSession();
  auto sent = Upload(teacher, "leerlingen.csv", HostileCsv());
  ASSERT_EQ(sent->status, 303) << sent->body.substr(0, 2000);
  const long long upload = Count("SELECT MAX(id) FROM upload");
  const std::string id = std::to_string(upload);

  // The teacher: the quick report, Mijn uploads, the upload.
  auto report = Get(teacher, sent->get_header_value("Location"));
  ExpectText(report, "quick report");
  ExpectText(Get(teacher, "/uploads"), "Mijn uploads");
  ExpectText(Get(teacher, "/uploads/" + id), "upload detail");

  // Staff: the list, the upload, the preview under every filter.
  ExpectText(Get(staff, "/backoffice/uploads"), "uploads");
  ExpectText(Get(staff, "/backoffice/uploads/" + id), "upload");
  auto preview =
      Get(staff, "/backoffice/uploads/" + id + "/preview?filter=all");
  ExpectText(preview, "preview");
  // The names are on it, as text.
  EXPECT_NE(preview->body.find("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"),
            std::string::npos);
  for (const char* filter : {"", "all", "new", "changed", "unchanged",
                             "leaving", "conflict", "rejected", "problems"}) {
    ExpectText(
        Get(staff, "/backoffice/uploads/" + id + "/preview?filter=" + filter),
        std::string("preview ") + filter);
  }

  // The import and its report.
  std::smatch match;
  ASSERT_TRUE(std::regex_search(
      preview->body, match,
      std::regex(R"re(name="fingerprint" value="([0-9a-f]{64})")re")));
  auto imported = PostForm(staff, "/backoffice/uploads/" + id + "/import",
                           {{"fingerprint", match[1].str()}});
  ASSERT_EQ(imported->status, 303) << imported->body.substr(0, 2000);
  const std::string run =
      std::to_string(Count("SELECT MAX(id) FROM import_run"));
  ExpectText(Get(staff, "/backoffice/imports/" + run), "import report");
  ExpectText(Get(staff, "/backoffice/imports"), "history");
  ExpectText(Get(teacher, "/uploads/" + id), "upload detail after import");

  // The customers: the search (its own words echoed too) and every tab of
  // every student the file made.
  for (const char* query : {"<script>alert(1)</script>", "alert", "Anna",
                            "\"><img src=x onerror=alert(2)>"}) {
    ExpectText(PostForm(staff, "/backoffice/customers", {{"q", query}}),
               std::string("search ") + query);
  }
  std::vector<long long> students;
  soci::rowset<long long> rows = db_->sql().prepare
                                 << "SELECT id FROM customer WHERE "
                                    "external_number_2 LIKE '700%'";
  for (long long student : rows) students.push_back(student);
  EXPECT_GE(students.size(), 4u);
  for (long long student : students) {
    for (const char* tab :
         {"klant", "naw", "contributie", "overig", "meldingen",
          "eigenschappen-1", "eigenschappen-2"}) {
      ExpectText(Get(staff, "/backoffice/customers/" + std::to_string(student) +
                                "?tab=" + tab),
                 std::string("customer tab ") + tab);
    }
  }
  ExpectText(Get(staff, "/backoffice/audit"), "audit");

  // The import's students as CSV: formulas neutralised, "'t" kept.
  routes::Route csv{"GET", "/backoffice/imports/{id}/students.csv",
                    routes::Door::kStaff, routes::Object::kRun,
                    routes::Guard::kNone};
  auto res = Get(staff, routes::PathWith(csv, std::stoll(run)));
  ASSERT_EQ(res->status, 200);
  const std::string& body = res->body;
  for (const char* formula :
       {";=HYPERLINK", ";@SUM", ";+Hart", ";-Min", "\n=", "\n@", "\n+", "\n-",
        "\"=", "\"@", "\"+", "\"-"}) {
    EXPECT_EQ(body.find(formula), std::string::npos) << formula;
  }
  EXPECT_NE(body.find("'=HYPERLINK"), std::string::npos);
  EXPECT_NE(body.find("'t"), std::string::npos);
  EXPECT_EQ(body.find("''t"), std::string::npos);
}

SCHOOLBIEB_ON_BOTH_DATABASES(Web, EscapingTest);

}  // namespace
}  // namespace schoolbieb::web
