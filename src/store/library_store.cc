#include "store/library_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/clock.h"
#include "core/colour.h"

namespace schoolbieb::store {
namespace {

constexpr const char* kLibraryColumns =
    "id, code, name, COALESCE(notify_email, ''), card_prefix, "
    "card_range_start, "
    "card_range_end, brand_colour, created_at";

constexpr const char* kBranchColumns =
    "id, library_id, code, name, kind, COALESCE(brin, ''), "
    "COALESCE(dependance, ''), COALESCE(las_kind, ''), COALESCE(notify_email, "
    "''), "
    "public_membership_default, leave_limit_share, leave_limit_count, "
    "final_year_groups, number_normalisation, created_at";

// Binds the output columns of kBranchColumns; `kind` and the flag are
// converted by FinishBranch.
struct BranchRow {
  Branch branch;
  std::string kind;
  int public_default = 0;
};

void IntoBranch(soci::statement& st, BranchRow& row) {
  Branch& b = row.branch;
  st.exchange(soci::into(b.id));
  st.exchange(soci::into(b.library_id));
  st.exchange(soci::into(b.code));
  st.exchange(soci::into(b.name));
  st.exchange(soci::into(row.kind));
  st.exchange(soci::into(b.brin));
  st.exchange(soci::into(b.dependance));
  st.exchange(soci::into(b.las_kind));
  st.exchange(soci::into(b.notify_email));
  st.exchange(soci::into(row.public_default));
  st.exchange(soci::into(b.leave_limit_share));
  st.exchange(soci::into(b.leave_limit_count));
  st.exchange(soci::into(b.final_year_groups));
  st.exchange(soci::into(b.number_normalisation));
  st.exchange(soci::into(b.created_at));
}

Branch FinishBranch(BranchRow& row) {
  row.branch.kind =
      row.kind == "public" ? BranchKind::kPublic : BranchKind::kSchool;
  row.branch.public_membership_default = row.public_default != 0;
  return row.branch;
}

Result<std::vector<Branch>> QueryBranches(Database& db,
                                          const std::string& where,
                                          long long key,
                                          const std::string* text_key) {
  std::vector<Branch> out;
  BranchRow row;
  soci::statement st(db.sql());
  st.alloc();
  st.prepare(
      fmt::format("SELECT {} FROM branch WHERE {} ORDER BY kind, name, id",
                  kBranchColumns, where));
  IntoBranch(st, row);
  st.exchange(soci::use(key));
  std::string text_copy;
  if (text_key) {
    text_copy = *text_key;
    st.exchange(soci::use(text_copy));
  }
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) out.push_back(FinishBranch(row));
  return out;
}

void IntoLibrary(soci::statement& st, Library& l) {
  st.exchange(soci::into(l.id));
  st.exchange(soci::into(l.code));
  st.exchange(soci::into(l.name));
  st.exchange(soci::into(l.notify_email));
  st.exchange(soci::into(l.card_prefix));
  st.exchange(soci::into(l.card_range_start));
  st.exchange(soci::into(l.card_range_end));
  st.exchange(soci::into(l.brand_colour));
  st.exchange(soci::into(l.created_at));
}

Result<std::vector<Library>> QueryLibraries(Database& db,
                                            const std::string& where,
                                            const std::string* text_key,
                                            const long long* id_key) {
  std::vector<Library> out;
  Library row;
  soci::statement st(db.sql());
  st.alloc();
  st.prepare(fmt::format("SELECT {} FROM library WHERE {} ORDER BY code",
                         kLibraryColumns, where));
  IntoLibrary(st, row);
  std::string text_copy;
  long long id_copy = 0;
  if (text_key) {
    text_copy = *text_key;
    st.exchange(soci::use(text_copy));
  }
  if (id_key) {
    id_copy = *id_key;
    st.exchange(soci::use(id_copy));
  }
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) out.push_back(row);
  return out;
}

const Message kLibraryWhat{"Deze bibliotheek", "This library"};
const Message kBranchWhat{"Deze vestiging", "This branch"};

}  // namespace

std::string_view BranchKindName(BranchKind kind) {
  return kind == BranchKind::kPublic ? "public" : "school";
}

std::optional<BranchKind> ParseBranchKind(std::string_view text) {
  if (text == "school") return BranchKind::kSchool;
  if (text == "public" || text == "openbaar") return BranchKind::kPublic;
  return std::nullopt;
}

