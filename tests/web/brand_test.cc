// The library's name and colour on its pages, over real HTTP on loopback:
// the login page of a one-library server wears that library's name and
// colour; an admin changes both in the back office and every page follows;
// a colour that is malformed, or too light for white text, is refused with
// what to do and nothing is stored; only admins may change them; the
// stylesheet route writes only a colour it parsed.
#include <gtest/gtest.h>
#include <httplib.h>

#include <string>

#include "store/library_store.h"
#include "web/web_fixture.h"

namespace schoolbieb::web {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A link's target as mstch writes it into an attribute ('/' escaped).
std::string Href(std::string path) {
  std::string out;
  for (char c : path)
    out += c == '/' ? std::string("&#x2F;") : std::string(1, c);
  return "href=\"" + out + "\"";
}

class BrandTest : public WebTest {
 protected:
  std::string AdminSession() {
    return Login("beheerder", "Beheerder-demo-2026");
  }

  httplib::Result Save(const std::string& session, const std::string& name,
                       const std::string& colour) {
    return PostForm(session, "/backoffice/library",
                    {{"name", name}, {"brand_colour", colour}});
  }

  store::Library Stored() { return *store::GetLibrary(*db_, library_id_); }
};

TEST_P(BrandTest, TheLoginPageShowsTheOnlyLibrarysNameAndColour) {
  auto page = Client().Get("/login");
  ASSERT_EQ(page->status, 200);
  EXPECT_TRUE(Has(page->body, "– Bibliotheek Demostad</title>"));
  EXPECT_TRUE(
      Has(page->body, "class=\"brand\" href=\"/\">Bibliotheek Demostad<"));
  EXPECT_TRUE(Has(page->body, Href("/brand/154273.css")));

  // With two libraries the login page cannot know whose it is.
  StrangerSession();
  page = Client().Get("/login");
  EXPECT_TRUE(Has(page->body, "class=\"brand\" href=\"/\">schoolbieb<"));
  EXPECT_FALSE(Has(page->body, "Bibliotheek Demostad"));
  EXPECT_TRUE(Has(page->body, Href("/brand/154273.css")));
}

TEST_P(BrandTest, AnAdminChangesTheNameAndColourAndEveryPageFollows) {
  std::string admin = AdminSession();
  auto form = Client().Get("/backoffice/library", Cookie(admin));
  ASSERT_EQ(form->status, 200);
  EXPECT_TRUE(Has(form->body, "value=\"#154273\""));
  EXPECT_TRUE(Has(form->body, Href("/backoffice/library") + " aria-current"));

  auto saved = Save(admin, "  Bieb <Noord> &  Co ", "#7A1F5C");
  ASSERT_EQ(saved->status, 303) << saved->body;
  EXPECT_EQ(saved->get_header_value("Location"), "/backoffice/library?saved=1");
  EXPECT_EQ(Stored().name, "Bieb <Noord> & Co");
  EXPECT_EQ(Stored().brand_colour, "#7a1f5c");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'library.update'"),
            1);

  // A teacher's pages and the login page now carry both, the name escaped.
  std::string teacher = TeacherSession();
  for (const std::string& body :
       {Client().Get("/uploads", Cookie(teacher))->body,
        Client().Get("/login")->body}) {
    EXPECT_TRUE(Has(body, "– Bieb &lt;Noord&gt; &amp; Co</title>"));
    EXPECT_TRUE(Has(body, Href("/brand/7a1f5c.css")));
    EXPECT_FALSE(Has(body, "<Noord>"));
  }
  auto css = Client().Get("/brand/7a1f5c.css");
  ASSERT_EQ(css->status, 200);
  EXPECT_TRUE(Has(css->body, "--brand: #7a1f5c;"));
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
  EXPECT_TRUE(Has(css->get_header_value("Cache-Control"), "immutable"));

  // Saving the same again is no change and writes no audit event.
  ASSERT_EQ(Save(admin, "Bieb <Noord> & Co", "#7a1f5c")->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = "
                  "'library.update'"),
            1);
}

TEST_P(BrandTest, ABadColourIsRefusedWithWhatToDoAndNothingIsStored) {
  std::string admin = AdminSession();
  // Too light: white text on it is 2.4:1; the message proposes a darker one.
  auto light = Save(admin, "Bibliotheek Noord", "#77aadd");
  ASSERT_EQ(light->status, 422);
  EXPECT_TRUE(Has(light->body, "Deze kleur is te licht"));
  EXPECT_TRUE(Has(light->body, "minstens 4,5 : 1"));
  EXPECT_TRUE(Has(light->body, "Kies een donkerdere kleur, bijvoorbeeld #"));
  EXPECT_TRUE(Has(light->body, "value=\"#77aadd\""));
  EXPECT_TRUE(Has(light->body, "aria-invalid=\"true\""));
  // Just under the line: #777777 is 4.48:1 on white.
  EXPECT_EQ(Save(admin, "Bibliotheek Noord", "#777777")->status, 422);
  for (const char* bad : {"red", "#abc", "#12345g", "154273",
                          "#154273;}body{display:none", "#1542733"}) {
    auto res = Save(admin, "Bibliotheek Noord", bad);
    EXPECT_EQ(res->status, 422) << bad;
    EXPECT_TRUE(Has(res->body, "Schrijf de kleur als een #")) << bad;
  }
  auto nameless = Save(admin, "   ", "#154273");
  EXPECT_EQ(nameless->status, 422);
  EXPECT_TRUE(Has(nameless->body, "Geef de bibliotheek een naam."));
  EXPECT_EQ(Stored().name, "Bibliotheek Demostad");
  EXPECT_EQ(Stored().brand_colour, "#154273");

  auto english =
      Client().Post("/backoffice/library",
                    {{"Cookie", "sb_session=" + admin + "; sb_lang=en"}},
                    httplib::Params{{"csrf", CsrfFor(admin)},
                                    {"name", "Bibliotheek Noord"},
                                    {"brand_colour", "#77aadd"}});
  EXPECT_EQ(english->status, 422);
  EXPECT_TRUE(Has(english->body, "This colour is too light."));
}

TEST_P(BrandTest, OnlyAdminsMayChangeThem) {
  for (const std::string& session : {StaffSession(), TeacherSession()}) {
    EXPECT_EQ(Client().Get("/backoffice/library", Cookie(session))->status,
              403);
    EXPECT_EQ(Save(session, "Overgenomen", "#000000")->status, 403);
  }
  EXPECT_EQ(Stored().name, "Bibliotheek Demostad");
  // Without the CSRF token an admin is refused too.
  auto res = Client().Post(
      "/backoffice/library", Cookie(AdminSession()),
      httplib::Params{{"name", "Overgenomen"}, {"brand_colour", "#000000"}});
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(Stored().name, "Bibliotheek Demostad");
}

TEST_P(BrandTest, TheStylesheetRouteWritesOnlyAColourItParsed) {
  EXPECT_EQ(Client().Get("/brand/zzzzzz.css")->status, 404);
  EXPECT_EQ(Client().Get("/brand/ABCDEF.css")->status, 404);
  EXPECT_EQ(Client().Get("/brand/154273.css;x")->status, 404);
  auto css = Client().Get("/brand/000000.css");
  ASSERT_EQ(css->status, 200);
  EXPECT_EQ(css->body,
            ":root { --brand: #000000; --brand-dark: #000000; --brand-tint: "
            "#e0e0e0; }\n");
}

SCHOOLBIEB_ON_BOTH_DATABASES(Web, BrandTest);

}  // namespace
}  // namespace schoolbieb::web
