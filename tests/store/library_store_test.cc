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

SCHOOLBIEB_ON_BOTH_DATABASES(Store, LibraryStoreTest);

}  // namespace
}  // namespace schoolbieb::store
