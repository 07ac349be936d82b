// Taking in an uploaded student file: read it, recognise it for the school,
// tell the teacher at once what it holds (the quick report), and keep it —
// encrypted, with the library's notification queued and an audit event —
// in one transaction. A file that cannot be read or recognised is refused
// with a message that says what to change, and nothing is kept.
//
// The portal's form and the JSON API both come here, so both apply the same
// rules; the caller has already checked who may upload for the school and
// the file's name. Thread-safe as the Database it is given.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/message.h"
#include "core/problem.h"
#include "core/status.h"
#include "roster/roster.h"
#include "store/database.h"
#include "store/upload_store.h"

namespace schoolbieb::import {

struct QuickReport {
  long long students = 0;
  long long groups = 0;
  std::string profile;  // "parnassys", …
  Message profile_label;
  int confidence = 0;
  int rejected_rows = 0;
  int left_rows = 0;  // pupils the file says have left (not imported)
  std::vector<std::string> dropped_columns;
  // How each column was read, so that a wrong mapping is seen at once.
  std::vector<roster::ColumnUse> columns;
  // What the library must settle before importing (e.g. what "M" means).
  std::vector<Message> questions;
  Problems problems;  // the first few, for the teacher to fix next year

  // "248 leerlingen in 11 groepen, herkend als ParnasSys-export (EDEX)".
  Message Summary() const;
  nlohmann::json ToJson(Language language) const;
  // From the stored upload's report_json (an empty report when unreadable).
  static QuickReport FromJson(std::string_view json);
};

struct IntakeRequest {
  long long library_id = 0;
  long long branch_id = 0;
  long long account_id = 0;   // 0: the command line
  std::string actor;          // login name
  std::string uploader_name;  // for the library's mail
  std::string remote_addr;
  std::string file_name;  // already checked against the name rule
  // Where the back office is reached, for the link in the mail.
  std::string public_url;
};

struct IntakeOutcome {
  store::Upload upload;
  QuickReport report;
};

// Reads and recognises `content`, then stores it. InvalidArgument (a message
// for the teacher: what is wrong, what to do) when the file cannot be read,
// has no recognisable student list, carries columns the library may not
// hold, or lacks required columns; then nothing is stored.
Result<IntakeOutcome> AcceptUpload(store::Database& db,
                                   const store::UploadKey& key,
                                   const IntakeRequest& request,
                                   std::string_view content);

}  // namespace schoolbieb::import