Status ValidateCode(std::string_view code, const Message& what) {
  bool ok = !code.empty() && code.size() <= 32;
  for (char c : code) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-' ||
          c == '_')) {
      ok = false;
    }
  }
  if (ok) return Status::Ok();
  return Status::InvalidArgument(
      fmt::format(
          "{} '{}' is ongeldig: gebruik 1 tot 32 kleine letters, cijfers, "
          "'-' of '_' (bijvoorbeeld 'de-kievit').",
          what.nl, code),
      fmt::format("{} '{}' is invalid: use 1 to 32 lower-case letters, digits, "
                  "'-' or '_' (for example 'de-kievit').",
                  what.en, code));
}

Status ValidateBrin(std::string_view brin) {
  bool ok = brin.size() == 4 &&
            std::isdigit(static_cast<unsigned char>(brin[0])) &&
            std::isdigit(static_cast<unsigned char>(brin[1])) &&
            std::isupper(static_cast<unsigned char>(brin[2])) &&
            std::isupper(static_cast<unsigned char>(brin[3]));
  if (ok) return Status::Ok();
  return Status::InvalidArgument(
      fmt::format(
          "De BRIN-code '{}' is ongeldig: een BRIN-code is twee cijfers en "
          "twee hoofdletters, zoals 12AB.",
          brin),
      fmt::format(
          "The BRIN code '{}' is invalid: a BRIN code is two digits and "
          "two capital letters, like 12AB.",
          brin));
}

Status AddLibrary(Database& db, Library& library) {
  SB_RETURN_IF_ERROR(
      ValidateCode(library.code, {"De bibliotheekcode", "The library code"}));
  if (library.name.empty()) {
    return Status::InvalidArgument("Geef de bibliotheek een naam (--name).",
                                   "Give the library a name (--name).");
  }
  auto existing = FindLibrary(db, library.code);
  if (existing.ok()) {
    return Status::AlreadyExists(
        fmt::format("Er is al een bibliotheek met code '{}'.", library.code),
        fmt::format("A library with code '{}' already exists.", library.code));
  }
  if (existing.status().code() != Status::Code::kNotFound)
    return existing.status();
  if (auto problems = CheckLibrary(library); !problems.empty()) {
    return Status::InvalidArgument(problems.front().message.nl,
                                   problems.front().message.en);
  }
  try {
    library.created_at = SystemClock::Get().Now();
    soci::indicator notify_ind =
        library.notify_email.empty() ? soci::i_null : soci::i_ok;
    db.sql() << "INSERT INTO library (code, name, notify_email, card_prefix, "
                "card_range_start, card_range_end, card_next, brand_colour, "
                "created_at) "
                "VALUES (:code, :name, :notify, :prefix, :start, :end, :next, "
                ":colour, :at) RETURNING id",
        soci::use(library.code), soci::use(library.name),
        soci::use(library.notify_email, notify_ind),
        soci::use(library.card_prefix), soci::use(library.card_range_start),
        soci::use(library.card_range_end), soci::use(library.card_range_start),
        soci::use(library.brand_colour), soci::use(library.created_at),
        soci::into(library.id);
    if (db.backend() == Backend::kPostgresql) {
      db.sql() << fmt::format("CREATE SEQUENCE {} START WITH {} MINVALUE 1",
                              CardSequenceName(library.id),
                              std::max(library.card_range_start, 1LL));
    }
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kLibraryWhat);
  }
  return Status::Ok();
}

std::string CardSequenceName(long long library_id) {
  return fmt::format("card_number_{}", library_id);
}

Result<std::vector<long long>> ReserveCardNumbers(Database& db,
                                                  const Library& library,
                                                  size_t count) {
  std::vector<long long> numbers;
  if (count == 0) return numbers;
  try {
    long long n = static_cast<long long>(count);
    if (db.backend() == Backend::kPostgresql) {
      std::string sequence = CardSequenceName(library.id);
      numbers.resize(count);
      db.sql() << fmt::format(
          "SELECT nextval('{}') FROM generate_series(1, :n) ORDER "
          "BY 1",
          sequence),
          soci::use(n), soci::into(numbers);
      numbers.resize(count);
      // A range moved up since: the sequence follows it (only ever up).
      if (numbers.front() < library.card_range_start) {
        long long start = library.card_range_start;
        db.sql() << fmt::format("SELECT setval('{}', :s, false)", sequence),
            soci::use(start);
        return ReserveCardNumbers(db, library, count);
      }
      return numbers;
    }
    long long end = 0;
    long long start = library.card_range_start;
    db.sql() << "UPDATE library SET card_next = MAX(card_next, :s) + :n WHERE "
                "id = :id RETURNING card_next",
        soci::use(start), soci::use(n), soci::use(library.id), soci::into(end);
    for (long long number = end - n; number < end; ++number) {
      numbers.push_back(number);
    }
    return numbers;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kLibraryWhat);
  }
}

