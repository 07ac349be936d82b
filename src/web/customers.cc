#include "web/customers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/names.h"
#include "formats/text_encoding.h"
#include "mail/mime.h"
#include "roster/field.h"
#include "store/account_store.h"
#include "store/customer_store.h"
#include "store/database.h"
#include "store/library_store.h"
#include "web/http_util.h"
#include "web/page.h"
#include "web/render.h"
#include "web/text.h"

namespace schoolbieb::web {
namespace {

using store::Customer;

constexpr size_t kSearchLimit = 50;
constexpr size_t kMaxLine = 200;
constexpr size_t kMaxLines = 4000;

// ---- What the seven tabs hold ------------------------------------------

enum class Input {
  kLine,      // one line of text
  kLines,     // several lines (remarks)
  kRequired,  // one line that may not be empty (the last name)
  kDate,      // dd-mm-jjjj or ISO in, ISO stored
  kChoice,    // one of `choices`
  kFlag,      // a checkbox
  kMoney,     // euro in, cents stored
  kBranch,    // any branch of the library, or none
  kSchool,    // a school of the library, or none
  kEmail,     // one plain address
  kPostcode,  // "1234 AB"
  kCard,      // digits and letters
};

struct Choice {
  const char* value;
  const char* label_key;  // a text key; nullptr: `value` is the label
  const char* label = nullptr;
};

struct FieldSpec {
  const char* name;  // the customer column, the form field, the lock name
  Input input = Input::kLine;
  std::string Customer::*text = nullptr;
  bool Customer::*flag = nullptr;
  long long Customer::*number = nullptr;
  // The import writes this field: an edit here protects it. The engine
  // compares locked_fields against roster::FieldName of this field.
  std::optional<roster::Field> import_field = std::nullopt;
  const char* hint_key = nullptr;
  std::vector<Choice> choices = {};
};

struct TabSpec {
  const char* slug;
  const char* label_key;
  std::vector<FieldSpec> fields;  // empty: no form (Meldingen)
};

using F = roster::Field;

const std::vector<TabSpec>& Tabs() {
  static const std::vector<TabSpec> kTabs = {
      {"klant",
       "cust_tab_klant",
       {
           {.name = "kind",
            .input = Input::kChoice,
            .text = &Customer::kind,
            .choices = {{"student", "cust_kind_student"},
                        {"teacher", "cust_kind_teacher"},
                        {"other", "cust_kind_other"}}},
           {.name = "card_number",
            .input = Input::kCard,
            .text = &Customer::card_number},
           {.name = "card_blocked",
            .input = Input::kFlag,
            .flag = &Customer::card_blocked},
           {.name = "card_blocked_reason",
            .text = &Customer::card_blocked_reason},
           {.name = "home_branch_id",
            .input = Input::kBranch,
            .number = &Customer::home_branch_id},
           {.name = "school_branch_id",
            .input = Input::kSchool,
            .number = &Customer::school_branch_id},
       }},
      {"naw",
       "cust_tab_naw",
       {
           {.name = "call_name",
            .text = &Customer::call_name,
            .import_field = F::kCallName},
           {.name = "first_names",
            .text = &Customer::first_names,
            .import_field = F::kFirstNames},
           {.name = "initials",
            .text = &Customer::initials,
            .import_field = F::kInitials},
           {.name = "name_prefix",
            .text = &Customer::name_prefix,
            .import_field = F::kNamePrefix},
           {.name = "last_name",
            .input = Input::kRequired,
            .text = &Customer::last_name,
            .import_field = F::kLastName},
           {.name = "birth_date",
            .input = Input::kDate,
            .text = &Customer::birth_date,
            .import_field = F::kBirthDate,
            .hint_key = "cust_hint_date"},
           {.name = "sex",
            .input = Input::kChoice,
            .text = &Customer::sex,
            .import_field = F::kSex,
            .choices = {{"", "cust_sex_unknown"},
                        {"M", "cust_sex_m"},
                        {"V", "cust_sex_v"},
                        {"X", "cust_sex_x"}}},
           {.name = "street",
            .text = &Customer::street,
            .import_field = F::kStreet},
           {.name = "house_number",
            .text = &Customer::house_number,
            .import_field = F::kHouseNumber},
           {.name = "house_number_suffix",
            .text = &Customer::house_number_suffix,
            .import_field = F::kHouseNumberSuffix},
           {.name = "postcode",
            .input = Input::kPostcode,
            .text = &Customer::postcode,
            .import_field = F::kPostcode,
            .hint_key = "cust_hint_postcode"},
           {.name = "city", .text = &Customer::city, .import_field = F::kCity},
           {.name = "phone",
            .text = &Customer::phone,
            .import_field = F::kPhone},
           {.name = "mobile",
            .text = &Customer::mobile,
            .import_field = F::kMobile},
           {.name = "email",
            .input = Input::kEmail,
            .text = &Customer::email,
            .import_field = F::kEmail},
       }},
      {"contributie",
       "cust_tab_contributie",
       {
           {.name = "subscription_type", .text = &Customer::subscription_type},
           {.name = "subscription_start",
            .input = Input::kDate,
            .text = &Customer::subscription_start,
            .hint_key = "cust_hint_date"},
           {.name = "subscription_end",
            .input = Input::kDate,
            .text = &Customer::subscription_end,
            .hint_key = "cust_hint_date"},
           {.name = "fees_due_cents",
            .input = Input::kMoney,
            .number = &Customer::fees_due_cents,
            .hint_key = "cust_hint_money"},
       }},
      {"overig",
       "cust_tab_overig",
       {
           {.name = "remarks",
            .input = Input::kLines,
            .text = &Customer::remarks},
           {.name = "classification", .text = &Customer::classification},
           {.name = "preferred_language",
            .input = Input::kChoice,
            .text = &Customer::preferred_language,
            .choices = {{"nl_NL", nullptr, "Nederlands"},
                        {"nl_BE", nullptr, "Nederlands (België)"},
                        {"en_GB", nullptr, "English"},
                        {"de_DE", nullptr, "Deutsch"},
                        {"fr_FR", nullptr, "Français"}}},
       }},
      {"meldingen", "cust_tab_meldingen", {}},
      {"eigenschappen-1",
       "cust_tab_eigenschappen1",
       {
           {.name = "public_consent",
            .input = Input::kChoice,
            .text = &Customer::public_consent,
            .import_field = F::kPublicConsent,
            .choices = {{"", "cust_consent_unknown"},
                        {"yes", "cust_consent_yes"},
                        {"no", "cust_consent_no"}}},
       }},
      {"eigenschappen-2",
       "cust_tab_eigenschappen2",
       {
           {.name = "print_slips",
            .input = Input::kFlag,
            .flag = &Customer::print_slips},
           {.name = "reservation_messages",
            .input = Input::kFlag,
            .flag = &Customer::reservation_messages},
           {.name = "external_number",
            .text = &Customer::external_number,
            .hint_key = "cust_hint_external_number"},
           {.name = "external_number_2", .text = &Customer::external_number_2},
           {.name = "year_group",
            .text = &Customer::year_group,
            .import_field = F::kYearGroup},
           {.name = "group_key",
            .text = &Customer::group_key,
            .import_field = F::kGroupKey},
           {.name = "group_name",
            .text = &Customer::group_name,
            .import_field = F::kGroupName},
           {.name = "upload_branch_id",
            .input = Input::kSchool,
            .number = &Customer::upload_branch_id},
       }},
  };
  return kTabs;
}

const TabSpec* FindTab(std::string_view slug) {
  for (const TabSpec& tab : Tabs()) {
    if (tab.slug == slug) return &tab;
  }
  return nullptr;
}

// The name under which locked_fields holds the field: the engine's.
std::string LockName(const FieldSpec& field) {
  return std::string(roster::FieldName(*field.import_field));
}

const FieldSpec* FindLockable(std::string_view lock_name) {
  for (const TabSpec& tab : Tabs()) {
    for (const FieldSpec& field : tab.fields) {
      if (field.import_field && LockName(field) == lock_name) return &field;
    }
  }
  return nullptr;
}

std::vector<std::string> SplitLocked(std::string_view locked) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= locked.size()) {
    size_t comma = locked.find(',', start);
    if (comma == std::string_view::npos) comma = locked.size();
    if (comma > start) out.emplace_back(locked.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

bool IsLocked(const Customer& customer, std::string_view name) {
  auto names = SplitLocked(customer.locked_fields);
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string FieldLabel(const Visit& v, const FieldSpec& field) {
  return v.T(std::string("cust_f_") + field.name);
}

// ---- Values in and out -------------------------------------------------

// "2018-08-07" → "07-08-2018"; anything else as it is.
std::string DutchDate(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-')
    return std::string(iso);
  return fmt::format("{}-{}-{}", iso.substr(8, 2), iso.substr(5, 2),
                     iso.substr(0, 4));
}

// dd-mm-jjjj (also d-m-jjjj, with / or .) or yyyy-mm-dd → ISO; nullopt for
// anything else or a day that does not exist.
std::optional<std::string> ParseDate(std::string_view text) {
  int parts[3] = {0, 0, 0};
  size_t digits[3] = {0, 0, 0};
  int part = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      if (digits[part] == 4) return std::nullopt;
      parts[part] = parts[part] * 10 + (c - '0');
      ++digits[part];
    } else if ((c == '-' || c == '/' || c == '.') && part < 2 &&
               digits[part] > 0) {
      ++part;
    } else {
      return std::nullopt;
    }
  }
  if (part != 2 || digits[2] == 0) return std::nullopt;
  int year, month, day;
  if (digits[0] == 4 && digits[1] <= 2 && digits[2] <= 2) {
    year = parts[0], month = parts[1], day = parts[2];
  } else if (digits[2] == 4 && digits[0] <= 2 && digits[1] <= 2) {
    day = parts[0], month = parts[1], year = parts[2];
  } else {
    return std::nullopt;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 ||
      day > kDays[month - 1] + (month == 2 && leap ? 1 : 0)) {
    return std::nullopt;
  }
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

// "12,50", "12.5", "€ 3", "-1,00" → cents.
std::optional<long long> ParseCents(std::string_view text) {
  std::string compact;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ') continue;
    if (text.substr(i, 3) == "\xE2\x82\xAC") {  // €
      i += 2;
      continue;
    }
    compact += text[i];
  }
  bool negative = !compact.empty() && compact[0] == '-';
  if (negative) compact.erase(0, 1);
  size_t separator = compact.find_first_of(",.");
  std::string whole = compact.substr(0, separator);
  std::string fraction =
      separator == std::string::npos ? "" : compact.substr(separator + 1);
  auto all_digits = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || whole.size() > 9 || !all_digits(whole) ||
      (separator != std::string::npos &&
       (fraction.empty() || fraction.size() > 2 || !all_digits(fraction)))) {
    return std::nullopt;
  }
  if (fraction.size() == 1) fraction += '0';
  long long cents =
      std::stoll(whole) * 100 + (fraction.empty() ? 0 : std::stoll(fraction));
  return negative ? -cents : cents;
}

std::string FormatCents(long long cents, Language language) {
  long long magnitude = cents < 0 ? -cents : cents;
  return fmt::format("{}{}{}{:02}", cents < 0 ? "-" : "", magnitude / 100,
                     language == Language::kEnglish ? '.' : ',',
                     magnitude % 100);
}

// "1234ab", "1234 AB" → "1234 AB"; nullopt when it is not a Dutch postcode.
std::optional<std::string> NormalisePostcode(std::string_view text) {
  std::string compact;
  for (char c : text) {
    if (c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    compact += c;
  }
  if (compact.size() != 6 || compact[0] < '1' || compact[0] > '9') {
    return std::nullopt;
  }
  for (int i = 1; i < 4; ++i) {
    if (compact[i] < '0' || compact[i] > '9') return std::nullopt;
  }
  for (int i = 4; i < 6; ++i) {
    if (compact[i] < 'A' || compact[i] > 'Z') return std::nullopt;
  }
  return compact.substr(0, 4) + " " + compact.substr(4);
}

bool HasControl(std::string_view text, bool lines_allowed) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (lines_allowed && c == '\n') continue;
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

size_t CharacterCount(std::string_view text) {
  return static_cast<size_t>(std::count_if(
      text.begin(), text.end(),
      [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string Trim(std::string_view text) {
  size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(start, end - start + 1));
}

// What the library's branches are called and which may be chosen where.
struct Branches {
  std::map<long long, std::string> names;
  std::vector<store::Branch> all;
};

Branches LoadBranches(Visit& v) {
  Branches out;
  auto branches = store::ListBranches(*v.db, v.account->library_id);
  if (!branches.ok()) throw std::runtime_error(branches.status().ToString());
  out.all = *branches;
  for (const auto& branch : out.all) out.names[branch.id] = branch.name;
  return out;
}

bool BranchAllowed(const Branches& branches, const FieldSpec& field,
                   long long id) {
  if (id == 0) return true;
  for (const store::Branch& branch : branches.all) {
    if (branch.id != id) continue;
    return field.input == Input::kBranch ||
           branch.kind == store::BranchKind::kSchool;
  }
  return false;
}

// A field as the form shows it, from the stored customer.
std::string ShownValue(const Visit& v, const FieldSpec& field,
                       const Customer& customer) {
  switch (field.input) {
    case Input::kFlag:
      return customer.*(field.flag) ? "1" : "";
    case Input::kMoney:
      return FormatCents(customer.*(field.number), v.language);
    case Input::kBranch:
    case Input::kSchool:
      return std::to_string(customer.*(field.number));
    case Input::kDate:
      return DutchDate(customer.*(field.text));
    default:
      return customer.*(field.text);
  }
}

// One tab's fields as the staff member entered them.
using Entered = std::map<std::string, std::string>;
// Field name → the message that says what to fix.
using FieldErrors = std::map<std::string, std::string>;

Entered ReadForm(const Visit& v, const TabSpec& tab) {
  Entered entered;
  for (const FieldSpec& field : tab.fields) {
    std::string raw = v.Param(field.name);
    if (field.input == Input::kFlag) raw = raw.empty() ? "" : "1";
    entered[field.name] = raw;
  }
  return entered;
}

// Applies one entered value to `customer`; false with `*error` set when the
// value cannot be taken.
bool TakeValue(const Visit& v, const FieldSpec& field, const std::string& raw,
               const Branches& branches, Customer* customer,
               std::string* error) {
  auto fail = [&](std::string_view key) {
    *error = v.T(key);
    return false;
  };
  auto too_long = [&](size_t max) {
    std::string text = v.T("cust_err_too_long");
    size_t at = text.find("{max}");
    if (at != std::string::npos) text.replace(at, 5, std::to_string(max));
    *error = text;
    return false;
  };
  if (!formats::IsValidUtf8(raw)) return fail("cust_err_text");
  switch (field.input) {
    case Input::kFlag:
      customer->*(field.flag) = !raw.empty();
      return true;
    case Input::kLines: {
      std::string text;
      for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\r') {
          if (i + 1 < raw.size() && raw[i + 1] == '\n') continue;
          text += '\n';
        } else if (raw[i] == '\t') {
          text += ' ';
        } else {
          text += raw[i];
        }
      }
      while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
      if (HasControl(text, true)) return fail("cust_err_text");
      if (CharacterCount(text) > kMaxLines) return too_long(kMaxLines);
      customer->*(field.text) = text;
      return true;
    }
    case Input::kBranch:
    case Input::kSchool: {
      char* end = nullptr;
      long long id = raw.empty() ? 0 : std::strtoll(raw.c_str(), &end, 10);
      if ((end && *end != '\0') || !BranchAllowed(branches, field, id)) {
        return fail("cust_err_choice");
      }
      customer->*(field.number) = id;
      return true;
    }
    default:
      break;
  }
  // Every other input is one line.
  if (HasControl(raw, false)) {
    // A line break in an address is how a header gets injected: say what
    // an address must be.
    return fail(field.input == Input::kEmail ? "cust_err_email"
                                             : "cust_err_line");
  }
  std::string value = CollapseSpaces(raw);
  if (CharacterCount(value) > kMaxLine) return too_long(kMaxLine);
  switch (field.input) {
    case Input::kRequired:
      if (value.empty()) return fail("cust_err_last_name");
      break;
    case Input::kDate:
      if (!value.empty()) {
        auto iso = ParseDate(value);
        if (!iso) return fail("cust_err_date");
        value = *iso;
      }
      break;
    case Input::kChoice: {
      bool known = std::any_of(
          field.choices.begin(), field.choices.end(),
          [&](const Choice& choice) { return value == choice.value; });
      // A value stored by another route stays choosable as it is.
      if (!known && value != customer->*(field.text)) {
        return fail("cust_err_choice");
      }
      break;
    }
    case Input::kMoney: {
      auto cents =
          value.empty() ? std::optional<long long>(0) : ParseCents(value);
      if (!cents) return fail("cust_err_money");
      customer->*(field.number) = *cents;
      return true;
    }
    case Input::kEmail:
      if (!value.empty() && !mail::CheckAddress(value).ok()) {
        return fail("cust_err_email");
      }
      break;
    case Input::kPostcode:
      if (!value.empty()) {
        auto postcode = NormalisePostcode(value);
        if (!postcode) return fail("cust_err_postcode");
        value = *postcode;
      }
      break;
    case Input::kCard: {
      value.erase(std::remove(value.begin(), value.end(), ' '), value.end());
      bool plain = std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
               (c >= 'a' && c <= 'z');
      });
      if (!plain || value.size() > 32) return fail("cust_err_card");
      break;
    }
    default:
      break;
  }
  customer->*(field.text) = value;
  return true;
}

bool SameValue(const FieldSpec& field, const Customer& a, const Customer& b) {
  if (field.flag) return a.*(field.flag) == b.*(field.flag);
  if (field.number) return a.*(field.number) == b.*(field.number);
  return a.*(field.text) == b.*(field.text);
}

// ---- The pages ----------------------------------------------------------

std::string CustomerName(const Customer& c) {
  std::string name =
      DisplayName(c.call_name, c.initials, c.name_prefix, c.last_name);
  return name.empty() ? c.last_name : name;
}

std::string SchoolName(const Branches& branches, long long id) {
  auto it = branches.names.find(id);
  return it == branches.names.end() ? std::string() : it->second;
}

// The customer of the route's id when it is of the visitor's library.
std::optional<Customer> OwnCustomer(Visit& v) {
  auto customer = store::GetCustomer(*v.db, v.IdParam());
  if (!customer.ok()) {
    if (customer.status().code() == Status::Code::kNotFound) {
      return std::nullopt;
    }
    throw std::runtime_error(customer.status().ToString());
  }
  if (customer->library_id != v.account->library_id) return std::nullopt;
  return *customer;
}

// The search form posts its words: they are often a child's name, which
// must not end up in a URL (browser history, a proxy's access log). A GET
// shows the empty form.
void GetCustomers(Visit& v) {
  std::string query =
      v.req.method == "POST" ? Trim(v.Param("q")) : std::string();
  // Bytes that are not text cannot be in a name (and PostgreSQL would
  // refuse them): such a search finds no one.
  if (!formats::IsValidUtf8(query)) query.clear();
  mstch::map context =
      PageContext(v, v.T("cust_title"), "/backoffice/customers");
  context["query"] = query;
  context["searched"] = !query.empty();
  if (!query.empty()) {
    auto found = store::SearchCustomers(*v.db, v.account->library_id, query,
                                        kSearchLimit + 1);
    if (!found.ok()) throw std::runtime_error(found.status().ToString());
    bool more = found->size() > kSearchLimit;
    if (more) found->resize(kSearchLimit);
    Branches branches = LoadBranches(v);
    mstch::array rows;
    for (const Customer& c : *found) {
      rows.push_back(mstch::map{
          {"id", std::to_string(c.id)},
          {"name", CustomerName(c)},
          {"birth_date", DutchDate(c.birth_date)},
          {"card", c.card_number},
          {"student_number", c.external_number_2},
          {"school", SchoolName(branches, c.school_branch_id)},
          {"group", c.group_name.empty() ? c.year_group : c.group_name},
      });
    }
    context["has_results"] = !rows.empty();
    context["results"] = rows;
    if (more) {
      std::string text = v.T("cust_too_many");
      size_t at = text.find("{n}");
      if (at != std::string::npos)
        text.replace(at, 3, std::to_string(kSearchLimit));
      context["too_many"] = text;
    }
  }
  Show(v, "customers", context);
}

struct RecordView {
  int status = 200;
  const TabSpec* tab = nullptr;
  FieldErrors errors;
  std::optional<Entered> entered;  // the form as sent, after an error
  std::string version;             // the updated_at the form was made from
  std::string notice;
  std::string error;
  std::string notice_body;  // the notice as sent, after an error
};

mstch::map FieldView(const Visit& v, const FieldSpec& field,
                     const std::string& value, const std::string& error,
                     bool locked, const Branches& branches) {
  std::string name = field.name;
  mstch::map view{{"name", name},
                  {"label", FieldLabel(v, field)},
                  {"value", value},
                  {"is_flag", field.input == Input::kFlag},
                  {"checked", !value.empty()},
                  {"is_area", field.input == Input::kLines},
                  {"locked", locked},
                  // Set even when empty, so that a section never finds the
                  // page's own "error" further up the context.
                  {"error", error},
                  {"hint", std::string()}};
  std::vector<std::string> described;
  if (field.hint_key) {
    view["hint"] = v.T(field.hint_key);
    described.push_back("f-" + name + "-hint");
  }
  if (!error.empty()) described.push_back("f-" + name + "-error");
  if (locked) described.push_back("f-" + name + "-locked");
  view["described_by"] = fmt::format("{}", fmt::join(described, " "));
  mstch::array options;
  auto option = [&](const std::string& option_value, const std::string& label) {
    options.push_back(mstch::map{{"value", option_value},
                                 {"label", label},
                                 {"selected", option_value == value}});
  };
  bool known = false;
  switch (field.input) {
    case Input::kChoice:
      for (const Choice& choice : field.choices) {
        option(choice.value, choice.label_key ? v.T(choice.label_key)
                             : choice.label   ? choice.label
                                              : choice.value);
        known = known || value == choice.value;
      }
      if (!known) option(value, value);
      break;
    case Input::kBranch:
    case Input::kSchool:
      option("0", v.T("cust_none"));
      known = value == "0" || value.empty();
      for (const store::Branch& branch : branches.all) {
        if (field.input == Input::kSchool &&
            branch.kind != store::BranchKind::kSchool) {
          continue;
        }
        option(std::to_string(branch.id), branch.name);
        known = known || value == std::to_string(branch.id);
      }
      break;
    default:
      break;
  }
  bool is_select = field.input == Input::kChoice ||
                   field.input == Input::kBranch ||
                   field.input == Input::kSchool;
  view["is_select"] = is_select;
  view["is_line"] =
      !is_select && field.input != Input::kFlag && field.input != Input::kLines;
  view["options"] = options;
  return view;
}

void ShowRecord(Visit& v, const Customer& customer, const RecordView& view) {
  const TabSpec& tab = *view.tab;
  Branches branches = LoadBranches(v);
  std::string name = CustomerName(customer);
  mstch::map context = PageContext(v, name, "/backoffice/customers");
  std::string id = std::to_string(customer.id);
  context["id"] = id;
  context["name"] = name;
  context["card"] = customer.card_number;
  context["student_number"] = customer.external_number_2;
  context["school"] = SchoolName(branches, customer.school_branch_id);
  context["kind"] = v.T("cust_kind_" + customer.kind);
  context["tab"] = std::string(tab.slug);
  context["tab_label"] = v.T(tab.label_key);
  if (!view.notice.empty()) context["notice"] = view.notice;
  if (!view.error.empty()) context["error"] = view.error;

  mstch::array tabs;
  for (const TabSpec& other : Tabs()) {
    tabs.push_back(mstch::map{{"slug", std::string(other.slug)},
                              {"label", v.T(other.label_key)},
                              {"current", &other == &tab}});
  }
  context["tabs"] = tabs;

  // Every protected field, on whichever tab it is.
  std::vector<std::string> locked_labels;
  for (const std::string& lock : SplitLocked(customer.locked_fields)) {
    const FieldSpec* field = FindLockable(lock);
    locked_labels.push_back(field ? FieldLabel(v, *field) : lock);
  }
  context["has_locked"] = !locked_labels.empty();
  context["locked_list"] = fmt::format("{}", fmt::join(locked_labels, ", "));

  mstch::array fields;
  mstch::array field_errors;
  for (const FieldSpec& field : tab.fields) {
    std::string value = view.entered ? view.entered->at(field.name)
                                     : ShownValue(v, field, customer);
    auto error = view.errors.find(field.name);
    std::string message =
        error == view.errors.end() ? std::string() : error->second;
    if (!message.empty()) {
      field_errors.push_back(mstch::map{{"name", std::string(field.name)},
                                        {"label", FieldLabel(v, field)},
                                        {"message", message}});
    }
    bool locked = field.import_field && IsLocked(customer, LockName(field));
    fields.push_back(FieldView(v, field, value, message, locked, branches));
  }
  context["has_form"] = !tab.fields.empty();
  context["has_lockable"] = std::any_of(
      tab.fields.begin(), tab.fields.end(),
      [](const FieldSpec& field) { return field.import_field.has_value(); });
  context["fields"] = fields;
  context["has_field_errors"] = !field_errors.empty();
  context["field_errors"] = field_errors;
  context["version"] =
      view.version.empty() ? std::to_string(customer.updated_at) : view.version;

  std::string slug = tab.slug;
  if (slug == "klant") {
    auto memberships = store::ListMemberships(*v.db, customer.id);
    if (!memberships.ok())
      throw std::runtime_error(memberships.status().ToString());
    mstch::array rows;
    for (const store::Membership& m : *memberships) {
      std::string source = m.import_run_id
                               ? fmt::format("import {}", m.import_run_id)
                               : v.T("cust_m_by_hand");
      if (m.consent_based)
        source += fmt::format(" ({})", v.T("cust_m_consent"));
      rows.push_back(mstch::map{
          {"scope", v.T(m.scope == "public" ? "cust_scope_public"
                                            : "cust_scope_school")},
          {"branch", SchoolName(branches, m.branch_id)},
          {"started", DutchDate(m.started_on)},
          {"ended",
           m.ended_on.empty() ? v.T("cust_m_current") : DutchDate(m.ended_on)},
          {"current", m.ended_on.empty()},
          {"reason", m.end_reason},
          {"source", source},
      });
    }
    context["show_memberships"] = true;
    context["has_memberships"] = !rows.empty();
    context["memberships"] = rows;
  }
  if (slug == "meldingen") {
    auto notices = store::ListNotices(*v.db, customer.id);
    if (!notices.ok()) throw std::runtime_error(notices.status().ToString());
    std::map<long long, std::string> authors;
    mstch::array rows;
    // Newest first.
    for (auto it = notices->rbegin(); it != notices->rend(); ++it) {
      auto author = authors.find(it->author_account_id);
      if (author == authors.end()) {
        std::string shown = v.T("cust_notice_unknown_author");
        auto account = store::GetAccount(*v.db, it->author_account_id);
        if (account.ok()) {
          shown = account->display_name.empty() ? account->login
                                                : account->display_name;
        }
        author = authors.emplace(it->author_account_id, shown).first;
      }
      rows.push_back(mstch::map{{"body", it->body},
                                {"author", author->second},
                                {"date", FormatDateTime(it->created_at)}});
    }
    context["show_notices"] = true;
    context["has_notices"] = !rows.empty();
    context["notices"] = rows;
    context["notice_body"] = view.notice_body;
    auto error = view.errors.find("body");
    if (error != view.errors.end()) context["notice_error"] = error->second;
  }
  if (slug == "eigenschappen-1") {
    context["show_consent"] = true;
    context["consent_at"] = customer.public_consent_at
                                ? FormatDateTime(customer.public_consent_at)
                                : std::string("–");
    context["consent_source"] = customer.public_consent_source.empty()
                                    ? std::string("–")
                                    : customer.public_consent_source;
  }
  Show(v, "customer", context, view.status);
}

void GetCustomerRecord(Visit& v) {
  auto customer = OwnCustomer(v);
  if (!customer) return ShowNotFound(v);
  RecordView view;
  view.tab = FindTab(v.Param("tab"));
  if (!view.tab) view.tab = &Tabs().front();
  if (v.req.has_param("saved")) view.notice = v.T("cust_saved");
  if (v.req.has_param("added")) view.notice = v.T("cust_notice_added");
  ShowRecord(v, *customer, view);
}

void PostCustomerRecord(Visit& v) {
  auto customer = OwnCustomer(v);
  if (!customer) return ShowNotFound(v);
  const TabSpec* tab = FindTab(v.Param("tab"));
  if (!tab || tab->fields.empty()) {
    return ShowMessage(v, 400, "error_heading", v.T("cust_err_choice"));
  }
  Branches branches = LoadBranches(v);
  Entered entered = ReadForm(v, *tab);
  std::string version = v.Param("version");

  // Ended before a page is shown: on PostgreSQL a failed statement (a taken
  // card number) leaves the transaction unable to read.
  std::optional<store::Transaction> tx(std::in_place, *v.db);
  // Read again inside the transaction: what is written is this plus the
  // tab's fields, so nothing another save or an import wrote meanwhile on
  // another tab is lost.
  auto current = store::GetCustomer(*v.db, customer->id);
  if (!current.ok()) throw std::runtime_error(current.status().ToString());
  const Customer before = *current;
  if (!version.empty() && version != std::to_string(before.updated_at)) {
    tx.reset();
    RecordView view;
    view.status = 409;
    view.tab = tab;
    view.error = v.T("cust_stale");
    return ShowRecord(v, before, view);
  }

  Customer after = before;
  FieldErrors errors;
  for (const FieldSpec& field : tab->fields) {
    std::string error;
    if (!TakeValue(v, field, entered[field.name], branches, &after, &error)) {
      errors[field.name] = error;
    }
  }

  // Protection: a changed field the import writes is locked, unless staff
  // lifted its protection in the same save.
  std::vector<std::string> unlock_requests;
  for (size_t i = 0; i < v.req.get_param_value_count("unlock"); ++i) {
    unlock_requests.push_back(v.req.get_param_value("unlock", i));
  }
  std::vector<std::string> locked = SplitLocked(before.locked_fields);
  std::vector<std::string> changed;
  std::vector<std::string> unlocked;
  for (const FieldSpec& field : tab->fields) {
    bool differs = !SameValue(field, before, after);
    if (differs) changed.push_back(field.name);
    if (!field.import_field) continue;
    std::string lock = LockName(field);
    auto at = std::find(locked.begin(), locked.end(), lock);
    bool lift = std::find(unlock_requests.begin(), unlock_requests.end(),
                          lock) != unlock_requests.end();
    if (lift && at != locked.end()) {
      locked.erase(at);
      unlocked.push_back(lock);
    } else if (differs && !lift && at == locked.end()) {
      locked.push_back(lock);
    }
  }
  after.locked_fields = fmt::format("{}", fmt::join(locked, ","));
  if (after.public_consent != before.public_consent) {
    after.public_consent_at =
        after.public_consent.empty() ? 0 : v.options.clock->Now();
    after.public_consent_source =
        after.public_consent.empty()
            ? std::string()
            : fmt::format("backoffice {}", v.account->login);
  }

  if (errors.empty()) {
    Status updated = store::UpdateCustomer(*v.db, after);
    if (updated.code() == Status::Code::kAlreadyExists) {
      errors["card_number"] = v.T("cust_err_card_taken");
    } else if (!updated.ok()) {
      throw std::runtime_error(updated.ToString());
    }
  }
  if (!errors.empty()) {
    tx.reset();
    RecordView view;
    view.status = 422;
    view.tab = tab;
    view.errors = std::move(errors);
    view.entered = std::move(entered);
    view.version = version;
    view.error = v.T("cust_form_errors");
    return ShowRecord(v, before, view);
  }
  Audit(v, "customer.update", "customer", after.id,
        {{"tab", tab->slug}, {"fields", changed}, {"unlocked", unlocked}});
  tx->Commit();
  Redirect(v.res, fmt::format("/backoffice/customers/{}?tab={}&saved=1",
                              after.id, tab->slug));
}

void PostNotice(Visit& v) {
  auto customer = OwnCustomer(v);
  if (!customer) return ShowNotFound(v);
  std::string raw = v.Param("body");
  std::string body;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;
    body += raw[i] == '\r' ? '\n' : raw[i];
  }
  body = Trim(body);
  while (!body.empty() && (body.back() == '\n' || body.back() == ' '))
    body.pop_back();
  while (!body.empty() && (body.front() == '\n' || body.front() == ' '))
    body.erase(0, 1);
  std::string error;
  if (body.empty()) {
    error = v.T("cust_err_notice_empty");
  } else if (!formats::IsValidUtf8(body) || HasControl(body, true)) {
    error = v.T("cust_err_text");
  } else if (CharacterCount(body) > kMaxLines) {
    error = v.T("cust_err_too_long");
    size_t at = error.find("{max}");
    if (at != std::string::npos)
      error.replace(at, 5, std::to_string(kMaxLines));
  }
  if (!error.empty()) {
    RecordView view;
    view.status = 422;
    view.tab = FindTab("meldingen");
    view.errors["body"] = error;
    view.error = error;
    view.notice_body = raw;
    return ShowRecord(v, *customer, view);
  }
  store::Transaction tx(*v.db);
  store::Notice notice;
  notice.customer_id = customer->id;
  notice.body = body;
  notice.author_account_id = v.account->id;
  Status added = store::AddNotice(*v.db, notice);
  if (!added.ok()) throw std::runtime_error(added.ToString());
  Audit(v, "customer.notice", "customer", customer->id,
        {{"notice_id", notice.id}});
  tx.Commit();
  Redirect(v.res, fmt::format("/backoffice/customers/{}?tab=meldingen&added=1",
                              customer->id));
}

}  // namespace

void RegisterCustomers(httplib::Server& server, const ServerOptions& options,
                       bool tls) {
  auto page = [&](PageHandler handler) {
    return Page(options, tls, Access::kStaff, std::move(handler));
  };
  server.Get("/backoffice/customers", page(GetCustomers));
  server.Post("/backoffice/customers", page(GetCustomers));
  server.Get(R"(/backoffice/customers/(\d{1,18}))", page(GetCustomerRecord));
  server.Post(R"(/backoffice/customers/(\d{1,18}))", page(PostCustomerRecord));
  server.Post(R"(/backoffice/customers/(\d{1,18})/notices)", page(PostNotice));
}

}  // namespace schoolbieb::web
