#include "web/settings.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "core/colour.h"
#include "core/names.h"
#include "import/number_rule.h"
#include "mail/mime.h"
#include "roster/field.h"
#include "roster/roster.h"
#include "roster/values.h"
#include "store/audit_log.h"
#include "store/library_store.h"
#include "store/outbox.h"
#include "store/two_factor.h"
#include "store/upload_rights.h"
#include "web/http_util.h"
#include "web/manuals.h"
#include "web/page.h"
#include "web/text.h"

namespace schoolbieb::web {
namespace {

constexpr int kAuditPageSize = 50;
constexpr int kOutboxLimit = 200;

void ThrowIfError(const Status& status) {
  if (!status.ok()) throw std::runtime_error(status.ToString());
}

template <typename T>
T ValueOrThrow(Result<T> result) {
  ThrowIfError(result.status());
  return std::move(*result);
}

// A whole number from a form; nullopt for anything else.
std::optional<long long> WholeNumber(std::string_view raw) {
  std::string text = CollapseSpaces(raw);
  long long value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

// A one-line form field without surrounding or doubled spaces.
std::string Trimmed(const std::string& text) { return CollapseSpaces(text); }

// ---- Schools -------------------------------------------------------------

// The school form as submitted or as stored, and what is wrong with it.
struct SchoolForm {
  store::Branch branch;
  std::string share_text = "10";
  std::string count_text = "25";
  std::string zeros = "keep";  // keep | strip | pad
  std::string pad_text;
  bool strip_brin = false;
  std::string mapping_text;  // the JSON as typed (or stored, indented)
  bool drop_forbidden = false;
  bool overwrite_locked = false;
  bool teachers_upload = false;
  // Field → message, in the visitor's language.
  std::map<std::string, std::string> problems;
  // The stored name, for the heading while the form shows what was typed.
  std::string stored_name;
  // A new number rule that rewrites stored numbers: what it does, shown for
  // staff to confirm before it is saved.
  std::string number_effect;
};

// The settings_json keys the form edits; the rest of the object is kept.
constexpr const char* kDropForbidden = "drop_forbidden_columns";
constexpr const char* kOverwriteLocked = "overwrite_locked_fields";
constexpr const char* kTeachersUpload = "teachers_get_upload_right";

nlohmann::json ParseObject(const std::string& text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  return doc.is_object() ? doc : nlohmann::json::object();
}

// The stored mapping in a canonical form, to tell whether it changed.
std::string CanonicalMapping(const std::string& text) {
  auto mapping = roster::ParseMapping(text);
  if (!mapping.ok()) return text;
  return mapping->empty() ? std::string() : roster::MappingJson(*mapping);
}

SchoolForm StoredForm(Visit& v, const store::Branch& branch) {
  SchoolForm form;
  form.branch = branch;
  form.stored_name = branch.name;
  form.share_text = std::to_string(branch.leave_limit_share);
  form.count_text = std::to_string(branch.leave_limit_count);
  auto rule = roster::ParseNumberRule(branch.number_normalisation);
  if (rule.ok()) {
    form.zeros = rule->zeros == roster::NumberRule::Zeros::kStrip ? "strip"
                 : rule->zeros == roster::NumberRule::Zeros::kPad ? "pad"
                                                                  : "keep";
    if (rule->zeros == roster::NumberRule::Zeros::kPad) {
      form.pad_text = std::to_string(rule->pad_to);
    }
    form.strip_brin = rule->strip_brin;
  }
  if (branch.id) {
    std::string mapping =
        ValueOrThrow(store::GetBranchMapping(*v.db, branch.id));
    nlohmann::json doc = nlohmann::json::parse(mapping, nullptr, false);
    form.mapping_text =
        mapping.empty() || doc.is_discarded() ? mapping : doc.dump(2);
    nlohmann::json settings =
        ParseObject(ValueOrThrow(store::GetBranchSettings(*v.db, branch.id)));
    form.drop_forbidden = settings.value(kDropForbidden, false);
    form.overwrite_locked = settings.value(kOverwriteLocked, false);
    form.teachers_upload = settings.value(kTeachersUpload, false);
  }
  return form;
}

bool KnownLas(std::string_view code) {
  for (const Manual& manual : Manuals()) {
    if (manual.code == code) return true;
  }
  return false;
}

// Reads the submitted form over `current` (the stored branch, or a new one)
// and checks every field, collecting each problem by field.
SchoolForm SubmittedForm(Visit& v, const store::Branch& current) {
  SchoolForm form;
  store::Branch& b = form.branch;
  b = current;
  b.kind = store::BranchKind::kSchool;
  b.name = Trimmed(v.Param("name"));
  b.code = Trimmed(v.Param("code"));
  b.brin = Trimmed(v.Param("brin"));
  for (char& c : b.brin) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  b.dependance = Trimmed(v.Param("dependance"));
  b.las_kind = Trimmed(v.Param("las"));
  b.notify_email = Trimmed(v.Param("notify_email"));
  b.public_membership_default = v.Param("public_membership") == "1";
  form.share_text = Trimmed(v.Param("leave_share"));
  form.count_text = Trimmed(v.Param("leave_count"));
  b.final_year_groups = Trimmed(v.Param("final_years"));
  form.zeros = v.Param("number_zeros");
  form.pad_text = Trimmed(v.Param("number_pad"));
  form.strip_brin = v.Param("number_strip_brin") == "1";
  form.mapping_text = v.Param("mapping");
  form.drop_forbidden = v.Param("drop_forbidden") == "1";
  form.overwrite_locked = v.Param("overwrite_locked") == "1";
  form.teachers_upload = v.Param("teachers_upload") == "1";

  form.stored_name = current.name;
  auto& problems = form.problems;
  auto share = WholeNumber(form.share_text);
  auto count = WholeNumber(form.count_text);
  b.leave_limit_share =
      share && *share >= 0 && *share <= 100 ? static_cast<int>(*share) : -1;
  b.leave_limit_count =
      count && *count >= 0 && *count <= 1000000 ? static_cast<int>(*count) : -1;
  for (const store::BranchProblem& problem : store::CheckBranch(b)) {
    problems.emplace(problem.field, problem.message.In(v.language));
  }
  if (!b.las_kind.empty() && !KnownLas(b.las_kind) &&
      b.las_kind != current.las_kind) {
    problems.emplace("las_kind", v.T("set_las_unknown"));
  }
  if (!b.notify_email.empty()) {
    Status address = mail::CheckAddress(b.notify_email);
    if (!address.ok()) {
      problems.emplace("notify_email", address.message(v.language));
    }
  }

  std::string rule_text = form.zeros == "strip" ? "strip-zeros" : "keep";
  if (form.zeros == "pad") {
    auto digits = WholeNumber(form.pad_text);
    if (!digits || *digits < 1 || *digits > 20) {
      problems.emplace("number", v.T("set_number_pad_invalid"));
    } else {
      rule_text = fmt::format("pad:{}", *digits);
    }
  }
  if (form.strip_brin) rule_text += ",strip-brin";
  auto rule = roster::ParseNumberRule(rule_text);
  if (!rule.ok()) {
    problems.emplace("number", rule.status().message(v.language));
  } else {
    b.number_normalisation = roster::NumberRuleText(*rule);
  }

  auto mapping = roster::ParseMapping(form.mapping_text);
  if (!mapping.ok()) {
    problems.emplace("mapping", mapping.status().message(v.language));
  }
  return form;
}

mstch::map SchoolFormContext(Visit& v, const SchoolForm& form) {
  const store::Branch& b = form.branch;
  mstch::array las;
  las.push_back(mstch::map{{"value", std::string()},
                           {"label", v.T("set_las_none")},
                           {"selected", b.las_kind.empty()}});
  bool listed = b.las_kind.empty();
  for (const Manual& manual : Manuals()) {
    listed = listed || manual.code == b.las_kind;
    las.push_back(mstch::map{{"value", manual.code},
                             {"label", manual.name},
                             {"selected", manual.code == b.las_kind}});
  }
  if (!listed) {
    las.push_back(mstch::map{
        {"value", b.las_kind}, {"label", b.las_kind}, {"selected", true}});
  }
  mstch::array zeros;
  for (const char* option : {"keep", "strip", "pad"}) {
    zeros.push_back(
        mstch::map{{"value", std::string(option)},
                   {"label", v.T(std::string("set_number_") + option)},
                   {"selected", form.zeros == option}});
  }
  mstch::array fields;
  for (int i = 0; i < roster::kFieldCount; ++i) {
    auto field = static_cast<roster::Field>(i);
    if (field == roster::Field::kForbidden) continue;
    fields.push_back(
        mstch::map{{"name", std::string(roster::FieldName(field))},
                   {"label", roster::FieldLabel(field).In(v.language)}});
  }
  mstch::map err;
  for (const auto& [field, message] : form.problems) err[field] = message;
  return mstch::map{
      {"name", b.name},
      {"code", b.code},
      {"brin", b.brin},
      {"dependance", b.dependance},
      {"notify_email", b.notify_email},
      {"public_membership", b.public_membership_default},
      {"leave_share", form.share_text},
      {"leave_count", form.count_text},
      {"final_years", b.final_year_groups},
      {"las_options", las},
      {"zeros_options", zeros},
      {"number_pad", form.pad_text},
      {"number_strip_brin", form.strip_brin},
      {"mapping", form.mapping_text},
      {"drop_forbidden", form.drop_forbidden},
      {"overwrite_locked", form.overwrite_locked},
      {"teachers_upload", form.teachers_upload},
      {"mapping_fields", fields},
      {"number_effect", form.number_effect},
      {"err", err},
  };
}

void ShowSchoolForm(Visit& v, const SchoolForm& form, int status,
                    const std::string& notice) {
  bool adding = form.branch.id == 0;
  std::string heading =
      adding ? v.T("set_school_new_title")
             : fmt::format("{}: {}", v.T("set_school_title"), form.stored_name);
  mstch::map context = PageContext(v, heading, "/backoffice/schools");
  context["heading"] = heading;
  context["action"] =
      adding ? std::string("/backoffice/schools")
             : fmt::format("/backoffice/schools/{}", form.branch.id);
  context["submit_label"] =
      v.T(adding ? "set_school_add_button" : "set_school_save_button");
  context["f"] = SchoolFormContext(v, form);
  if (!form.problems.empty()) {
    // In the order of the form, as a reader meets the fields.
    static const char* const kFormOrder[] = {"name",
                                             "code",
                                             "brin",
                                             "dependance",
                                             "las_kind",
                                             "notify_email",
                                             "leave_limit_share",
                                             "leave_limit_count",
                                             "final_year_groups",
                                             "number",
                                             "mapping",
                                             "form"};
    std::string summary = v.T("set_form_problems");
    for (const char* field : kFormOrder) {
      auto it = form.problems.find(field);
      if (it != form.problems.end()) summary += " " + it->second;
    }
    context["error"] = summary;
  }
  if (!notice.empty()) context["notice"] = notice;
  Show(v, "school", context, status);
}

// The visitor's library's school branch `id`; nullopt (and a 404 shown)
// for anything else, another library's branch included.
std::optional<store::Branch> OwnSchool(Visit& v, long long id) {
  auto branch = store::GetBranch(*v.db, id);
  if (!branch.ok() || branch->library_id != v.account->library_id ||
      branch->kind != store::BranchKind::kSchool) {
    ShowNotFound(v);
    return std::nullopt;
  }
  return *branch;
}

void GetSchools(Visit& v) {
  auto branches =
      ValueOrThrow(store::ListBranches(*v.db, v.account->library_id));
  mstch::array rows;
  for (const store::Branch& b : branches) {
    if (b.kind != store::BranchKind::kSchool) continue;
    std::string las = b.las_kind;
    for (const Manual& manual : Manuals()) {
      if (manual.code == b.las_kind) las = manual.name;
    }
    rows.push_back(mstch::map{
        {"id", std::to_string(b.id)},
        {"name", b.name},
        {"code", b.code},
        {"brin", b.brin},
        {"dependance", b.dependance},
        {"las", las},
        {"notify",
         b.notify_email.empty() ? v.T("set_notify_library") : b.notify_email},
        {"edit_label", fmt::format("{} {}", v.T("set_edit"), b.name)}});
  }
  mstch::map context =
      PageContext(v, v.T("set_schools_title"), "/backoffice/schools");
  context["has_schools"] = !rows.empty();
  context["schools"] = rows;
  Show(v, "schools", context);
}

void GetNewSchool(Visit& v) {
  store::Branch branch;
  branch.library_id = v.account->library_id;
  ShowSchoolForm(v, StoredForm(v, branch), 200, "");
}

void GetSchool(Visit& v) {
  auto school = OwnSchool(v, v.IdParam());
  if (!school) return;
  std::string notice = v.req.has_param("added")   ? v.T("set_school_added")
                       : v.req.has_param("saved") ? v.T("set_school_saved")
                                                  : std::string();
  ShowSchoolForm(v, StoredForm(v, *school), 200, notice);
}

// Names of the settings that differ between the stored and the new form.
nlohmann::json ChangedFields(const SchoolForm& before, const SchoolForm& after,
                             const std::string& before_mapping,
                             const std::string& after_mapping) {
  const store::Branch& a = before.branch;
  const store::Branch& b = after.branch;
  nlohmann::json fields = nlohmann::json::array();
  auto note = [&](const char* name, bool changed) {
    if (changed) fields.push_back(name);
  };
  note("name", a.name != b.name);
  note("code", a.code != b.code);
  note("brin", a.brin != b.brin);
  note("dependance", a.dependance != b.dependance);
  note("las_kind", a.las_kind != b.las_kind);
  note("notify_email", a.notify_email != b.notify_email);
  note("public_membership_default",
       a.public_membership_default != b.public_membership_default);
  note("leave_limit_share", a.leave_limit_share != b.leave_limit_share);
  note("leave_limit_count", a.leave_limit_count != b.leave_limit_count);
  note("final_year_groups", a.final_year_groups != b.final_year_groups);
  note("number_normalisation",
       a.number_normalisation != b.number_normalisation);
  note("mapping", before_mapping != after_mapping);
  note(kDropForbidden, before.drop_forbidden != after.drop_forbidden);
  note(kOverwriteLocked, before.overwrite_locked != after.overwrite_locked);
  note(kTeachersUpload, before.teachers_upload != after.teachers_upload);
  return fields;
}

// Writes the form's branch (added when it has no id), mapping and settings
// in one transaction with the audit event. On failure nothing is written.
Status SaveSchool(Visit& v, SchoolForm& form, const SchoolForm& before) {
  bool adding = form.branch.id == 0;
  auto mapping = roster::ParseMapping(form.mapping_text);
  SB_RETURN_IF_ERROR(mapping.status());
  std::string mapping_json =
      mapping->empty() ? std::string() : roster::MappingJson(*mapping);
  std::string before_mapping;
  if (!adding) {
    before_mapping = CanonicalMapping(
        ValueOrThrow(store::GetBranchMapping(*v.db, form.branch.id)));
  }
  store::Transaction tx(*v.db);
  if (adding) {
    SB_RETURN_IF_ERROR(store::AddBranch(*v.db, form.branch));
  } else {
    SB_RETURN_IF_ERROR(store::UpdateBranch(*v.db, form.branch));
  }
  nlohmann::json settings = ParseObject(
      ValueOrThrow(store::GetBranchSettings(*v.db, form.branch.id)));
  settings[kDropForbidden] = form.drop_forbidden;
  settings[kOverwriteLocked] = form.overwrite_locked;
  settings[kTeachersUpload] = form.teachers_upload;
  SB_RETURN_IF_ERROR(
      store::SetBranchMapping(*v.db, form.branch.id, mapping_json));
  SB_RETURN_IF_ERROR(
      store::SetBranchSettings(*v.db, form.branch.id, settings.dump()));
  nlohmann::json fields =
      ChangedFields(before, form, before_mapping, mapping_json);
  if (adding || !fields.empty()) {
    Audit(v, adding ? "branch.add" : "branch.update", "branch", form.branch.id,
          {{"fields", fields}});
  }
  tx.Commit();
  return Status::Ok();
}

// A change of the number rule takes effect only once staff have seen what
// it does to the school's stored numbers (and confirmed it): true when the
// form has been shown again for that.
bool ShowNumberRuleEffect(Visit& v, const store::Branch& current,
                          SchoolForm& form) {
  if (current.id == 0 ||
      form.branch.number_normalisation == current.number_normalisation ||
      v.Param("confirm_number_rule") == "1") {
    return false;
  }
  auto rule = roster::ParseNumberRule(form.branch.number_normalisation);
  if (!rule.ok()) return false;
  auto effect =
      ValueOrThrow(import::PreviewNumberRule(*v.db, form.branch, *rule));
  if (!effect.matters()) return false;
  form.number_effect = effect.Describe().In(v.language);
  ShowSchoolForm(v, form, 200, "");
  return true;
}

void SubmitSchool(Visit& v, const store::Branch& current) {
  SchoolForm before = StoredForm(v, current);
  SchoolForm form = SubmittedForm(v, current);
  if (!form.problems.empty()) return ShowSchoolForm(v, form, 422, "");
  if (ShowNumberRuleEffect(v, current, form)) return;
  bool adding = current.id == 0;
  Status saved = SaveSchool(v, form, before);
  if (!saved.ok()) {
    if (adding) form.branch.id = 0;
    form.problems.emplace(
        saved.code() == Status::Code::kAlreadyExists ? "code" : "form",
        saved.message(v.language));
    return ShowSchoolForm(v, form, HttpStatus(saved), "");
  }
  Redirect(v.res, fmt::format("/backoffice/schools/{}?{}", form.branch.id,
                              adding ? "added=1" : "saved=1"));
}

void PostNewSchool(Visit& v) {
  store::Branch branch;
  branch.library_id = v.account->library_id;
  SubmitSchool(v, branch);
}

void PostSchool(Visit& v) {
  auto school = OwnSchool(v, v.IdParam());
  if (!school) return;
  SubmitSchool(v, *school);
}

// ---- Upload rights -------------------------------------------------------

std::map<long long, std::string> SchoolNames(Visit& v) {
  std::map<long long, std::string> names;
  for (const store::Branch& b :
       ValueOrThrow(store::ListBranches(*v.db, v.account->library_id))) {
    names[b.id] = b.name;
  }
  return names;
}

mstch::array GrantRows(Visit& v, const std::vector<store::UploadGrant>& grants,
                       const std::map<long long, std::string>& schools) {
  mstch::array rows;
  for (const store::UploadGrant& grant : grants) {
    auto school = schools.find(grant.branch_id);
    rows.push_back(mstch::map{
        {"customer_id", std::to_string(grant.customer_id)},
        {"name", grant.name},
        {"card",
         grant.card_number.empty() ? std::string("—") : grant.card_number},
        {"school",
         school == schools.end() ? grant.branch_code : school->second},
        {"revoke_label",
         fmt::format("{}: {}", v.T("set_revoke"), grant.name)}});
  }
  return rows;
}

void ShowRights(Visit& v, int status, const std::string& error,
                const std::string& notice) {
  long long library = v.account->library_id;
  auto schools = SchoolNames(v);
  auto holders = ValueOrThrow(store::ListUploadRights(*v.db, library));
  auto pending = ValueOrThrow(
      store::GrantUploadRights(*v.db, library, /*dry_run=*/true, ""));
  bool rule = ValueOrThrow(store::TeacherUploadRule(*v.db, library));
  mstch::map context =
      PageContext(v, v.T("set_rights_title"), "/backoffice/rights");
  context["holders"] = GrantRows(v, holders, schools);
  context["has_holders"] = !holders.empty();
  context["pending"] = GrantRows(v, pending, schools);
  context["has_pending"] = !pending.empty();
  context["pending_text"] =
      pending.empty()
          ? v.T("set_grant_none_pending")
          : fmt::format(fmt::runtime(v.T("set_grant_pending")), pending.size());
  context["rule_text"] = v.T(rule ? "set_rule_on" : "set_rule_off");
  context["rule_next"] = std::string(rule ? "0" : "1");
  context["rule_button"] = v.T(rule ? "set_rule_turn_off" : "set_rule_turn_on");
  if (!error.empty()) context["error"] = error;
  if (!notice.empty()) context["notice"] = notice;
  Show(v, "rights", context, status);
}

void GetRights(Visit& v) { ShowRights(v, 200, "", ""); }

void PostGrantAll(Visit& v) {
  auto granted = ValueOrThrow(store::GrantUploadRights(
      *v.db, v.account->library_id, /*dry_run=*/false, v.account->login));
  mstch::map context =
      PageContext(v, v.T("set_granted_title"), "/backoffice/rights");
  context["summary"] =
      granted.empty()
          ? v.T("set_granted_none")
          : fmt::format(fmt::runtime(v.T("set_granted_some")), granted.size());
  context["has_granted"] = !granted.empty();
  context["granted"] = GrantRows(v, granted, SchoolNames(v));
  Show(v, "rights_granted", context);
}

void PostRevoke(Visit& v) {
  long long library = v.account->library_id;
  std::string card = Trimmed(v.Param("card"));
  std::string customer = v.Param("customer");
  Status revoked;
  if (!customer.empty()) {
    // An id from a form is an id like any other: another library's is not
    // found.
    auto id = WholeNumber(customer);
    if (!id) return ShowNotFound(v);
    revoked = store::RevokeUploadRightOf(*v.db, library, *id, v.account->login);
    if (revoked.code() == Status::Code::kNotFound) return ShowNotFound(v);
  } else if (!card.empty()) {
    revoked = store::RevokeUploadRight(*v.db, library, card, v.account->login);
  } else {
    return ShowRights(v, 422, v.T("set_revoke_which"), "");
  }
  if (!revoked.ok()) {
    return ShowRights(v, HttpStatus(revoked), revoked.message(v.language), "");
  }
  bool rule = ValueOrThrow(store::TeacherUploadRule(*v.db, library));
  std::string notice = v.T("set_revoked");
  if (rule) notice += " " + v.T("set_revoked_rule_on");
  ShowRights(v, 200, "", notice);
}

void PostRule(Visit& v) {
  bool on = v.Param("on") == "1";
  ThrowIfError(store::SetTeacherUploadRule(*v.db, v.account->library_id, on,
                                           v.account->login));
  ShowRights(v, 200, "",
             v.T(on ? "set_rule_turned_on" : "set_rule_turned_off"));
}

// ---- Audit log -----------------------------------------------------------

// Seconds since the epoch of a "yyyy-mm-dd" day's start (UTC).
std::optional<long long> DayStart(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  auto number = [&](size_t at, size_t length) {
    auto value = WholeNumber(text.substr(at, length));
    return value ? static_cast<int>(*value) : -1;
  };
  namespace chrono = std::chrono;
  chrono::year_month_day date{
      chrono::year{number(0, 4)},
      chrono::month{static_cast<unsigned>(number(5, 2))},
      chrono::day{static_cast<unsigned>(number(8, 2))}};
  if (!date.ok()) return std::nullopt;
  return static_cast<long long>(
             chrono::sys_days{date}.time_since_epoch().count()) *
         86400;
}

std::string QueryEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// What an event did, in words where we have them ("set_act_upload_create").
std::string ActionLabel(Visit& v, const std::string& action) {
  std::string key = "set_act_" + action;
  std::replace(key.begin(), key.end(), '.', '_');
  const std::string& label = v.T(key);
  return label == key ? action : label;
}

std::string KindLabel(Visit& v, const std::string& kind) {
  if (kind.empty()) return "";
  std::string key = "set_kind_" + kind;
  const std::string& label = v.T(key);
  return label == key ? kind : label;
}

// "branch_id: 3, size: 1234": the event's details, compact and cut short.
std::string DetailsText(const std::string& json) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  std::string text;
  if (doc.is_object()) {
    for (const auto& [key, value] : doc.items()) {
      if (!text.empty()) text += ", ";
      text += key + ": " +
              (value.is_string() ? value.get<std::string>() : value.dump());
    }
  } else if (!doc.is_discarded()) {
    text = doc.dump();
  }
  constexpr size_t kMax = 300;
  if (text.size() > kMax) {
    size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    text = text.substr(0, cut) + "…";
  }
  return text;
}

struct Choice {
  const char* value;
  const char* key;
};

constexpr Choice kActionFamilies[] = {
    {"", "set_all"},
    {"login", "set_fam_login"},
    {"logout", "set_fam_logout"},
    {"upload", "set_fam_upload"},
    {"import", "set_fam_import"},
    {"upload_right", "set_fam_rights"},
    {"branch", "set_fam_branch"},
    {"customer", "set_fam_customer"},
    {"account", "set_fam_account"},
    {"mail", "set_fam_mail"},
    {"library", "set_fam_library"},
    {"two_factor", "set_fam_two_factor"},
};

constexpr Choice kObjectKinds[] = {
    {"", "set_all"},
    {"account", "set_kind_account"},
    {"upload", "set_kind_upload"},
    {"import_run", "set_kind_import_run"},
    {"customer", "set_kind_customer"},
    {"branch", "set_kind_branch"},
    {"outbox", "set_kind_outbox"},
    {"library", "set_kind_library"},
};

mstch::array Options(Visit& v, const Choice* begin, const Choice* end,
                     const std::string& chosen) {
  mstch::array options;
  bool found = false;
  for (const Choice* choice = begin; choice != end; ++choice) {
    bool selected = chosen == choice->value;
    found = found || selected;
    options.push_back(mstch::map{{"value", std::string(choice->value)},
                                 {"label", v.T(choice->key)},
                                 {"selected", selected}});
  }
  if (!found) {
    options.push_back(
        mstch::map{{"value", chosen}, {"label", chosen}, {"selected", true}});
  }
  return options;
}

void GetAudit(Visit& v) {
  store::AuditFilter filter;
  filter.action = Trimmed(v.Param("action")).substr(0, 64);
  filter.actor = Trimmed(v.Param("actor")).substr(0, 128);
  filter.object_kind = Trimmed(v.Param("kind")).substr(0, 64);
  std::string from_text = Trimmed(v.Param("from"));
  std::string to_text = Trimmed(v.Param("to"));
  std::string error;
  if (!from_text.empty()) {
    auto from = DayStart(from_text);
    if (from) {
      filter.from = *from;
    } else {
      error = v.T("set_audit_bad_date");
    }
  }
  if (!to_text.empty()) {
    auto to = DayStart(to_text);
    if (to) {
      filter.until = *to + 86400;  // the whole day
    } else {
      error = v.T("set_audit_bad_date");
    }
  }
  auto page_number = WholeNumber(v.Param("page"));
  int page = page_number && *page_number >= 1 && *page_number <= 100000
                 ? static_cast<int>(*page_number)
                 : 1;
  filter.limit = kAuditPageSize + 1;  // one more tells there is a next page
  filter.offset = (page - 1) * kAuditPageSize;
  auto events =
      ValueOrThrow(store::ListAudit(*v.db, v.account->library_id, filter));
  bool more = events.size() > static_cast<size_t>(kAuditPageSize);
  if (more) events.pop_back();

  mstch::array rows;
  for (const store::AuditEvent& e : events) {
    std::string object = KindLabel(v, e.object_kind);
    if (e.object_id) object += fmt::format(" {}", e.object_id);
    rows.push_back(mstch::map{{"at", FormatDateTime(e.at)},
                              {"actor", e.actor.empty() ? "—" : e.actor},
                              {"action", ActionLabel(v, e.action)},
                              {"action_code", e.action},
                              {"object", object},
                              {"details", DetailsText(e.details_json)},
                              {"address", e.remote_addr}});
  }
  std::string query = fmt::format(
      "action={}&actor={}&kind={}&from={}&to={}", QueryEncode(filter.action),
      QueryEncode(filter.actor), QueryEncode(filter.object_kind),
      QueryEncode(from_text), QueryEncode(to_text));
  mstch::map context =
      PageContext(v, v.T("set_audit_title"), "/backoffice/audit");
  context["actions"] = Options(v, std::begin(kActionFamilies),
                               std::end(kActionFamilies), filter.action);
  context["kinds"] = Options(v, std::begin(kObjectKinds),
                             std::end(kObjectKinds), filter.object_kind);
  context["actor"] = filter.actor;
  context["from"] = from_text;
  context["to"] = to_text;
  context["events"] = rows;
  context["has_events"] = !rows.empty();
  if (page > 1) {
    context["newer_href"] =
        fmt::format("/backoffice/audit?{}&page={}", query, page - 1);
  }
  if (more) {
    context["older_href"] =
        fmt::format("/backoffice/audit?{}&page={}", query, page + 1);
  }
  context["has_pages"] = page > 1 || more;
  context["page"] = std::to_string(page);
  if (!error.empty()) context["error"] = error;
  Show(v, "audit", context, error.empty() ? 200 : 422);
}

// ---- Outbox --------------------------------------------------------------

constexpr Choice kStates[] = {
    {"", "set_all"},
    {"pending", "set_state_pending"},
    {"sending", "set_state_sending"},
    {"sent", "set_state_sent"},
    {"failed", "set_state_failed"},
};

void ShowOutbox(Visit& v, int status, const std::string& error,
                const std::string& notice) {
  std::string state = v.Param("state");
  bool known = false;
  for (const Choice& choice : kStates) known = known || state == choice.value;
  if (!known) state.clear();
  auto messages = ValueOrThrow(
      store::ListOutbox(*v.db, v.account->library_id, kOutboxLimit, state));
  mstch::array rows;
  for (const store::OutboxMessage& m : messages) {
    std::string note;
    if (m.state == "sent") {
      note =
          fmt::format("{} {}", v.T("set_sent_at"), FormatDateTime(m.sent_at));
    } else if (m.state == "failed") {
      note = m.last_error;
    } else if (m.state == "pending") {
      note = m.attempts == 0
                 ? v.T("set_waiting")
                 : fmt::format("{} {}. {}: {}", v.T("set_next_attempt"),
                               FormatDateTime(m.next_attempt_at),
                               v.T("set_last_error"), m.last_error);
    }
    rows.push_back(mstch::map{
        {"id", std::to_string(m.id)},
        {"created", FormatDateTime(m.created_at)},
        {"recipient", m.recipient},
        {"subject", m.subject},
        {"state", m.state},
        {"state_label", v.T("set_state_" + m.state)},
        {"attempts", std::to_string(m.attempts)},
        {"note", note},
        {"failed", m.state == "failed" && m.retried_as == 0},
        {"retry_label", fmt::format("{}: {}", v.T("set_retry"), m.subject)}});
  }
  mstch::map context =
      PageContext(v, v.T("set_outbox_title"), "/backoffice/outbox");
  context["states"] = Options(v, std::begin(kStates), std::end(kStates), state);
  context["messages"] = rows;
  context["has_messages"] = !rows.empty();
  if (!error.empty()) context["error"] = error;
  if (!notice.empty()) context["notice"] = notice;
  Show(v, "outbox", context, status);
}

void GetOutbox(Visit& v) { ShowOutbox(v, 200, "", ""); }

void PostRetry(Visit& v) {
  long long id = v.IdParam();
  auto copy = store::RequeueFailedMessage(*v.db, v.account->library_id, id,
                                          v.options.clock->Now());
  if (!copy.ok()) {
    if (copy.status().code() == Status::Code::kNotFound) {
      return ShowNotFound(v);
    }
    return ShowOutbox(v, HttpStatus(copy.status()),
                      copy.status().message(v.language), "");
  }
  Audit(v, "mail.retry", "outbox", id, {{"copy", *copy}});
  if (v.options.mail_queued) v.options.mail_queued();
  ShowOutbox(v, 200, "",
             fmt::format(fmt::runtime(v.T("set_retried")), id, *copy));
}

// ---- The library's name and colour ---------------------------------------

void ShowLibrary(Visit& v, const store::Library& library,
                 const std::map<std::string, std::string>& problems, int status,
                 const std::string& notice) {
  mstch::map context =
      PageContext(v, v.T("set_library_title"), "/backoffice/library");
  mstch::map err;
  for (const auto& [field, message] : problems) err[field] = message;
  context["name"] = library.name;
  context["brand_colour"] = library.brand_colour;
  context["saved_colour"] = v.brand_colour;
  context["err"] = err;
  if (!problems.empty()) {
    std::string summary = v.T("set_form_problems");
    for (const char* field : {"name", "brand_colour", "form"}) {
      auto it = problems.find(field);
      if (it != problems.end()) summary += " " + it->second;
    }
    context["error"] = summary;
  }
  if (!notice.empty()) context["notice"] = notice;
  Show(v, "library", context, status);
}

void GetLibrarySettings(Visit& v) {
  store::Library library =
      ValueOrThrow(store::GetLibrary(*v.db, v.account->library_id));
  ShowLibrary(v, library, {}, 200,
              v.req.has_param("saved") ? v.T("set_library_saved") : "");
}

void PostLibrarySettings(Visit& v) {
  store::Library before =
      ValueOrThrow(store::GetLibrary(*v.db, v.account->library_id));
  store::Library library = before;
  library.name = Trimmed(v.Param("name"));
  library.brand_colour = Trimmed(v.Param("brand_colour"));
  // One spelling is stored ("#1a2b3c"), so an unchanged colour typed in
  // capitals is no change.
  if (auto colour = ParseColour(library.brand_colour)) {
    library.brand_colour = ColourText(*colour);
  }
  std::map<std::string, std::string> problems;
  for (const store::LibraryProblem& problem : store::CheckLibrary(library)) {
    problems.emplace(problem.field, problem.message.In(v.language));
  }
  if (!problems.empty()) return ShowLibrary(v, library, problems, 422, "");
  nlohmann::json fields = nlohmann::json::array();
  if (library.name != before.name) fields.push_back("name");
  if (library.brand_colour != before.brand_colour) {
    fields.push_back("brand_colour");
  }
  if (!fields.empty()) {
    store::Transaction tx(*v.db);
    Status saved = store::UpdateLibrary(*v.db, library);
    if (!saved.ok()) {
      problems.emplace("form", saved.message(v.language));
      return ShowLibrary(v, library, problems, HttpStatus(saved), "");
    }
    Audit(v, "library.update", "library", library.id, {{"fields", fields}});
    tx.Commit();
  }
  Redirect(v.res, "/backoffice/library?saved=1");
}

// ---- Security (admins) -----------------------------------------------------

void ShowSecurity(Visit& v, const std::string& notice) {
  mstch::map context =
      PageContext(v, v.T("set_security_title"), "/backoffice/security");
  context["required"] = ValueOrThrow(
      store::LibraryRequiresTwoFactor(*v.db, v.account->library_id));
  if (!notice.empty()) context["notice"] = notice;
  Show(v, "security", context);
}

void GetSecurity(Visit& v) {
  ShowSecurity(
      v, v.req.has_param("saved") ? v.T("set_security_saved") : std::string());
}

void PostSecurity(Visit& v) {
  bool required = v.Param("require_two_factor") == "1";
  ThrowIfError(store::SetLibraryRequiresTwoFactor(*v.db, v.account->library_id,
                                                  required));
  Audit(v, "two_factor.required", "library", v.account->library_id,
        {{"required", required}});
  // The admin may now have to set it up first: the next page decides.
  Redirect(v.res, "/backoffice/security?saved=1");
}

}  // namespace

void RegisterSettings(httplib::Server& server, const ServerOptions& options,
                      bool tls) {
  auto staff = [&](PageHandler handler) {
    return Page(options, tls, Access::kStaff, std::move(handler));
  };
  server.Get("/backoffice/schools", staff(GetSchools));
  server.Post("/backoffice/schools", staff(PostNewSchool));
  server.Get("/backoffice/schools/new", staff(GetNewSchool));
  server.Get(R"(/backoffice/schools/(\d{1,18}))", staff(GetSchool));
  server.Post(R"(/backoffice/schools/(\d{1,18}))", staff(PostSchool));
  server.Get("/backoffice/rights", staff(GetRights));
  server.Post("/backoffice/rights/grant-all", staff(PostGrantAll));
  server.Post("/backoffice/rights/revoke", staff(PostRevoke));
  server.Post("/backoffice/rights/rule", staff(PostRule));
  server.Get("/backoffice/audit", staff(GetAudit));
  server.Get("/backoffice/outbox", staff(GetOutbox));
  server.Post(R"(/backoffice/outbox/(\d{1,18})/retry)", staff(PostRetry));
  auto admin = [&](PageHandler handler) {
    return Page(options, tls, Access::kAdmin, std::move(handler));
  };
  server.Get("/backoffice/library", admin(GetLibrarySettings));
  server.Post("/backoffice/library", admin(PostLibrarySettings));
  server.Get("/backoffice/security", admin(GetSecurity));
  server.Post("/backoffice/security", admin(PostSecurity));
}

}  // namespace schoolbieb::web