Result<Library> FindLibrary(Database& db, std::string_view code) {
  try {
    std::string key(code);
    auto rows = QueryLibraries(db, "code = :code", &key, nullptr);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) {
      return Status::NotFound(
          fmt::format(
              "Er is geen bibliotheek met code '{}'. Bekijk de codes met "
              "'schoolbieb library list'.",
              code),
          fmt::format("There is no library with code '{}'. See the codes with "
                      "'schoolbieb library list'.",
                      code));
    }
    return rows->front();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kLibraryWhat);
  }
}

Result<Library> GetLibrary(Database& db, long long id) {
  try {
    auto rows = QueryLibraries(db, "id = :id", nullptr, &id);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) {
      return Status::NotFound(fmt::format("Bibliotheek {} bestaat niet.", id),
                              fmt::format("Library {} does not exist.", id));
    }
    return rows->front();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kLibraryWhat);
  }
}

Result<std::vector<Library>> ListLibraries(Database& db) {
  try {
    return QueryLibraries(db, "1 = 1", nullptr, nullptr);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kLibraryWhat);
  }
}

Result<std::optional<Library>> OnlyLibrary(Database& db) {
  auto libraries = ListLibraries(db);
  if (!libraries.ok()) return libraries.status();
  if (libraries->size() != 1) return std::optional<Library>();
  return std::optional<Library>(libraries->front());
}

namespace {

// The pages' light background (--bg-soft in style.css), on which links and
// the customer record's tabs are drawn in the brand colour; white is lighter
// still, so a colour readable here is readable on white too.
constexpr Rgb kLightBackground{0xf3, 0xf5, 0xf8};
constexpr Rgb kWhite{0xff, 0xff, 0xff};
constexpr double kMinimumContrast = 4.5;  // WCAG 2.1 AA, normal text
constexpr size_t kMaxLibraryName = 200;

// "4,5" in Dutch, "4.5" in English.
std::string Ratio(double ratio, bool dutch) {
  std::string text = fmt::format("{:.1f}", std::floor(ratio * 10) / 10);
  if (dutch) std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

}  // namespace

std::vector<LibraryProblem> CheckLibrary(const Library& library) {
  std::vector<LibraryProblem> problems;
  if (library.name.empty()) {
    problems.push_back(
        {"name",
         {"Geef de bibliotheek een naam.", "Give the library a name."}});
  } else if (library.name.size() > kMaxLibraryName) {
    problems.push_back(
        {"name",
         {fmt::format("De naam is te lang. Gebruik hoogstens {} tekens.",
                      kMaxLibraryName),
          fmt::format("The name is too long. Use at most {} characters.",
                      kMaxLibraryName)}});
  }
  std::optional<Rgb> colour = ParseColour(library.brand_colour);
  if (!colour) {
    problems.push_back(
        {"brand_colour",
         {fmt::format("Schrijf de kleur als een # met zes cijfers of letters "
                      "a tot en met f, zoals {}.",
                      kDefaultBrandColour),
          fmt::format("Write the colour as a # and six digits or letters a "
                      "to f, like {}.",
                      kDefaultBrandColour)}});
    return problems;
  }
  double ratio = std::min(ContrastRatio(*colour, kWhite),
                          ContrastRatio(*colour, kLightBackground));
  if (ratio < kMinimumContrast) {
    std::string darker =
        ColourText(DarkenUntil(*colour, kLightBackground, kMinimumContrast));
    problems.push_back(
        {"brand_colour",
         {fmt::format(
              "Deze kleur is te licht. Witte letters erop zijn slecht te "
              "lezen: het contrast is {} : 1 en moet minstens 4,5 : 1 zijn. "
              "Kies een donkerdere kleur, bijvoorbeeld {}.",
              Ratio(ratio, true), darker),
          fmt::format(
              "This colour is too light. White text on it is hard to read: "
              "the contrast is {} : 1 and must be at least 4.5 : 1. Choose a "
              "darker colour, for example {}.",
              Ratio(ratio, false), darker)}});
  }
  return problems;
}

Status UpdateLibrary(Database& db, const Library& library) {
  if (auto problems = CheckLibrary(library); !problems.empty()) {
    return Status::InvalidArgument(problems.front().message.nl,
                                   problems.front().message.en);
  }
  try {
    Transaction tx(db);
    auto current = GetLibrary(db, library.id);
    if (!current.ok()) return current.status();
    db.sql() << "UPDATE library SET name = :name, brand_colour = :colour "
                "WHERE id = :id",
        soci::use(library.name), soci::use(library.brand_colour),
        soci::use(library.id);
    tx.Commit();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kLibraryWhat);
  }
  return Status::Ok();
}

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "8", "7,8", "14, 15, 16": year groups of letters and digits, comma
// separated (IsFinalYear in the engine trims the spaces).
bool ValidFinalYears(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view one = text.substr(start, comma - start);
    while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
    while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
    if (one.empty()) return false;
    for (char c : one) {
      if (!std::isalnum(static_cast<unsigned char>(c))) return false;
    }
    start = comma + 1;
  }
  return true;
}

