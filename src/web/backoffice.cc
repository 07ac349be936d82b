#include "web/backoffice.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/clock.h"
#include "core/names.h"
#include "import/answer.h"
#include "import/engine.h"
#include "import/history.h"
#include "import/intake.h"
#include "import/report.h"
#include "import/stored_upload.h"
#include "import/upload_run.h"
#include "roster/field.h"
#include "store/account_store.h"
#include "store/customer_store.h"
#include "store/library_store.h"
#include "store/upload_store.h"
#include "web/chart.h"
#include "web/http_util.h"
#include "web/page.h"
#include "web/render.h"

namespace schoolbieb::web {
namespace {

// The most students the preview lists at once; the counts cover them all.
constexpr size_t kMaxRowsShown = 500;

const char* const kKinds[] = {"new",      "changed",  "unchanged", "leaving",
                              "moved_in", "conflict", "rejected",  "former"};

std::string Today(const Visit& v) {
  return FormatIsoDate(v.options.clock->Now());
}

// 1 August of the school year `now` falls in, as epoch seconds (UTC).
long long SchoolYearStart(long long now) {
  std::string iso = FormatIsoDate(now);
  int year = std::stoi(iso.substr(0, 4));
  int month = std::stoi(iso.substr(5, 2));
  if (month < 8) --year;
  // Days from 1970-01-01 to year-08-01 (civil-from-days, Howard Hinnant).
  int y = year;
  unsigned m = 8, d = 1;
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  long long days = static_cast<long long>(era) * 146097 + doe - 719468;
  return days * 86400;
}

std::string Age(const Visit& v, long long at) {
  long long days = (v.options.clock->Now() - at) / 86400;
  if (days <= 0) return v.T("bo_age_today");
  if (days == 1) return v.T("bo_age_yesterday");
  std::string text = v.T("bo_age_days");
  size_t pos = text.find("{n}");
  if (pos != std::string::npos) text.replace(pos, 3, std::to_string(days));
  return text;
}

std::string HumanSize(long long bytes) {
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  if (bytes < 1024 * 1024) return fmt::format("{:.1f} kB", bytes / 1024.0);
  return fmt::format("{:.1f} MB", bytes / (1024.0 * 1024.0));
}

std::map<long long, store::Branch> Schools(Visit& v) {
  std::map<long long, store::Branch> out;
  auto branches = store::ListBranches(*v.db, v.account->library_id);
  if (!branches.ok()) throw std::runtime_error(branches.status().ToString());
  for (const store::Branch& branch : *branches) out[branch.id] = branch;
  return out;
}

std::string AccountName(Visit& v, long long account_id,
                        std::map<long long, std::string>* cache) {
  if (account_id == 0) return v.T("bo_by_system");
  auto it = cache->find(account_id);
  if (it != cache->end()) return it->second;
  auto account = store::GetAccount(*v.db, account_id);
  std::string name = !account.ok()                   ? std::string("?")
                     : account->display_name.empty() ? account->login
                                                     : account->display_name;
  (*cache)[account_id] = name;
  return name;
}

// The upload of the route's id when it belongs to the visitor's library.
std::optional<store::Upload> OwnUpload(Visit& v) {
  auto upload = store::GetUpload(*v.db, v.IdParam());
  if (!upload.ok() || upload->library_id != v.account->library_id) {
    return std::nullopt;
  }
  return *upload;
}

std::optional<import::ImportRun> OwnRun(Visit& v) {
  auto run = import::GetImportRun(*v.db, v.IdParam());
  if (!run.ok() || run->library_id != v.account->library_id) {
    return std::nullopt;
  }
  return *run;
}

void WakeMail(const Visit& v) {
  if (v.options.mail_queued) v.options.mail_queued();
}

import::Actor ActorOf(const Visit& v){
    return {v.account->id, v.account->login,
            ClientAddress(v.req, v.options.trusted_proxy)};
}  // namespace

mstch::map CountsContext(const Visit& v, const nlohmann::json& counts) {
  mstch::array items;
  auto add = [&](const char* key, const char* label) {
    items.push_back(mstch::map{{"label", v.T(label)},
                               {"value", std::to_string(counts.value(key, 0))},
                               {"kind", std::string(key)}});
  };
  add("new", "bo_count_new");
  add("changed", "bo_count_changed");
  add("unchanged", "bo_count_unchanged");
  add("leaving", "bo_count_leaving");
  if (counts.value("leaving_in_file", 0) > 0) {
    add("leaving_in_file", "bo_count_leaving_in_file");
  }
  if (counts.value("former", 0) > 0) add("former", "bo_count_former");
  if (counts.value("future_entries", 0) > 0) {
    add("future_entries", "bo_count_future_entries");
  }
  add("moved_in", "bo_count_moved_in");
  add("conflicts", "bo_count_conflicts");
  add("rejected_rows", "bo_count_rejected");
  add("public_memberships", "bo_count_public");
  return mstch::map{{"items", items}};
}

std::string CountsSummary(const Visit& v, const nlohmann::json& counts) {
  return fmt::format(fmt::runtime(v.T("bo_counts_summary")),
                     counts.value("new", 0), counts.value("changed", 0),
                     counts.value("leaving", 0), counts.value("unchanged", 0));
}

// Year groups before and after: a table and the same numbers as a chart.
void AddYearGroups(const Visit& v, const nlohmann::json& by_year,
                   mstch::map* context) {
  mstch::array rows;
  std::vector<BarPair> bars;
  for (const auto& [year, counts] : by_year.items()) {
    int before = counts.value("before", 0), after = counts.value("after", 0);
    std::string label = year.empty() ? v.T("bo_year_unknown") : year;
    rows.push_back(
        mstch::map{{"label", label},
                   {"before", std::to_string(before)},
                   {"after", std::to_string(after)},
                   {"difference", fmt::format("{:+}", after - before)}});
    bars.push_back({label, before, after});
  }
  (*context)["has_year_groups"] = !rows.empty();
  (*context)["year_groups"] = rows;
  if (!bars.empty()) {
    (*context)["year_chart"] = BeforeAfterChartSvg(
        bars, v.T("bo_year_chart_title"), v.T("bo_before"), v.T("bo_after"));
  }
}

mstch::array ProblemList(const nlohmann::json& problems) {
  mstch::array list;
  for (const auto& p : problems) {
    mstch::map item{{"message", p.value("message", std::string())}};
    int row = p.value("row", 0), column = p.value("column", 0);
    if (row > 0) item["row"] = std::to_string(row);
    if (column > 0) item["column"] = std::to_string(column);
    if (p.value("rejects_row", false)) item["rejects"] = true;
    list.push_back(item);
  }
  return list;
}

mstch::array HoldList(const nlohmann::json& holds) {
  mstch::array list;
  for (const auto& h : holds) {
    mstch::array choices;
    std::string kind = h.value("kind", std::string());
    for (const auto& choice : h.value("choices", nlohmann::json::array())) {
      std::string id = choice.value("id", std::string());
      choices.push_back(mstch::map{{"id", id},
                                   {"label", choice.value("label", "")},
                                   {"input_id", kind + "-" + id}});
    }
    list.push_back(mstch::map{{"message", h.value("message", std::string())},
                              {"overridable", h.value("overridable", false)},
                              {"kind", kind},
                              {"question", !choices.empty()},
                              {"choices", choices}});
  }
  return list;
}

std::string FieldLabelText(const Visit& v, const std::string& field) {
  auto parsed = roster::ParseFieldName(field);
  return parsed ? roster::FieldLabel(*parsed).In(v.language) : field;
}

// Every teacher the file names and what happens to them: staff see each
// new teacher, each change and each upload right before it is given.
mstch::array TeacherList(Visit& v, const import::ImportPlan& plan) {
  auto schools = Schools(v);
  mstch::array list;
  for (const import::PlannedTeacher& t : plan.teachers) {
    mstch::array changes;
    for (const import::FieldChange& change : t.changes) {
      changes.push_back(mstch::map{{"field", FieldLabelText(v, change.field)},
                                   {"before", change.before},
                                   {"after", change.after}});
    }
    std::string what = t.conflict           ? "bo_teacher_conflict"
                       : t.customer_id == 0 ? "bo_teacher_new"
                       : !changes.empty()   ? "bo_teacher_changed"
                                            : "bo_teacher_unchanged";
    std::string note;
    if (t.conflict) {
      auto other = schools.find(t.other_branch_id);
      note = Replace(
          v.T("bo_teacher_conflict_note"), "{school}",
          other == schools.end() ? std::string("?") : other->second.name);
    } else if (t.right_elsewhere) {
      note = v.T("bo_teacher_right_elsewhere");
    }
    list.push_back(mstch::map{{"line", std::to_string(t.line)},
                              {"name", t.display_name},
                              {"kind_label", v.T(what)},
                              {"changes", changes},
                              {"has_changes", !changes.empty()},
                              {"grant_upload", t.grant_upload},
                              {"note", note}});
  }
  return list;
}

// How each column of the file is read, for the preview and the upload.
mstch::array ColumnList(const nlohmann::json& columns) {
  mstch::array list;
  for (const auto& c : columns) {
    list.push_back(mstch::map{{"header", c.value("header", std::string())},
                              {"column", std::to_string(c.value("column", 0))},
                              {"label", c.value("label", std::string())},
                              {"read", c.value("read", false)}});
  }
  return list;
}

// ---- Uploads ------------------------------------------------------------

void GetUploads(Visit& v) {
  auto schools = Schools(v);
  auto uploads = store::ListUploads(*v.db, v.account->library_id);
  if (!uploads.ok()) throw std::runtime_error(uploads.status().ToString());
  std::string status_filter = v.Param("status");
  long long year_start = SchoolYearStart(v.options.clock->Now());
  std::map<long long, std::string> names;
  std::map<long long, mstch::array> rows_by_school;
  std::set<long long> uploaded_this_year;
  for (const store::Upload& upload : *uploads) {
    if (upload.created_at >= year_start && upload.status != "rejected") {
      uploaded_this_year.insert(upload.branch_id);
    }
    if (!status_filter.empty() && upload.status != status_filter) continue;
    import::QuickReport report =
        import::QuickReport::FromJson(upload.report_json);
    rows_by_school[upload.branch_id].push_back(mstch::map{
        {"id", std::to_string(upload.id)},
        {"file_name", upload.original_name},
        {"date", FormatDateTime(upload.created_at)},
        {"age", Age(v, upload.created_at)},
        {"uploader", AccountName(v, upload.account_id, &names)},
        {"status", upload.status},
        {"status_label", v.T("status_" + upload.status)},
        {"summary", report.Summary().In(v.language)},
    });
  }
  mstch::array sections, missing;
  for (const auto& [id, branch] : schools) {
    if (branch.kind != store::BranchKind::kSchool) continue;
    bool has_upload = uploaded_this_year.count(id) > 0;
    if (!has_upload) {
      missing.push_back(mstch::map{{"name", branch.name}});
    }
    mstch::array& rows = rows_by_school[id];
    sections.push_back(mstch::map{{"id", std::to_string(id)},
                                  {"name", branch.name},
                                  {"missing", !has_upload},
                                  {"has_rows", !rows.empty()},
                                  {"rows", rows}});
  }
  mstch::array filters;
  for (const char* status :
       {"", "received", "in_progress", "imported", "rejected", "purged"}) {
    std::string key = *status ? std::string("status_") + status
                              : std::string("bo_filter_all");
    filters.push_back(mstch::map{
        {"href", *status ? fmt::format("/backoffice/uploads?status={}", status)
                         : std::string("/backoffice/uploads")},
        {"label", v.T(key)},
        {"current", status_filter == status}});
  }
  mstch::map context =
      PageContext(v, v.T("bo_uploads_title"), "/backoffice/uploads");
  context["sections"] = sections;
  context["has_missing"] = !missing.empty();
  context["missing"] = missing;
  context["filters"] = filters;
  context["school_year"] = FormatDate(year_start);
  Show(v, "bo_uploads", context);
}

mstch::map UploadFacts(Visit& v, const store::Upload& upload) {
  std::map<long long, std::string> names;
  auto schools = Schools(v);
  import::QuickReport report =
      import::QuickReport::FromJson(upload.report_json);
  mstch::array problems;
  for (const Problem& problem : report.problems) {
    mstch::map item{{"message", problem.message.In(v.language)}};
    if (problem.row > 0) item["row"] = std::to_string(problem.row);
    if (problem.column > 0) item["column"] = std::to_string(problem.column);
    problems.push_back(item);
  }
  auto school = schools.find(upload.branch_id);
  bool open = upload.status == "received" || upload.status == "in_progress";
  mstch::map facts{
      {"id", std::to_string(upload.id)},
      {"file_name", upload.original_name},
      {"school", school == schools.end() ? std::string() : school->second.name},
      {"uploader", AccountName(v, upload.account_id, &names)},
      {"date", FormatDateTime(upload.created_at)},
      {"age", Age(v, upload.created_at)},
      {"size", HumanSize(upload.size_bytes)},
      {"sha256", upload.sha256},
      {"status", upload.status},
      {"status_label", v.T("status_" + upload.status)},
      {"summary", report.Summary().In(v.language)},
      {"has_problems", !problems.empty()},
      {"problems", problems},
      {"has_dropped", !report.dropped_columns.empty()},
      {"dropped", fmt::format("{}", fmt::join(report.dropped_columns, ", "))},
      {"can_import", open},
      {"can_reject", open},
      {"can_download", upload.status != "purged"},
      {"kept_table", upload.stored_form == import::kTableForm},
  };
  if (!upload.reject_reason.empty()) {
    facts["reject_reason"] = upload.reject_reason;
  }
  return facts;
}

void ShowUpload(Visit& v, const store::Upload& upload, int status,
                const std::string& error, const std::string& notice) {
  mstch::map context =
      PageContext(v, upload.original_name, "/backoffice/uploads");
  context["upload"] = UploadFacts(v, upload);
  mstch::array runs;
  auto all =
      import::ListImportRuns(*v.db, v.account->library_id, upload.branch_id);
  if (all.ok()) {
    for (const import::ImportRun& run : *all) {
      if (run.upload_id != upload.id) continue;
      auto counts = nlohmann::json::parse(run.counts_json, nullptr, false);
      runs.push_back(mstch::map{
          {"id", std::to_string(run.id)},
          {"date", FormatDateTime(run.created_at)},
          {"status_label", v.T("run_" + run.status)},
          {"summary", counts.is_object() ? CountsSummary(v, counts) : ""}});
    }
  }
  context["has_runs"] = !runs.empty();
  context["runs"] = runs;
  context["reason"] = v.Param("reason");
  if (!error.empty()) context["error"] = error;
  if (!notice.empty()) context["notice"] = notice;
  Show(v, "bo_upload", context, status);
}

void GetUpload(Visit& v) {
  auto upload = OwnUpload(v);
  if (!upload) return ShowNotFound(v);
  std::string notice =
      v.req.has_param("rejected") ? v.T("bo_rejected_notice") : std::string();
  ShowUpload(v, *upload, 200, "", notice);
}

void GetDownload(Visit& v) {
  auto upload = OwnUpload(v);
  if (!upload) return ShowNotFound(v);
  if (!v.options.upload_key) {
    return ShowMessage(v, 503, "error_heading", v.T("server_error"));
  }
  auto content =
      store::ReadUploadContent(*v.db, *v.options.upload_key, upload->id);
  if (!content.ok()) {
    return ShowUpload(v, *upload, HttpStatus(content.status()),
                      content.status().message(v.language), "");
  }
  // What was kept: the file, or (when it held data the library may not
  // have) the table read from it without those data, as CSV.
  auto download = import::DownloadOf(*upload, std::move(*content));
  if (!download.ok()) {
    return ShowUpload(v, *upload, HttpStatus(download.status()),
                      download.status().message(v.language), "");
  }
  Audit(v, "upload.download", "upload", upload->id,
        {{"sha256", upload->sha256},
         {"size", upload->size_bytes},
         {"stored_form", upload->stored_form}});
  v.res.status = 200;
  v.res.set_header("Content-Disposition",
                   AttachmentDisposition(download->file_name));
  v.res.set_content(std::move(download->bytes), download->content_type);
}

void PostReject(Visit& v) {
  auto upload = OwnUpload(v);
  if (!upload) return ShowNotFound(v);
  Status rejected = import::RejectUpload(*v.db, upload->id, v.Param("reason"),
                                         ActorOf(v), v.options.public_url);
  if (!rejected.ok()) {
    int status = rejected.code() == Status::Code::kInvalidArgument
                     ? 422
                     : HttpStatus(rejected);
    return ShowUpload(v, *upload, status, rejected.message(v.language), "");
  }
  WakeMail(v);
  Redirect(v.res, fmt::format("/backoffice/uploads/{}?rejected=1", upload->id));
}

// ---- Preview and import -------------------------------------------------

// The staff's choices, from the preview's query or the import form: the
// same names in both, so the import applies what the preview showed.
import::ImportRequest Choices(const Visit& v, import::ImportRequest request){
    request.account_id = v.account->id;
request.actor = v.account->login;
std::string pub = v.Param("public");
if (pub == "1") request.public_membership = true;
if (pub == "0") request.public_membership = false;
request.subscription_type = v.Param("subscription");
request.allow_mass_leave = v.Param("allow_mass_leave") == "1";
for (const auto& [name, value] : v.req.params) {
  if (name.rfind("decide_", 0) != 0 || value.empty()) continue;
  import::Decision decision;
  decision.line = std::atoi(name.c_str() + 7);
  decision.customer_id =
      value == "new" ? 0 : std::strtoll(value.c_str(), nullptr, 10);
  if (decision.line > 0 && (value == "new" || decision.customer_id > 0)) {
    request.decisions.push_back(decision);
  }
}
return request;
}  // namespace schoolbieb::web

std::string KindLabel(const Visit& v, import::ChangeKind kind) {
  return v.T(fmt::format("kind_{}", import::ChangeKindName(kind)));
}

bool Matches(const import::PlannedStudent& s, const std::string& filter) {
  if (filter.empty()) return s.kind != import::ChangeKind::kUnchanged;
  if (filter == "all") return true;
  if (filter == "problems") return s.kind == import::ChangeKind::kRejected;
  return import::ChangeKindName(s.kind) == filter;
}

void ShowPreview(Visit& v, const store::Upload& upload,
                 const import::UploadRun& run,
                 const import::ImportRequest& request,
                 const import::ImportPlan& plan,
                 const import::ImportPlan& undecided, int status,
                 const std::string& error) {
  nlohmann::json report = import::ReportJson(
      plan, 0, plan.held() ? "held" : "previewed", v.language, false);
  mstch::map context = PageContext(
      v, fmt::format("{}: {}", v.T("bo_preview_title"), upload.original_name),
      "/backoffice/uploads");
  context["upload"] = UploadFacts(v, upload);
  context["profile"] = plan.profile_label.In(v.language);
  context["confidence"] = std::to_string(plan.confidence);
  context["imported_before"] = plan.imported_before;
  context["counts"] = CountsContext(v, report["counts"]);
  context["held"] = plan.held();
  context["holds"] = HoldList(report["holds"]);
  bool overridable = plan.held() && plan.released(true);
  context["overridable"] = overridable;
  context["blocked"] = plan.held() && !overridable;
  context["problems"] = ProblemList(report["problems"]);
  context["has_problems"] = !plan.problems.empty();
  context["answer_href"] =
      fmt::format("/backoffice/uploads/{}/answer", upload.id);
  context["teachers"] = TeacherList(v, plan);
  context["has_teachers"] = !plan.teachers.empty();
  context["answered"] = v.Param("answered") == "1";
  context["columns"] = ColumnList(report["columns"]);
  context["has_columns"] = !plan.columns.empty();
  AddYearGroups(v, report["by_year_group"], &context);
  mstch::array groups;
  for (const auto& [group, counts] : plan.by_group) {
    groups.push_back(mstch::map{
        {"label", group.empty() ? v.T("bo_year_unknown") : group},
        {"before", std::to_string(counts.before)},
        {"after", std::to_string(counts.after)},
        {"difference", fmt::format("{:+}", counts.after - counts.before)}});
  }
  context["has_groups"] = !groups.empty();
  context["groups"] = groups;

  // The filter links, each with its count.
  std::string filter = v.Param("filter");
  std::map<std::string, int> per_kind;
  for (const auto& s : plan.students) {
    ++per_kind[std::string(import::ChangeKindName(s.kind))];
  }
  std::string base = fmt::format("/backoffice/uploads/{}/preview", upload.id);
  std::string keep;  // the choices, carried in every link
  for (const auto& [name, value] : v.req.params) {
    if (name == "filter" || name == "lang" || name == "answered") continue;
    keep += fmt::format("&{}={}", httplib::detail::encode_query_param(name),
                        httplib::detail::encode_query_param(value));
  }
  mstch::array filters;
  auto filter_link = [&](const std::string& key, const std::string& label,
                         int count) {
    filters.push_back(mstch::map{
        {"href", fmt::format("{}?filter={}{}", base, key, keep)},
        {"label", label},
        {"count", std::to_string(count)},
        {"current", filter == key || (filter.empty() && key == "")}});
  };
  filters.push_back(mstch::map{
      {"href", base + (keep.empty() ? "" : "?" + keep.substr(1))},
      {"label", v.T("bo_filter_changes")},
      {"count", std::to_string(plan.students.size() - per_kind["unchanged"])},
      {"current", filter.empty()}});
  for (const char* kind : kKinds) {
    filter_link(kind, v.T(std::string("kind_") + kind), per_kind[kind]);
  }
  filter_link("all", v.T("bo_filter_all"),
              static_cast<int>(plan.students.size()));
  context["filters"] = filters;

  mstch::array rows, conflicts;
  size_t shown = 0, matching = 0;
  std::map<int, long long> decided;
  for (const auto& d : request.decisions) decided[d.line] = d.customer_id;
  // The conflicts as they were before any decision, so a decision can be
  // changed again.
  for (const import::PlannedStudent& s : undecided.students) {
    if (s.kind == import::ChangeKind::kConflict) {
      mstch::array options;
      auto chosen = decided.find(s.line);
      for (long long candidate : s.candidates) {
        auto customer = store::GetCustomer(*v.db, candidate);
        std::string who =
            customer.ok()
                ? fmt::format(
                      "{} ({}, {})",
                      DisplayName(customer->call_name, customer->initials,
                                  customer->name_prefix, customer->last_name),
                      customer->birth_date,
                      customer->card_number.empty()
                          ? customer->external_number_2
                          : customer->card_number)
                : std::to_string(candidate);
        options.push_back(mstch::map{
            {"value", std::to_string(candidate)},
            {"label", who},
            {"checked",
             chosen != decided.end() && chosen->second == candidate}});
      }
      conflicts.push_back(mstch::map{
          {"line", std::to_string(s.line)},
          {"name", s.display_name},
          {"student_number", s.student_number},
          {"options", options},
          {"new_checked", chosen != decided.end() && chosen->second == 0}});
    }
  }
  for (const import::PlannedStudent& s : plan.students) {
    if (!Matches(s, filter)) continue;
    ++matching;
    if (shown >= kMaxRowsShown) continue;
    ++shown;
    mstch::array changes;
    for (const import::FieldChange& change : s.changes) {
      changes.push_back(mstch::map{{"field", FieldLabelText(v, change.field)},
                                   {"before", change.before},
                                   {"after", change.after}});
    }
    std::string year =
        s.year_group_before == s.year_group_after
            ? s.year_group_after
            : fmt::format("{} → {}",
                          s.year_group_before.empty() ? std::string("–")
                                                      : s.year_group_before,
                          s.year_group_after.empty() ? std::string("–")
                                                     : s.year_group_after);
    if (!s.leave_date.empty()) {
      changes.push_back(
          mstch::map{{"field", v.T("bo_leave_date")},
                     {"before", std::string()},
                     {"after", FormatIsoDateDutch(s.leave_date)}});
    }
    if (s.entry_date > Today(v)) {
      changes.push_back(
          mstch::map{{"field", v.T("bo_entry_date")},
                     {"before", std::string()},
                     {"after", FormatIsoDateDutch(s.entry_date)}});
    }
    rows.push_back(mstch::map{
        {"kind", std::string(import::ChangeKindName(s.kind))},
        {"kind_label", KindLabel(v, s.kind)},
        {"line", s.line > 0 ? std::to_string(s.line) : std::string()},
        {"student_number", s.student_number},
        {"name", s.display_name},
        {"year", year},
        {"group", s.group_after.empty() ? s.group_before : s.group_after},
        {"changes", changes},
        {"has_changes", !changes.empty()},
        {"public", s.public_membership},
    });
  }
  context["rows"] = rows;
  context["has_rows"] = !rows.empty();
  if (matching > shown) {
    context["rows_cut"] =
        Replace(Replace(v.T("bo_rows_cut"), "{shown}", std::to_string(shown)),
                "{total}", std::to_string(matching));
  }
  context["has_conflicts"] = !conflicts.empty();
  context["conflicts"] = conflicts;
  context["filter"] = filter;

  // The options, as chosen (the preview's form) and carried to the import.
  std::string pub = v.Param("public");
  context["public_default"] = pub.empty();
  context["public_yes"] = pub == "1";
  context["public_no"] = pub == "0";
  context["school_public_default"] =
      v.T(run.settings.branch.public_membership_default ? "bo_yes" : "bo_no");
  context["subscription"] = request.subscription_type;
  mstch::array hidden;
  for (const auto& [name, value] : v.req.params) {
    if (name == "public" || name == "subscription" ||
        name.rfind("decide_", 0) == 0) {
      hidden.push_back(mstch::map{{"name", name}, {"value", value}});
    }
  }
  context["hidden"] = hidden;
  context["fingerprint"] = plan.fingerprint;
  context["preview_href"] = base;
  if (!error.empty()) context["error"] = error;
  Show(v, "bo_preview", context, status);
}

// The upload decrypted, read and recognised; nullopt when it has answered
// (no upload key: 503; purged, rejected or unreadable: the upload's page
// with the reason).
std::optional<import::UploadRun> LoadRun(Visit& v,
                                         const store::Upload& upload) {
  if (!v.options.upload_key) {
    ShowMessage(v, 503, "error_heading", v.T("server_error"));
    return std::nullopt;
  }
  auto run =
      import::LoadUploadRun(*v.db, *v.options.upload_key, upload.id, Today(v));
  if (!run.ok()) {
    ShowUpload(v, upload, HttpStatus(run.status()),
               run.status().message(v.language), "");
    return std::nullopt;
  }
  return std::move(*run);
}

// Shows `plan`; with decisions taken, the conflicts come from the plan
// without them (planned once more), so each decision can be changed again.
void ShowPlan(Visit& v, const store::Upload& upload,
              const import::UploadRun& run,
              const import::ImportRequest& request,
              const import::ImportPlan& plan, int status,
              const std::string& error) {
  if (request.decisions.empty()) {
    return ShowPreview(v, upload, run, request, plan, plan, status, error);
  }
  import::ImportRequest open = request;
  open.decisions.clear();
  auto undecided = import::PlanImport(*v.db, open, run.settings, run.roster);
  ShowPreview(v, upload, run, request, plan, undecided.ok() ? *undecided : plan,
              status, error);
}

void GetPreview(Visit& v) {
  auto upload = OwnUpload(v);
  if (!upload) return ShowNotFound(v);
  auto run = LoadRun(v, *upload);
  if (!run) return;
  import::ImportRequest request = Choices(v, run->request);
  request.allow_mass_leave = false;
  // Looking changes nothing: a GET (a link from a mail or another site, a
  // prefetch, the back button) records no run, leaves the upload's status
  // alone and mails no one. Only who looked is kept, in the audit trail.
  // A plan is recorded when staff act on it: the import (a POST) records it
  // as applied, or as held with the mail to the library.
  auto plan = import::PlanImport(*v.db, request, run->settings, run->roster);
  if (!plan.ok()) {
    return ShowUpload(v, *upload, HttpStatus(plan.status()),
                      plan.status().message(v.language), "");
  }
  if (v.Param("filter").empty()) {
    Audit(v, "upload.preview", "upload", upload->id,
          {{"sha256", upload->sha256}});
  }
  ShowPlan(v, *upload, *run, request, *plan, 200, "");
}

void PostImport(Visit& v) {
  auto upload = OwnUpload(v);
  if (!upload) return ShowNotFound(v);
  auto run = LoadRun(v, *upload);
  if (!run) return;
  import::ImportRequest request = Choices(v, run->request);
  std::string fingerprint = v.Param("fingerprint");
  if (fingerprint.empty()) {
    return ShowUpload(v, *upload, 422, v.T("bo_preview_first"), "");
  }
  auto outcome = import::ImportUpload(*v.db, *run, request, fingerprint,
                                      v.options.public_url);
  if (outcome.ok() && outcome->status == "applied") {
    WakeMail(v);
    return Redirect(v.res, fmt::format("/backoffice/imports/{}?applied=1",
                                       outcome->import_id));
  }
  // Held, or the data changed since the preview, or another import runs:
  // the preview again, as it is now, with what to do.
  std::string error = outcome.ok() ? v.T("bo_import_held")
                                   : outcome.status().message(v.language);
  if (outcome.ok()) WakeMail(v);
  import::ImportRequest shown = request;
  shown.allow_mass_leave = false;
  auto plan = import::PlanImport(*v.db, shown, run->settings, run->roster);
  if (!plan.ok()) {
    return ShowUpload(v, *upload, HttpStatus(plan.status()),
                      plan.status().message(v.language), "");
  }
  ShowPlan(v, *upload, *run, shown, *plan, 409, error);
}

// The answer to a question the file was held with: saved in the school's
// mapping, then the preview again, read with it.
void PostAnswer(Visit& v) {
  auto upload = OwnUpload(v);
  if (!upload) return ShowNotFound(v);
  Status status =
      import::AnswerQuestion(*v.db, upload->branch_id, v.Param("question"),
                             v.Param("choice"), Actor(v));
  if (!status.ok()) {
    return ShowUpload(v, *upload, HttpStatus(status),
                      status.message(v.language), "");
  }
  Redirect(v.res, fmt::format("/backoffice/uploads/{}/preview?answered=1",
                              upload->id));
}

// ---- Imports --------------------------------------------------------------

void GetImports(Visit& v) {
  auto schools = Schools(v);
  long long school = std::strtoll(v.Param("school").c_str(), nullptr, 10);
  if (school != 0 && !schools.count(school)) return ShowNotFound(v);
  auto runs = import::ListImportRuns(*v.db, v.account->library_id, school,
                                     v.Param("all") != "1");
  if (!runs.ok()) throw std::runtime_error(runs.status().ToString());
  std::map<long long, std::string> names;
  mstch::array rows;
  for (const import::ImportRun& run : *runs) {
    auto counts = nlohmann::json::parse(run.counts_json, nullptr, false);
    auto options = nlohmann::json::parse(run.options_json, nullptr, false);
    auto branch = schools.find(run.branch_id);
    rows.push_back(mstch::map{
        {"id", std::to_string(run.id)},
        {"date",
         FormatDateTime(run.applied_at ? run.applied_at : run.created_at)},
        {"school",
         branch == schools.end() ? std::string() : branch->second.name},
        {"file_name", options.is_object()
                          ? options.value("file_name", std::string())
                          : std::string()},
        {"actor",
         run.account_id ? AccountName(v, run.account_id, &names) : run.actor},
        {"status", run.status},
        {"status_label", v.T("run_" + run.status)},
        {"summary", counts.is_object() ? CountsSummary(v, counts) : ""}});
  }
  mstch::array school_options;
  for (const auto& [id, branch] : schools) {
    if (branch.kind != store::BranchKind::kSchool) continue;
    school_options.push_back(mstch::map{{"id", std::to_string(id)},
                                        {"name", branch.name},
                                        {"selected", id == school}});
  }
  mstch::map context =
      PageContext(v, v.T("bo_imports_title"), "/backoffice/uploads");
  context["rows"] = rows;
  context["has_rows"] = !rows.empty();
  context["schools"] = school_options;
  context["all"] = v.Param("all") == "1";
  if (school != 0) {
    auto history = import::SchoolSizeHistory(*v.db, school);
    if (history.ok() && !history->empty()) {
      std::vector<Point> points;
      mstch::array sizes;
      for (const import::SizePoint& p : *history) {
        points.push_back({FormatDate(p.at), p.students});
        sizes.push_back(mstch::map{{"date", FormatDate(p.at)},
                                   {"students", std::to_string(p.students)}});
      }
      context["size_chart"] =
          LineChartSvg(points, Replace(v.T("bo_size_chart_title"), "{school}",
                                       schools[school].name));
      context["sizes"] = sizes;
      context["has_sizes"] = true;
    }
  }
  Show(v, "bo_imports", context);
}

void ShowRun(Visit& v, const import::ImportRun& run, int status,
             const std::string& error, const std::string& notice) {
  auto schools = Schools(v);
  auto report = nlohmann::json::parse(run.report_json, nullptr, false);
  if (!report.is_object()) report = nlohmann::json::object();
  auto options = nlohmann::json::parse(run.options_json, nullptr, false);
  if (!options.is_object()) options = nlohmann::json::object();
  std::map<long long, std::string> names;
  std::string title = fmt::format("{} {}", v.T("bo_import"), run.id);
  mstch::map context = PageContext(v, title, "/backoffice/uploads");
  context["heading"] = title;
  context["id"] = std::to_string(run.id);
  context["school"] = schools.count(run.branch_id) ? schools[run.branch_id].name
                                                   : std::string();
  context["school_id"] = std::to_string(run.branch_id);
  context["file_name"] = options.value("file_name", std::string());
  context["actor"] =
      run.account_id ? AccountName(v, run.account_id, &names) : run.actor;
  context["date"] = FormatDateTime(run.created_at);
  if (run.applied_at) context["applied_at"] = FormatDateTime(run.applied_at);
  if (run.undone_at) context["undone_at"] = FormatDateTime(run.undone_at);
  context["status"] = run.status;
  context["status_label"] = v.T("run_" + run.status);
  context["public_membership"] =
      v.T(options.value("public_membership", false) ? "bo_yes" : "bo_no");
  if (run.upload_id) context["upload_id"] = std::to_string(run.upload_id);
  context["counts"] =
      CountsContext(v, report.value("counts", nlohmann::json::object()));
  auto holds = report.value("holds", nlohmann::json::array());
  context["holds"] = HoldList(holds);
  context["held"] = !holds.empty();
  // The stored report is Dutch; English readers get the counts and the
  // Dutch sentences (the engine keeps one language per run).
  auto problems = report.value("problems", nlohmann::json::array());
  context["problems"] = ProblemList(problems);
  context["has_problems"] = !problems.empty();
  AddYearGroups(v, report.value("by_year_group", nlohmann::json::object()),
                &context);
  context["can_undo"] = run.status == "applied";
  context["has_students_list"] =
      run.status == "applied" || run.status == "undone";
  if (!error.empty()) context["error"] = error;
  if (!notice.empty()) context["notice"] = notice;
  Show(v, "bo_import", context, status);
}

void GetImport(Visit& v) {
  auto run = OwnRun(v);
  if (!run) return ShowNotFound(v);
  std::string notice = v.req.has_param("applied")  ? v.T("bo_applied_notice")
                       : v.req.has_param("undone") ? v.T("bo_undone_notice")
                                                   : std::string();
  ShowRun(v, *run, 200, "", notice);
}

// The run's students as CSV (new, changed, left), audited like a download.
void GetRunStudents(Visit& v) {
  auto run = OwnRun(v);
  if (!run) return ShowNotFound(v);
  auto csv = import::ImportRunStudentsCsv(*v.db, run->id, v.language);
  if (!csv.ok()) {
    return ShowRun(v, *run, HttpStatus(csv.status()),
                   csv.status().message(v.language), "");
  }
  Audit(v, "import.export", "import_run", run->id, {{"format", "csv"}});
  v.res.status = 200;
  v.res.set_header(
      "Content-Disposition",
      AttachmentDisposition(fmt::format(
          "import-{}-{}.csv", run->id,
          v.language == Language::kEnglish ? "students" : "leerlingen")));
  v.res.set_content(std::move(*csv), "text/csv; charset=utf-8");
}

void PostUndo(Visit& v) {
  auto run = OwnRun(v);
  if (!run) return ShowNotFound(v);
  if (v.Param("confirm") != "1") {
    return ShowRun(v, *run, 422, v.T("bo_undo_confirm_missing"), "");
  }
  auto outcome =
      import::UndoImport(*v.db, run->id, v.account->id, v.account->login);
  if (!outcome.ok()) {
    return ShowRun(v, *run, HttpStatus(outcome.status()),
                   outcome.status().message(v.language), "");
  }
  Redirect(v.res, fmt::format("/backoffice/imports/{}?undone=1", run->id));
}

}  // namespace

void RegisterBackoffice(httplib::Server& server, const ServerOptions& options,
                        bool tls) {
  auto staff = [&](PageHandler handler) {
    return Page(options, tls, Access::kStaff, std::move(handler));
  };
  const std::string id = R"((\d{1,18}))";
  server.Get("/backoffice/uploads", staff(GetUploads));
  server.Get("/backoffice/uploads/" + id, staff(GetUpload));
  server.Get("/backoffice/uploads/" + id + "/download", staff(GetDownload));
  server.Get("/backoffice/uploads/" + id + "/preview", staff(GetPreview));
  server.Post("/backoffice/uploads/" + id + "/import", staff(PostImport));
  server.Post("/backoffice/uploads/" + id + "/answer", staff(PostAnswer));
  server.Post("/backoffice/uploads/" + id + "/reject", staff(PostReject));
  server.Get("/backoffice/imports", staff(GetImports));
  server.Get("/backoffice/imports/" + id, staff(GetImport));
  server.Post("/backoffice/imports/" + id + "/undo", staff(PostUndo));
  server.Get("/backoffice/imports/" + id + "/students.csv",
             staff(GetRunStudents));
}

}  // namespace schoolbieb::web
