#include "store/demo_data.h"

#include "store/account_store.h"
#include "store/customer_store.h"
#include "store/library_store.h"

namespace schoolbieb::store {
namespace {

struct DemoSchool {
  const char* code;
  const char* name;
  const char* brin;
  const char* las;
  const char* final_years;
};

constexpr DemoSchool kSchools[] = {
    {"de-kievit", "Basisschool De Kievit", "99KV", "parnassys", "8"},
    {"het-palet", "Kindcentrum Het Palet", "99HP", "esis", "8"},
    {"demostad-college", "Demostad College", "99DC", "magister", "14,15,16"},
};

}  // namespace

const std::vector<DemoLogin>& DemoLogins() {
  static const std::vector<DemoLogin> kLogins = {
      {"docent.kievit", "Kievit-leesplezier-26", "teacher",
       "docent van Basisschool De Kievit"},
      {"docent.palet", "Palet-leesplezier-26", "teacher",
       "docent van Kindcentrum Het Palet"},
      {"docent.college", "College-leesplezier-26", "teacher",
       "docent van Demostad College"},
      {"medewerker", "Medewerker-demo-2026", "staff",
       "medewerker van de bibliotheek"},
      {"beheerder", "Beheerder-demo-2026", "admin",
       "beheerder van de bibliotheek"},
  };
  return kLogins;
}

Result<DemoOutcome> LoadDemoData(Database& db) {
  auto existing = FindLibrary(db, "demo");
  if (existing.ok()) return DemoOutcome::kAlreadyLoaded;
  if (existing.status().code() != Status::Code::kNotFound)
    return existing.status();
  auto libraries = ListLibraries(db);
  if (!libraries.ok()) return libraries.status();
  if (!libraries->empty()) {
    return Status::FailedPrecondition(
        "Deze database bevat al echte bibliotheken; de demogegevens worden "
        "alleen in "
        "een lege database geladen.",
        "This database already holds libraries; demo data is loaded into an "
        "empty "
        "database only.");
  }
  try {
    Transaction tx(db);
    Library library;
    library.code = "demo";
    library.name = "Bibliotheek Demostad";
    library.notify_email = "schoolbieb@bibliotheek-demostad.example";
    library.card_prefix = "2999";
    library.card_range_start = 100000;
    library.card_range_end = 999999;
    SB_RETURN_IF_ERROR(AddLibrary(db, library));

    Branch central;
    central.library_id = library.id;
    central.code = "centrale";
    central.name = "Bibliotheek Demostad Centrale";
    central.kind = BranchKind::kPublic;
    SB_RETURN_IF_ERROR(AddBranch(db, central));

    std::vector<long long> school_ids;
    for (const DemoSchool& s : kSchools) {
      Branch school;
      school.library_id = library.id;
      school.code = s.code;
      school.name = s.name;
      school.kind = BranchKind::kSchool;
      school.brin = s.brin;
      school.dependance = "00";
      school.las_kind = s.las;
      school.final_year_groups = s.final_years;
      SB_RETURN_IF_ERROR(AddBranch(db, school));
      school_ids.push_back(school.id);
    }

    const auto& logins = DemoLogins();
    const char* teacher_names[] = {"Meester Bram Voorbeeld",
                                   "Juf Lotte Proefmans",
                                   "Mevrouw Sanne Testbeek"};
    for (size_t i = 0; i < logins.size(); ++i) {
      Account account;
      account.library_id = library.id;
      account.login = logins[i].login;
      account.role = *ParseRole(logins[i].role);
      if (i < school_ids.size()) {
        account.branch_id = school_ids[i];
        account.display_name = teacher_names[i];
        account.email = logins[i].login + "@school-demostad.example";
      } else {
        account.branch_id = central.id;
        account.display_name = logins[i].role == "staff" ? "Medewerker Demostad"
                                                         : "Beheerder Demostad";
        account.email = logins[i].login + "@bibliotheek-demostad.example";
      }
      SB_RETURN_IF_ERROR(
          AddPortalAccount(db, account, logins[i].password,
                           /*grant_upload=*/i < school_ids.size()));
    }
    // Two teachers who arrived after the upload rights were handed out:
    // `schoolbieb grant-upload --library demo` gives them theirs.
    struct NewTeacher {
      const char* call_name;
      const char* prefix;
      const char* last_name;
      size_t school;
    };
    for (const NewTeacher& t : {NewTeacher{"Anna", "", "Nieuwkomer", 0},
                                NewTeacher{"Karel", "van der", "Start", 1}}) {
      Customer teacher;
      teacher.library_id = library.id;
      teacher.kind = "teacher";
      teacher.call_name = t.call_name;
      teacher.initials = std::string(1, t.call_name[0]) + ".";
      teacher.name_prefix = t.prefix;
      teacher.last_name = t.last_name;
      teacher.school_branch_id = school_ids[t.school];
      teacher.home_branch_id = school_ids[t.school];
      SB_RETURN_IF_ERROR(AddCustomer(db, teacher));
    }
    tx.Commit();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, {"De demobibliotheek", "The demo library"});
  }
  return DemoOutcome::kLoaded;
}

}  // namespace schoolbieb::store