Status BranchNotFound(long long id) {
  return Status::NotFound(fmt::format("Vestiging {} bestaat niet.", id),
                          fmt::format("Branch {} does not exist.", id));
}

Status FirstProblem(const std::vector<BranchProblem>& problems) {
  const Message& message = problems.front().message;
  return Status::InvalidArgument(message.nl, message.en);
}

}  // namespace

std::vector<BranchProblem> CheckBranch(const Branch& branch) {
  std::vector<BranchProblem> problems;
  auto add = [&](const char* field, const Status& status) {
    if (!status.ok()) problems.push_back({field, status.message()});
  };
  add("code",
      ValidateCode(branch.code, {"De vestigingscode", "The branch code"}));
  if (branch.name.find_first_not_of(' ') == std::string::npos ||
      branch.name.size() > 200) {
    problems.push_back({"name",
                        {"Geef de vestiging een naam van hoogstens 200 tekens.",
                         "Give the branch a name of at most 200 characters."}});
  }
  if (branch.kind == BranchKind::kSchool && !branch.brin.empty()) {
    add("brin", ValidateBrin(branch.brin));
  }
  if (branch.kind == BranchKind::kPublic && !branch.brin.empty()) {
    problems.push_back({"brin",
                        {"Alleen een schoolvestiging heeft een BRIN-code.",
                         "Only a school branch has a BRIN code."}});
  }
  if (!branch.dependance.empty() &&
      !(branch.dependance.size() == 2 && IsDigit(branch.dependance[0]) &&
        IsDigit(branch.dependance[1]))) {
    problems.push_back(
        {"dependance",
         {fmt::format("De dependance '{}' is ongeldig: schrijf twee cijfers, "
                      "zoals 00 voor de hoofdvestiging, of laat het leeg.",
                      branch.dependance),
          fmt::format("The dependance '{}' is invalid: write two digits, "
                      "like 00 for the main location, or leave it empty.",
                      branch.dependance)}});
  }
  bool las_ok = branch.las_kind.size() <= 32;
  for (char c : branch.las_kind) {
    if (static_cast<unsigned char>(c) < 0x20) las_ok = false;
  }
  if (!las_ok) {
    problems.push_back({"las_kind",
                        {"Kies de leerlingadministratie uit de lijst.",
                         "Choose the school administration system from the "
                         "list."}});
  }
  if (branch.leave_limit_share < 0 || branch.leave_limit_share > 100) {
    problems.push_back(
        {"leave_limit_share",
         {"Het deel vertrekkende leerlingen is een percentage van 0 tot en "
          "met 100.",
          "The share of leaving students is a percentage from 0 to 100."}});
  }
  if (branch.leave_limit_count < 0 || branch.leave_limit_count > 1000000) {
    problems.push_back(
        {"leave_limit_count",
         {"Het aantal vertrekkende leerlingen is een heel getal van 0 of meer.",
          "The number of leaving students is a whole number of 0 or more."}});
  }
  if (!ValidFinalYears(branch.final_year_groups)) {
    problems.push_back(
        {"final_year_groups",
         {"Schrijf de laatste jaargroepen met komma's ertussen, zoals 8 of "
          "14,15,16.",
          "Write the final year groups separated by commas, like 8 or "
          "14,15,16."}});
  }
  return problems;
}

