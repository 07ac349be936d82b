// The import commands as a script or a cron job uses them: exit codes (0
// applied or previewed, 3 held, 1 refused), the JSON keys, the students
// list, undo and the saved mapping — on both databases.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "core/clock.h"
#include "store/library_store.h"
#include "store/outbox.h"
#include "store/upload_store.h"
#include "support/test_database.h"

namespace schoolbieb::cli {
namespace {

using nlohmann::json;

constexpr const char* kHeader =
    "LEERLINGNUMMER;GROEP;GROEPSNAAM;JAARGROEP;ROEPNAAM;NAAMTUS;NAAM;"
    "GEBOORTEDATUM;GESLACHT;POSTCODE\n";

class ImportCliTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    auto created = testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    db_ = std::move(created).value();
    ASSERT_EQ(Run({"migrate"}).code, kExitOk);
    ASSERT_EQ(Run({"demo"}).code, kExitOk);
  }

  struct Outcome {
    int code;
    std::string out;
    std::string err;
  };

  Outcome Run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_->url()});
    std::istringstream in;
    std::ostringstream out, err;
    int code = cli::Run(args, {in, out, err},
                        [](const char*) -> const char* { return nullptr; });
    return {code, out.str(), err.str()};
  }

  std::string File(const std::string& name, const std::string& text) {
    std::string path = dir_.path() + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  Outcome Import(const std::string& path, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"import", path,         "--library",
                                     "demo",   "--school",   "de-kievit",
                                     "--date", "2026-09-01", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Run(args);
  }

  std::unique_ptr<testing::TestDatabase> db_;
  testing::TempDir dir_;
};

TEST_P(ImportCliTest, PreviewApplyListAndUndo) {
  std::string path = File(
      "leerlingen.csv", std::string(kHeader) +
                            "0101;5A;Groep 5A;5;Daan;van der;Berg;03-04-2016;"
                            "M;1234ab\n"
                            "0102;5A;Groep 5A;5;Zo\xC3\xAB;;Jansen;12-11-2015;"
                            "V;\n");
  Outcome preview = Import(path, {"--dry-run"});
  ASSERT_EQ(preview.code, kExitOk) << preview.err << preview.out;
  json report = json::parse(preview.out);
  for (const char* key :
       {"import_id", "status", "profile", "counts", "holds", "problems"}) {
    EXPECT_TRUE(report.contains(key)) << key;
  }
  for (const char* key : {"new", "changed", "unchanged", "leaving", "moved_in",
                          "conflicts", "rejected_rows"}) {
    EXPECT_TRUE(report["counts"].contains(key)) << key;
  }
  EXPECT_EQ(report["status"], "previewed");
  EXPECT_EQ(report["profile"], "wise");
  EXPECT_EQ(report["counts"]["new"], 2);

  Outcome none =
      Run({"students", "--library", "demo", "--school", "de-kievit", "--json"});
  ASSERT_EQ(none.code, kExitOk) << none.err;
  EXPECT_EQ(json::parse(none.out).size(), 0u) << "a preview wrote students";

  Outcome applied = Import(path);
  ASSERT_EQ(applied.code, kExitOk) << applied.err << applied.out;
  json applied_report = json::parse(applied.out);
  EXPECT_EQ(applied_report["status"], "applied");
  long long import_id = applied_report["import_id"];

  Outcome listed =
      Run({"students", "--library", "demo", "--school", "de-kievit", "--json"});
  json students = json::parse(listed.out);
  ASSERT_EQ(students.size(), 2u);
  const json& daan = students[0];
  EXPECT_EQ(daan["student_number"], "0101");
  EXPECT_EQ(daan["name_prefix"], "van der");
  EXPECT_EQ(daan["last_name"], "Berg");
  EXPECT_EQ(daan["birth_date"], "2016-04-03");
  EXPECT_EQ(daan["postcode"], "1234 AB");
  EXPECT_EQ(daan["sex"], "M");
  EXPECT_EQ(daan["school_member"], true);
  EXPECT_EQ(daan["public_member"], false);
  EXPECT_TRUE(daan["left_on"].is_null());
  EXPECT_FALSE(daan["card_number"].get<std::string>().empty());
  for (const char* key :
       {"call_name", "first_names", "initials", "year_group", "group_name"}) {
    EXPECT_TRUE(daan.contains(key)) << key;
  }

  // Next year Zoë is gone: with a small school that is more than half.
  std::string next = File("volgend-jaar.csv",
                          std::string(kHeader) +
                              "0101;6A;Groep 6A;6;Daan;van der;Berg;03-04-2016;"
                              "M;1234ab\n");
  Outcome held = Import(next);
  EXPECT_EQ(held.code, kExitHeld) << held.out;
  json held_report = json::parse(held.out);
  EXPECT_EQ(held_report["status"], "held");
  ASSERT_FALSE(held_report["holds"].empty());
  EXPECT_FALSE(held_report["holds"][0]["message"].get<std::string>().empty());

  Outcome released = Import(next, {"--allow-mass-leave"});
  ASSERT_EQ(released.code, kExitOk) << released.out;
  long long second_id = json::parse(released.out)["import_id"];
  Outcome all = Run({"students", "--library", "demo", "--school", "de-kievit",
                     "--all", "--json"});
  json everyone = json::parse(all.out);
  ASSERT_EQ(everyone.size(), 2u);
  EXPECT_EQ(everyone[1]["last_name"], "Jansen");
  EXPECT_EQ(everyone[1]["left_on"], "2026-09-01");
  EXPECT_EQ(everyone[1]["school_member"], false);

  Outcome too_early = Run({"undo", std::to_string(import_id), "--json"});
  EXPECT_EQ(too_early.code, kExitRefused);
  Outcome undone = Run({"undo", std::to_string(second_id), "--json"});
  ASSERT_EQ(undone.code, kExitOk) << undone.err << undone.out;
  EXPECT_EQ(json::parse(undone.out)["status"], "undone");
  Outcome back =
      Run({"students", "--library", "demo", "--school", "de-kievit", "--json"});
  EXPECT_EQ(json::parse(back.out).size(), 2u);
}

