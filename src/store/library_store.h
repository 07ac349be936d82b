// Libraries (tenants) and their branches (vestigingen): the public branches
// and one school branch per school the library serves.
//
// Functions take the Database to use and run in the caller's transaction if
// one is open. On failure nothing is written and the Status names the thing
// in Dutch and English.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace schoolbieb::store {

// The colour the pages had before a library chose its own (migration 7's
// default).
inline constexpr std::string_view kDefaultBrandColour = "#154273";

struct Library {
  long long id = 0;
  std::string code;  // short, unique, used on the command line ("demo")
  std::string name;  // "Bibliotheek Demostad"
  std::string notify_email;
  std::string card_prefix;
  long long card_range_start = 1;
  long long card_range_end = 999999999;
  // "#rrggbb": the header, buttons and links of its pages (CheckLibrary).
  std::string brand_colour = std::string(kDefaultBrandColour);
  long long created_at = 0;
};

// `count` numbers of the library's card range for new customers, each
// given out once, also to imports running at the same time (PostgreSQL: the
// library's sequence, which never waits; SQLite: library.card_next, whose
// writers queue anyway). Never below the range's start; the caller checks
// the end and skips a number a customer already carries (a card from a
// school's file). A number of a transaction that rolls back is not given
// again: cards may have gaps.
Result<std::vector<long long>> ReserveCardNumbers(Database& db,
                                                  const Library& library,
                                                  size_t count);
// The name of the PostgreSQL sequence of the library's card numbers.
std::string CardSequenceName(long long library_id);

// One problem with a library's settings: the field ("name",
// "brand_colour") and what to do about it.
struct LibraryProblem {
  std::string field;
  Message message;
};
// Every problem with the name and colour of `library`; empty when
// AddLibrary and UpdateLibrary may store them. The colour must be "#rrggbb"
// and dark enough that white text on it, and it as text on the pages' light
// background, have a contrast of at least 4.5:1 (WCAG 2.1 AA); the message
// of a colour that is too light proposes a darker one of the same hue.
std::vector<LibraryProblem> CheckLibrary(const Library& library);

enum class BranchKind { kSchool, kPublic };

struct Branch {
  long long id = 0;
  long long library_id = 0;
  std::string code;  // unique within the library
  std::string name;
  BranchKind kind = BranchKind::kSchool;
  std::string brin;        // "12AB" for schools, empty otherwise
  std::string dependance;  // "00".."99" or empty
  std::string las_kind;    // "parnassys", "esis", … or empty
  std::string notify_email;
  bool public_membership_default = false;
  int leave_limit_share = 10;  // percent
  int leave_limit_count = 25;
  std::string final_year_groups = "8";
  std::string number_normalisation = "keep";
  long long created_at = 0;
};

std::string_view BranchKindName(BranchKind kind);
// Parses "school" / "public" (also "openbaar"); nullopt otherwise.
std::optional<BranchKind> ParseBranchKind(std::string_view text);

// Checks a library or branch code: 1–32 characters of a–z, 0–9, '-', '_'.
Status ValidateCode(std::string_view code, const Message& what);
// Checks a BRIN code: two digits and two capital letters ("12AB").
Status ValidateBrin(std::string_view brin);

// One problem with a branch's settings: the field it concerns ("code",
// "name", "brin", "dependance", "las_kind", "leave_limit_share",
// "leave_limit_count", "final_year_groups") and what to do about it.
struct BranchProblem {
  std::string field;
  Message message;
};
// Every problem with the settings of `branch`, in the order of the form;
// empty when AddBranch and UpdateBranch may store it. The saved mapping,
// the student-number rule and the notification address are checked where
// they are understood (roster::ParseMapping, roster::ParseNumberRule,
// mail::CheckAddress), not here.
std::vector<BranchProblem> CheckBranch(const Branch& branch);

// Adds a library; fills in id and created_at. AlreadyExists for a taken code.
Status AddLibrary(Database& db, Library& library);
// NotFound naming the code when there is none.
Result<Library> FindLibrary(Database& db, std::string_view code);
Result<Library> GetLibrary(Database& db, long long id);
Result<std::vector<Library>> ListLibraries(Database& db);
// The one library of this database, for pages before login; nullopt when
// there are none or several (the pages then show no library's name).
Result<std::optional<Library>> OnlyLibrary(Database& db);
// Writes the name and brand colour of `library.id`; every other column
// stays. NotFound when there is no such library, InvalidArgument naming
// CheckLibrary's first problem; on failure nothing changes.
Status UpdateLibrary(Database& db, const Library& library);

// Adds a branch to branch.library_id; fills in id and created_at.
// InvalidArgument naming CheckBranch's first problem; AlreadyExists for a
// code taken in that library.
Status AddBranch(Database& db, Branch& branch);
// Writes the settings of the branch `branch.id` of `branch.library_id`:
// code, name, BRIN, dependance, LAS, notification address, public
// membership default, leave limits, final year groups and number rule. The
// kind and created_at stay as they are. On failure nothing changes:
// NotFound when that library has no such branch (another library's id
// included), InvalidArgument naming CheckBranch's first problem,
// AlreadyExists when another branch of the library has the code.
Status UpdateBranch(Database& db, const Branch& branch);
Result<Branch> FindBranch(Database& db, long long library_id,
                          std::string_view code);
Result<Branch> GetBranch(Database& db, long long id);
Result<std::vector<Branch>> ListBranches(Database& db, long long library_id);
// The library's public branches (not its schools), by name: what an import
// needs of the library without reading every school.
Result<std::vector<Branch>> ListPublicBranches(Database& db,
                                               long long library_id);

// A school's saved column mapping (roster::ParseMapping's JSON; "" when
// none) and its import settings (a JSON object, "{}" by default). Set*
// writes the text as given; callers validate it first.
Result<std::string> GetBranchMapping(Database& db, long long branch_id);
Status SetBranchMapping(Database& db, long long branch_id,
                        std::string_view json);
Result<std::string> GetBranchSettings(Database& db, long long branch_id);
Status SetBranchSettings(Database& db, long long branch_id,
                         std::string_view json);
Status SetBranchNumberRule(Database& db, long long branch_id,
                           std::string_view rule);

}  // namespace schoolbieb::store