Status AddBranch(Database& db, Branch& branch) {
  if (auto problems = CheckBranch(branch); !problems.empty()) {
    return FirstProblem(problems);
  }
  auto library = GetLibrary(db, branch.library_id);
  if (!library.ok()) return library.status();
  auto existing = FindBranch(db, branch.library_id, branch.code);
  if (existing.ok()) {
    return Status::AlreadyExists(
        fmt::format("Bibliotheek '{}' heeft al een vestiging met code '{}'.",
                    library->code, branch.code),
        fmt::format("Library '{}' already has a branch with code '{}'.",
                    library->code, branch.code));
  }
  if (existing.status().code() != Status::Code::kNotFound)
    return existing.status();
  try {
    branch.created_at = SystemClock::Get().Now();
    std::string kind(BranchKindName(branch.kind));
    int public_default = branch.public_membership_default ? 1 : 0;
    soci::indicator brin_ind = branch.brin.empty() ? soci::i_null : soci::i_ok;
    soci::indicator dep_ind =
        branch.dependance.empty() ? soci::i_null : soci::i_ok;
    soci::indicator las_ind =
        branch.las_kind.empty() ? soci::i_null : soci::i_ok;
    soci::indicator notify_ind =
        branch.notify_email.empty() ? soci::i_null : soci::i_ok;
    db.sql() << "INSERT INTO branch (library_id, code, name, kind, brin, "
                "dependance, "
                "las_kind, notify_email, public_membership_default, "
                "leave_limit_share, "
                "leave_limit_count, final_year_groups, number_normalisation, "
                "created_at) "
                "VALUES (:lib, :code, :name, :kind, :brin, :dep, :las, "
                ":notify, :pub, "
                ":share, :count, :final, :norm, :at) RETURNING id",
        soci::use(branch.library_id), soci::use(branch.code),
        soci::use(branch.name), soci::use(kind),
        soci::use(branch.brin, brin_ind), soci::use(branch.dependance, dep_ind),
        soci::use(branch.las_kind, las_ind),
        soci::use(branch.notify_email, notify_ind), soci::use(public_default),
        soci::use(branch.leave_limit_share),
        soci::use(branch.leave_limit_count),
        soci::use(branch.final_year_groups),
        soci::use(branch.number_normalisation), soci::use(branch.created_at),
        soci::into(branch.id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kBranchWhat);
  }
  return Status::Ok();
}

Status UpdateBranch(Database& db, const Branch& branch) {
  auto current = GetBranch(db, branch.id);
  if (!current.ok()) return current.status();
  if (current->library_id != branch.library_id)
    return BranchNotFound(branch.id);
  Branch checked = branch;
  checked.kind = current->kind;
  if (auto problems = CheckBranch(checked); !problems.empty()) {
    return FirstProblem(problems);
  }
  if (branch.code != current->code) {
    auto taken = FindBranch(db, branch.library_id, branch.code);
    if (taken.ok()) {
      return Status::AlreadyExists(
          fmt::format("Er is al een vestiging met code '{}'.", branch.code),
          fmt::format("A branch with code '{}' already exists.", branch.code));
    }
    if (taken.status().code() != Status::Code::kNotFound) return taken.status();
  }
  try {
    Branch b = checked;
    int public_default = b.public_membership_default ? 1 : 0;
    soci::indicator brin_ind = b.brin.empty() ? soci::i_null : soci::i_ok;
    soci::indicator dep_ind = b.dependance.empty() ? soci::i_null : soci::i_ok;
    soci::indicator las_ind = b.las_kind.empty() ? soci::i_null : soci::i_ok;
    soci::indicator notify_ind =
        b.notify_email.empty() ? soci::i_null : soci::i_ok;
    soci::statement st =
        (db.sql().prepare
             << "UPDATE branch SET code = :code, name = :name, brin = :brin, "
                "dependance = :dep, las_kind = :las, notify_email = :notify, "
                "public_membership_default = :pub, leave_limit_share = "
                ":share, leave_limit_count = :count, final_year_groups = "
                ":final, number_normalisation = :norm WHERE id = :id AND "
                "library_id = :lib",
         soci::use(b.code), soci::use(b.name), soci::use(b.brin, brin_ind),
         soci::use(b.dependance, dep_ind), soci::use(b.las_kind, las_ind),
         soci::use(b.notify_email, notify_ind), soci::use(public_default),
         soci::use(b.leave_limit_share), soci::use(b.leave_limit_count),
         soci::use(b.final_year_groups), soci::use(b.number_normalisation),
         soci::use(b.id), soci::use(b.library_id));
    st.execute(true);
    if (st.get_affected_rows() == 0) return BranchNotFound(branch.id);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kBranchWhat);
  }
  return Status::Ok();
}