TEST_P(ImportCliTest, RefusedFilesExitWithOneAndSayWhy) {
  std::string bsn =
      File("bsn.csv", "Leerlingnummer;Achternaam;Groep;BSN\n1;Poel;5A;1234\n");
  Outcome refused = Import(bsn);
  EXPECT_EQ(refused.code, kExitRefused);
  json report = json::parse(refused.out);
  EXPECT_EQ(report["status"], "rejected");
  EXPECT_NE(report["error"]["message"].get<std::string>().find("BSN"),
            std::string::npos);
  std::string nonsense = File("nonsense.csv", "a;b\n1;2\n");
  EXPECT_EQ(Import(nonsense).code, kExitRefused);
  EXPECT_EQ(Import(dir_.path() + "/missing.csv").code, kExitRefused);
}

// A number rule that would read the school's stored numbers otherwise is
// shown and saved only when confirmed; the next import then matches both
// sides under it.
TEST_P(ImportCliTest, ANumberRuleChangeIsConfirmedAndMatchesBothSides) {
  std::string first = File("met-nullen.csv",
                           "LEERLINGNUMMER;GROEP;GROEPSNAAM;JAARGROEP;ROEPNAAM;"
                           "NAAM\n0000845;5A;Groep 5A;5;Anna;Hendriks\n");
  ASSERT_EQ(Import(first).code, kExitOk);
  Outcome refused = Run({"mapping", "set", "--library", "demo", "--school",
                         "de-kievit", "--number", "strip-zeros"});
  EXPECT_EQ(refused.code, kExitRefused);
  EXPECT_NE(refused.err.find("0000845 → 845"), std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("--confirm-number-rule"), std::string::npos);
  Outcome confirmed =
      Run({"mapping", "set", "--library", "demo", "--school", "de-kievit",
           "--number", "strip-zeros", "--confirm-number-rule"});
  ASSERT_EQ(confirmed.code, kExitOk) << confirmed.err;
  std::string second = File("zonder-nullen.csv",
                            "LEERLINGNUMMER;GROEP;GROEPSNAAM;JAARGROEP;"
                            "ROEPNAAM;NAAM\n845;6A;Groep 6A;6;Anna;Hendriks\n");
  Outcome applied = Import(second);
  ASSERT_EQ(applied.code, kExitOk) << applied.out << applied.err;
  json report = json::parse(applied.out);
  EXPECT_EQ(report["counts"]["new"], 0);
  EXPECT_EQ(report["counts"]["changed"], 1);
  EXPECT_EQ(report["counts"]["conflicts"], 0);
}

