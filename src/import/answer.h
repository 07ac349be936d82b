// Answering a question an import was held with (roster::Question): the
// answer becomes part of the school's saved mapping, so that this file and
// every later one are read the same way and the question is never asked
// again. The back office, the API and the command line all come here.
// Thread-safe as the Database it is given.
#pragma once

#include <string_view>

#include "core/status.h"
#include "store/audit_log.h"
#include "store/database.h"

namespace schoolbieb::import {

// Saves `choice` (a Question::Choice id) as the answer to the question of
// kind `question` ("sex_codes") in the mapping of school `branch_id`, and
// audits it as `who` (action "branch.answer"), in one transaction.
// InvalidArgument, naming what is accepted, for an unknown question or
// choice; nothing is written then.
Status AnswerQuestion(store::Database& db, long long branch_id,
                      std::string_view question, std::string_view choice,
                      store::AuditEvent who);

}  // namespace schoolbieb::import