Result<Branch> FindBranch(Database& db, long long library_id,
                          std::string_view code) {
  try {
    std::string key(code);
    auto rows = QueryBranches(db, "library_id = :lib AND code = :code",
                              library_id, &key);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) {
      return Status::NotFound(
          fmt::format("Er is geen vestiging met code '{}'. Bekijk de codes met "
                      "'schoolbieb branch list'.",
                      code),
          fmt::format("There is no branch with code '{}'. See the codes with "
                      "'schoolbieb branch list'.",
                      code));
    }
    return rows->front();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kBranchWhat);
  }
}

Result<Branch> GetBranch(Database& db, long long id) {
  try {
    auto rows = QueryBranches(db, "id = :id", id, nullptr);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return BranchNotFound(id);
    return rows->front();
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kBranchWhat);
  }
}

Result<std::vector<Branch>> ListBranches(Database& db, long long library_id) {
  try {
    return QueryBranches(db, "library_id = :lib", library_id, nullptr);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kBranchWhat);
  }
}

Result<std::vector<Branch>> ListPublicBranches(Database& db,
                                               long long library_id) {
  try {
    std::string kind(BranchKindName(BranchKind::kPublic));
    return QueryBranches(db, "library_id = :lib AND kind = :kind", library_id,
                         &kind);
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kBranchWhat);
  }
}

namespace {

Result<std::string> GetBranchText(Database& db, long long branch_id,
                                  const char* column) {
  try {
    std::string text;
    soci::indicator ind = soci::i_ok;
    db.sql() << fmt::format("SELECT {} FROM branch WHERE id = :id", column),
        soci::into(text, ind), soci::use(branch_id);
    if (!db.sql().got_data()) {
      return Status::NotFound(
          fmt::format("Vestiging {} bestaat niet.", branch_id),
          fmt::format("Branch {} does not exist.", branch_id));
    }
    return ind == soci::i_null ? std::string() : text;
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kBranchWhat);
  }
}

Status SetBranchText(Database& db, long long branch_id, const char* column,
                     std::string_view value, bool null_when_empty) {
  try {
    std::string text(value);
    soci::indicator ind =
        null_when_empty && text.empty() ? soci::i_null : soci::i_ok;
    soci::statement st =
        (db.sql().prepare << fmt::format(
             "UPDATE branch SET {} = :v WHERE id = :id", column),
         soci::use(text, ind), soci::use(branch_id));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      return Status::NotFound(
          fmt::format("Vestiging {} bestaat niet.", branch_id),
          fmt::format("Branch {} does not exist.", branch_id));
    }
  } catch (const std::exception& error) {
    return FromDatabaseError(error, kBranchWhat);
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> GetBranchMapping(Database& db, long long branch_id) {
  return GetBranchText(db, branch_id, "mapping_json");
}

Status SetBranchMapping(Database& db, long long branch_id,
                        std::string_view json) {
  return SetBranchText(db, branch_id, "mapping_json", json, true);
}

Result<std::string> GetBranchSettings(Database& db, long long branch_id) {
  return GetBranchText(db, branch_id, "settings_json");
}

Status SetBranchSettings(Database& db, long long branch_id,
                         std::string_view json) {
  return SetBranchText(db, branch_id, "settings_json", json, false);
}

Status SetBranchNumberRule(Database& db, long long branch_id,
                           std::string_view rule) {
  return SetBranchText(db, branch_id, "number_normalisation", rule, false);
}

}  // namespace schoolbieb::store