TEST_P(ImportCliTest, ASavedMappingReadsAnUnknownExport) {
  std::string path = File("dotcom.csv",
                          "Nummer leerling;Familienaam;Klasje;Sekse\n"
                          "7;Bos;3B;1\n");
  // Without a mapping the file is not recognised.
  EXPECT_EQ(Import(path).code, kExitRefused);
  Outcome set = Run({"mapping",   "set",
                     "--library", "demo",
                     "--school",  "de-kievit",
                     "--column",  "Nummer leerling=student_number",
                     "--column",  "Familienaam=last_name",
                     "--column",  "Klasje=group_key",
                     "--column",  "Sekse=sex",
                     "--sex",     "1=M",
                     "--sex",     "2=V",
                     "--number",  "pad:4"});
  ASSERT_EQ(set.code, kExitOk) << set.err;
  Outcome shown = Run({"mapping", "show", "--library", "demo", "--school",
                       "de-kievit", "--json"});
  json mapping = json::parse(shown.out);
  EXPECT_EQ(mapping["number_normalisation"], "pad:4");
  EXPECT_EQ(mapping["mapping"]["columns"]["Klasje"], "group_key");
  Outcome applied = Import(path);
  ASSERT_EQ(applied.code, kExitOk) << applied.out;
  Outcome listed =
      Run({"students", "--library", "demo", "--school", "de-kievit", "--json"});
  json students = json::parse(listed.out);
  ASSERT_EQ(students.size(), 1u);
  EXPECT_EQ(students[0]["student_number"], "0007");
  EXPECT_EQ(students[0]["sex"], "M");
  EXPECT_EQ(students[0]["year_group"], "3");
  Outcome bad = Run({"mapping", "set", "--library", "demo", "--school",
                     "de-kievit", "--column", "X=shoe_size"});
  EXPECT_EQ(bad.code, kExitRefused);
}

TEST_P(ImportCliTest, GrantUploadGivesTheRightOnceAndCanRevoke) {
  Outcome dry =
      Run({"grant-upload", "--library", "demo", "--dry-run", "--json"});
  ASSERT_EQ(dry.code, kExitOk) << dry.err;
  EXPECT_EQ(json::parse(dry.out)["granted"].size(), 2u);
  Outcome first = Run({"grant-upload", "--library", "demo", "--json"});
  ASSERT_EQ(first.code, kExitOk) << first.err;
  json granted = json::parse(first.out)["granted"];
  ASSERT_EQ(granted.size(), 2u);
  EXPECT_EQ(granted[0]["school"], "de-kievit");
  EXPECT_NE(granted[0]["name"].get<std::string>().find("Nieuwkomer"),
            std::string::npos);
  Outcome second = Run({"grant-upload", "--library", "demo"});
  ASSERT_EQ(second.code, kExitOk);
  EXPECT_NE(second.out.find("hebben het uploadrecht al"), std::string::npos)
      << second.out;

  Outcome standing =
      Run({"grant-upload", "--library", "demo", "--standing-rule", "on"});
  EXPECT_EQ(standing.code, kExitOk) << standing.err;
  EXPECT_EQ(
      Run({"grant-upload", "--library", "demo", "--standing-rule", "misschien"})
          .code,
      kExitRefused);
  EXPECT_EQ(Run({"grant-upload", "--library", "demo", "--revoke", "0000"}).code,
            kExitRefused);
}

// A request to see one's data: everything about the student, as JSON or as
// CSV that a spreadsheet opens safely; the export itself is audited.
TEST_P(ImportCliTest, PersonExportShowsEverythingAboutOneStudent) {
  std::string path = File(
      "leerlingen.csv", std::string(kHeader) +
                            "0101;5A;Groep 5A;5;Daan;van 't;Berg;03-04-2016;"
                            "M;1234ab\n"
                            "0102;5A;Groep 5A;5;Zo\xC3\xAB;;Jansen;12-11-2015;"
                            "V;\n");
  ASSERT_EQ(Import(path).code, kExitOk);
  Outcome out = Run({"person", "export", "--library", "demo", "--school",
                     "de-kievit", "--student-number", "0101"});
  ASSERT_EQ(out.code, kExitOk) << out.err;
  json data = json::parse(out.out);
  EXPECT_EQ(data["customer"]["last_name"], "Berg");
  EXPECT_EQ(data["customer"]["name_prefix"], "van 't");
  EXPECT_EQ(data["customer"]["birth_date"], "2016-04-03");
  ASSERT_EQ(data["memberships"].size(), 1u);
  EXPECT_EQ(data["memberships"][0]["scope"], "school");
  ASSERT_FALSE(data["imports"].empty());
  EXPECT_EQ(data["imports"][0]["kind"], "customer_new");
  EXPECT_EQ(data["imports"][0]["after"]["last_name"], "Berg");
  EXPECT_EQ(out.out.find("Jansen"), std::string::npos) << "another student";

  std::string card = data["customer"]["card_number"];
  Outcome csv = Run({"person", "export", "--library", "demo", "--card", card,
                     "--format", "csv"});
  ASSERT_EQ(csv.code, kExitOk) << csv.err;
  EXPECT_TRUE(csv.out.starts_with("\xEF\xBB\xBF"));
  EXPECT_NE(csv.out.find("customer;1;name_prefix;van 't\r\n"),
            std::string::npos)
      << csv.out;

  Outcome nobody =
      Run({"person", "export", "--library", "demo", "--card", "0000"});
  EXPECT_EQ(nobody.code, kExitRefused);
  EXPECT_NE(nobody.err.find("niemand"), std::string::npos) << nobody.err;
  Outcome unsaid = Run({"person", "export", "--library", "demo"});
  EXPECT_EQ(unsaid.code, kExitRefused);

  Outcome counted = Run({"privacy", "purge", "--dry-run", "--json"});
  ASSERT_EQ(counted.code, kExitOk) << counted.err;
  json purge = json::parse(counted.out);
  EXPECT_EQ(purge["dry_run"], true);
  EXPECT_TRUE(purge["customers_anonymised"].empty()) << "nobody left yet";
}

