#include "import/answer.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "roster/roster.h"
#include "store/library_store.h"

namespace schoolbieb::import {

Status AnswerQuestion(store::Database& db, long long branch_id,
                      std::string_view question, std::string_view choice,
                      store::AuditEvent who) {
  if (question != "sex_codes") {
    return Status::InvalidArgument(
        fmt::format("Onbekende vraag \"{}\". Beantwoord de vraag die bij het "
                    "voorbeeld van de import staat.",
                    question),
        fmt::format("Unknown question \"{}\". Answer the question shown with "
                    "the import's preview.",
                    question));
  }
  if (!roster::NamedSexMap(choice)) {
    return Status::InvalidArgument(
        "Kies een van de codes die bij de vraag staan.",
        "Choose one of the code sets offered with the question.");
  }
  try {
    store::Transaction tx(db);
    auto stored = store::GetBranchMapping(db, branch_id);
    if (!stored.ok()) return stored.status();
    auto mapping = roster::ParseMapping(*stored);
    if (!mapping.ok()) return mapping.status();
    mapping->sex_code_set = std::string(choice);
    mapping->sex_codes.clear();  // one rule reads every file
    std::string json = roster::MappingJson(*mapping);
    SB_RETURN_IF_ERROR(store::SetBranchMapping(db, branch_id, json));
    who.action = "branch.answer";
    who.object_kind = "branch";
    who.object_id = branch_id;
    who.details_json =
        nlohmann::json{{"question", question}, {"choice", choice}}.dump();
    SB_RETURN_IF_ERROR(store::RecordAudit(db, who));
    tx.Commit();
  } catch (const std::exception& error) {
    return store::FromDatabaseError(error, {"Deze school", "This school"});
  }
  return Status::Ok();
}

}  // namespace schoolbieb::import
