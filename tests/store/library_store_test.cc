#include "store/library_store.h"

#include <gtest/gtest.h>

#include "store/store_fixture.h"

namespace schoolbieb::store {
namespace {

class LibraryStoreTest : public StoreTest {
 protected:
  Library AddDemo() {
    Library library;
    library.code = "demo";
    library.name = "Bibliotheek Demostad";
    library.notify_email = "bieb@demostad.example";
    EXPECT_TRUE(AddLibrary(db(), library).ok());
    return library;
  }
};

TEST_P(LibraryStoreTest, AddedLibraryIsFoundByCodeAndId) {
  Library added = AddDemo();
  EXPECT_GT(added.id, 0);
  auto found = FindLibrary(db(), "demo");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->id, added.id);
  EXPECT_EQ(found->name, "Bibliotheek Demostad");
  EXPECT_EQ(found->notify_email, "bieb@demostad.example");
  EXPECT_GT(found->created_at, 1700000000);
  auto by_id = GetLibrary(db(), added.id);
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->code, "demo");
}

TEST_P(LibraryStoreTest, DuplicateLibraryCodeIsRefusedAndNothingIsAdded) {
  AddDemo();
  Library again;
  again.code = "demo";
  again.name = "Andere bibliotheek";
  Status status = AddLibrary(db(), again);
  EXPECT_EQ(status.code(), Status::Code::kAlreadyExists);
  EXPECT_NE(status.message().nl.find("'demo'"), std::string::npos);
  auto all = ListLibraries(db());
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);
}