// Issue 18, point 4: `schoolbieb privacy purge` (what `serve` runs every
// hour) tells the library a week before an upload nobody imported or
// rejected goes, with the real mail, and purges it after.
TEST_P(ImportCliTest, PrivacyPurgeMailsTheLibraryBeforeAnUndecidedUploadGoes) {
  auto db = db_->Open();
  auto library = store::FindLibrary(*db, "demo");
  ASSERT_TRUE(library.ok());
  auto school = store::FindBranch(*db, library->id, "de-kievit");
  ASSERT_TRUE(school.ok());
  store::Upload upload;
  upload.library_id = library->id;
  upload.branch_id = school->id;
  upload.original_name = "leerlingen-groep8.csv";
  ASSERT_TRUE(store::StoreUpload(*db, store::UploadKey::Generate(), upload,
                                 "LEERLINGNUMMER;NAAM\n1;Geheimenaam\n")
                  .ok());
  const long long kDay = 86400;
  long long came_in = SystemClock::Get().Now() - 24 * kDay;
  db->sql() << "UPDATE upload SET created_at = :c WHERE id = :id",
      soci::use(came_in), soci::use(upload.id);

  Outcome counted = Run({"privacy", "purge", "--dry-run"});
  ASSERT_EQ(counted.code, kExitOk) << counted.err;
  EXPECT_NE(counted.out.find("Zou de bibliotheek waarschuwen voor 1 upload"),
            std::string::npos)
      << counted.out;
  EXPECT_TRUE(store::ListOutbox(*db, library->id)->empty());

  Outcome told = Run({"privacy", "purge", "--json"});
  ASSERT_EQ(told.code, kExitOk) << told.err;
  json report = json::parse(told.out);
  EXPECT_EQ(report["purge_notices"], json::array({upload.id}));
  EXPECT_TRUE(report["uploads_purged"].empty());
  auto mails = store::ListOutbox(*db, library->id);
  ASSERT_TRUE(mails.ok());
  ASSERT_EQ(mails->size(), 1u);
  const store::OutboxMessage& mail = mails->front();
  EXPECT_EQ(mail.kind, "upload_purge_notice");
  std::string recipient = !school->notify_email.empty() ? school->notify_email
                                                        : library->notify_email;
  EXPECT_EQ(mail.recipient, recipient);
  EXPECT_NE(mail.subject.find("Basisschool De Kievit"), std::string::npos);
  EXPECT_NE(mail.body_text.find("leerlingen-groep8.csv"), std::string::npos);
  EXPECT_NE(
      mail.body_text.find("/backoffice/uploads/" + std::to_string(upload.id)),
      std::string::npos);
  EXPECT_EQ(mail.body_text.find("Geheimenaam"), std::string::npos);
  // The date it goes: told a day later than due (24 days after it came in,
  // not 23), it still has a full week.
  std::string iso = FormatIsoDate(SystemClock::Get().Now() + 7 * kDay);
  std::string dutch =
      iso.substr(8, 2) + "-" + iso.substr(5, 2) + "-" + iso.substr(0, 4);
  EXPECT_NE(mail.subject.find(dutch), std::string::npos) << mail.subject;
  // Told once.
  Outcome again = Run({"privacy", "purge", "--json"});
  EXPECT_TRUE(json::parse(again.out)["purge_notices"].empty());
  EXPECT_EQ(store::ListOutbox(*db, library->id)->size(), 1u);

  // A week later (the clock moved back instead): gone.
  long long week_ago = SystemClock::Get().Now() - 7 * kDay;
  long long month_ago = SystemClock::Get().Now() - 31 * kDay;
  db->sql() << "UPDATE upload SET created_at = :c, purge_notice_at = :n "
               "WHERE id = :id",
      soci::use(month_ago), soci::use(week_ago), soci::use(upload.id);
  Outcome purged = Run({"privacy", "purge", "--json"});
  EXPECT_EQ(json::parse(purged.out)["uploads_purged"],
            json::array({upload.id}));
  EXPECT_EQ(store::GetUpload(*db, upload.id)->status, "purged");
}

SCHOOLBIEB_ON_BOTH_DATABASES(Cli, ImportCliTest);

}  // namespace
}  // namespace schoolbieb::cli