TEST_P(LibraryStoreTest, NameAndColourAreUpdatedOnlyWhenReadable) {
  Library library = AddDemo();
  EXPECT_EQ(library.brand_colour, "#154273");
  auto only = OnlyLibrary(db());
  ASSERT_TRUE(only.ok() && *only);
  EXPECT_EQ((*only)->brand_colour, "#154273");

  library.name = "Bibliotheek Noord";
  library.brand_colour = "#7a1f5c";
  ASSERT_TRUE(UpdateLibrary(db(), library).ok());
  EXPECT_EQ(GetLibrary(db(), library.id)->name, "Bibliotheek Noord");
  EXPECT_EQ(GetLibrary(db(), library.id)->brand_colour, "#7a1f5c");
  EXPECT_EQ(GetLibrary(db(), library.id)->card_range_end, 999999999);

  // Too light for white text (and on the light background): refused, and
  // the message proposes a darker colour that would pass.
  library.brand_colour = "#3399ff";
  Status light = UpdateLibrary(db(), library);
  EXPECT_EQ(light.code(), Status::Code::kInvalidArgument);
  size_t at = light.message().nl.find("bijvoorbeeld #");
  ASSERT_NE(at, std::string::npos) << light.message().nl;
  Library proposed = library;
  proposed.brand_colour = light.message().nl.substr(at + 13, 7);
  EXPECT_TRUE(CheckLibrary(proposed).empty()) << proposed.brand_colour;
  library.brand_colour = "#15427";
  EXPECT_EQ(UpdateLibrary(db(), library).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(GetLibrary(db(), library.id)->brand_colour, "#7a1f5c");

  Library missing = library;
  missing.id = library.id + 100;
  missing.brand_colour = "#000000";
  EXPECT_EQ(UpdateLibrary(db(), missing).code(), Status::Code::kNotFound);

  Library second;
  second.code = "noord";
  second.name = "Tweede";
  ASSERT_TRUE(AddLibrary(db(), second).ok());
  only = OnlyLibrary(db());
  ASSERT_TRUE(only.ok());
  EXPECT_FALSE(*only);
}

TEST_P(LibraryStoreTest, UnknownLibraryIsNotFoundWithAHint) {
  auto found = FindLibrary(db(), "nergens");
  EXPECT_EQ(found.status().code(), Status::Code::kNotFound);
  EXPECT_NE(found.status().message().nl.find("library list"),
            std::string::npos);
}

TEST_P(LibraryStoreTest, InvalidCodesAreRefused) {
  for (const char* code :
       {"", "Demo", "met spatie", "a/b", "abcdefghijklmnopqrstuvwxyz0123456"}) {
    Library library;
    library.code = code;
    library.name = "X";
    EXPECT_EQ(AddLibrary(db(), library).code(), Status::Code::kInvalidArgument)
        << code;
  }
}

TEST_P(LibraryStoreTest,
       BranchesBelongToTheirLibraryAndCodesAreUniquePerLibrary) {
  Library demo = AddDemo();
  Library other;
  other.code = "elders";
  other.name = "Bibliotheek Elders";
  ASSERT_TRUE(AddLibrary(db(), other).ok());

  Branch school;
  school.library_id = demo.id;
  school.code = "de-kievit";
  school.name = "Basisschool De Kievit";
  school.brin = "99KV";
  school.dependance = "00";
  school.public_membership_default = true;
  ASSERT_TRUE(AddBranch(db(), school).ok());

  Branch same_code = school;
  same_code.id = 0;
  EXPECT_EQ(AddBranch(db(), same_code).code(), Status::Code::kAlreadyExists);

  Branch elsewhere = school;
  elsewhere.library_id = other.id;
  EXPECT_TRUE(AddBranch(db(), elsewhere).ok());

  auto found = FindBranch(db(), demo.id, "de-kievit");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, school.id);
  EXPECT_EQ(found->brin, "99KV");
  EXPECT_EQ(found->dependance, "00");
  EXPECT_EQ(found->kind, BranchKind::kSchool);
  EXPECT_TRUE(found->public_membership_default);
  EXPECT_EQ(found->leave_limit_share, 10);
  EXPECT_EQ(found->leave_limit_count, 25);

  auto list = ListBranches(db(), demo.id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
}

TEST_P(LibraryStoreTest, BranchOfUnknownLibraryIsRefused) {
  Branch branch;
  branch.library_id = 424242;
  branch.code = "x";
  branch.name = "X";
  EXPECT_EQ(AddBranch(db(), branch).code(), Status::Code::kNotFound);
}

TEST_P(LibraryStoreTest, BrinCodesAreChecked) {
  Library demo = AddDemo();
  for (const char* brin : {"12ab", "1AB2", "123AB", "AB12"}) {
    Branch branch;
    branch.library_id = demo.id;
    branch.code = "school";
    branch.name = "School";
    branch.brin = brin;
    Status status = AddBranch(db(), branch);
    EXPECT_EQ(status.code(), Status::Code::kInvalidArgument) << brin;
    EXPECT_NE(status.message().nl.find("BRIN"), std::string::npos);
  }
  Branch publik;
  publik.library_id = demo.id;
  publik.code = "centrale";
  publik.name = "Centrale";
  publik.kind = BranchKind::kPublic;
  publik.brin = "12AB";
  EXPECT_EQ(AddBranch(db(), publik).code(), Status::Code::kInvalidArgument);
}

TEST_P(LibraryStoreTest, UpdateBranchWritesEverySettingAndKeepsTheKind) {
  Library demo = AddDemo();
  Branch school;
  school.library_id = demo.id;
  school.code = "de-kievit";
  school.name = "Basisschool De Kievit";
  school.brin = "99KV";
  ASSERT_TRUE(AddBranch(db(), school).ok());

  Branch changed = school;
  changed.code = "kievit-noord";
  changed.name = "De Kievit Noord";
  changed.kind = BranchKind::kPublic;  // not changed by UpdateBranch
  changed.brin = "12AB";
  changed.dependance = "01";
  changed.las_kind = "esis";
  changed.notify_email = "kievit@school.example";
  changed.public_membership_default = true;
  changed.leave_limit_share = 30;
  changed.leave_limit_count = 40;
  changed.final_year_groups = "7,8";
  changed.number_normalisation = "pad:6";
  ASSERT_TRUE(UpdateBranch(db(), changed).ok());
  auto found = GetBranch(db(), school.id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->code, "kievit-noord");
  EXPECT_EQ(found->name, "De Kievit Noord");
  EXPECT_EQ(found->kind, BranchKind::kSchool);
  EXPECT_EQ(found->brin, "12AB");
  EXPECT_EQ(found->dependance, "01");
  EXPECT_EQ(found->las_kind, "esis");
  EXPECT_EQ(found->notify_email, "kievit@school.example");
  EXPECT_TRUE(found->public_membership_default);
  EXPECT_EQ(found->leave_limit_share, 30);
  EXPECT_EQ(found->leave_limit_count, 40);
  EXPECT_EQ(found->final_year_groups, "7,8");
  EXPECT_EQ(found->number_normalisation, "pad:6");
  EXPECT_EQ(found->created_at, school.created_at);

  // Emptied optional fields are stored as empty again.
  changed.brin.clear();
  changed.dependance.clear();
  changed.las_kind.clear();
  changed.notify_email.clear();
  ASSERT_TRUE(UpdateBranch(db(), changed).ok());
  found = GetBranch(db(), school.id);
  EXPECT_EQ(found->brin, "");
  EXPECT_EQ(found->notify_email, "");
}

TEST_P(LibraryStoreTest, UpdateBranchRefusesBadSettingsAndChangesNothing) {
  Library demo = AddDemo();
  Library other;
  other.code = "elders";
  other.name = "Bibliotheek Elders";
  ASSERT_TRUE(AddLibrary(db(), other).ok());
  Branch school;
  school.library_id = demo.id;
  school.code = "de-kievit";
  school.name = "Basisschool De Kievit";
  school.brin = "99KV";
  ASSERT_TRUE(AddBranch(db(), school).ok());
  Branch second = school;
  second.id = 0;
  second.code = "het-palet";
  ASSERT_TRUE(AddBranch(db(), second).ok());

  struct Case {
    const char* what;
    void (*change)(Branch&);
    const char* field;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"bad BRIN", [](Branch& b) { b.brin = "12ab"; }, "brin"},
           {"bad code", [](Branch& b) { b.code = "De Kievit"; }, "code"},
           {"no name", [](Branch& b) { b.name = " "; }, "name"},
           {"dependance", [](Branch& b) { b.dependance = "1"; }, "dependance"},
           {"share", [](Branch& b) { b.leave_limit_share = 101; },
            "leave_limit_share"},
           {"count", [](Branch& b) { b.leave_limit_count = -1; },
            "leave_limit_count"},
           {"final years", [](Branch& b) { b.final_year_groups = "7,,8"; },
            "final_year_groups"},
       }) {
    Branch bad = school;
    bad.name = "Veranderd";
    c.change(bad);
    auto problems = CheckBranch(bad);
    ASSERT_EQ(problems.size(), 1u) << c.what;
    EXPECT_EQ(problems.front().field, c.field) << c.what;
    EXPECT_EQ(UpdateBranch(db(), bad).code(), Status::Code::kInvalidArgument)
        << c.what;
    EXPECT_EQ(GetBranch(db(), school.id)->name, "Basisschool De Kievit")
        << c.what;
  }

  Branch taken = school;
  taken.code = "het-palet";
  EXPECT_EQ(UpdateBranch(db(), taken).code(), Status::Code::kAlreadyExists);
  EXPECT_EQ(GetBranch(db(), school.id)->code, "de-kievit");

  // Another library's staff cannot reach this branch through its own id.
  Branch stranger = school;
  stranger.library_id = other.id;
  stranger.name = "Overgenomen";
  EXPECT_EQ(UpdateBranch(db(), stranger).code(), Status::Code::kNotFound);
  EXPECT_EQ(GetBranch(db(), school.id)->name, "Basisschool De Kievit");
  Branch missing = school;
  missing.id = 424242;
  EXPECT_EQ(UpdateBranch(db(), missing).code(), Status::Code::kNotFound);
}

TEST_P(LibraryStoreTest, CheckBranchNamesEveryProblem) {
  Branch branch;
  branch.code = "";
  branch.name = "";
  branch.brin = "X";
  branch.dependance = "abc";
  branch.leave_limit_share = -1;
  branch.final_year_groups = "";
  std::vector<std::string> fields;
  for (const BranchProblem& problem : CheckBranch(branch)) {
    fields.push_back(problem.field);
    EXPECT_FALSE(problem.message.nl.empty());
    EXPECT_FALSE(problem.message.en.empty());
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"code", "name", "brin",
                                              "dependance", "leave_limit_share",
                                              "final_year_groups"}));
  Branch good;
  good.code = "x";
  good.name = "X";
  good.final_year_groups = "14, 15,16";
  EXPECT_TRUE(CheckBranch(good).empty());
}

SCHOOLBIEB_ON_BOTH_DATABASES(Store, LibraryStoreTest);

}  // namespace
}  // namespace schoolbieb::store
