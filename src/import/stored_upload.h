// What schoolbieb keeps of an uploaded file, and how it is read back.
//
// The library may never hold a BSN, ethnicity, "gewicht" and the like: not
// in a customer record, and not in the stored upload either, which staff can
// download. So an upload is kept in one of two forms (store::Upload's
// stored_form):
//
//   "original"  the file as the teacher sent it, when reading it left
//               nothing out — the usual clean export;
//   "table"     otherwise, the table the reader made of it
//               (formats/table_codec.h): the EDEX readers have already
//               skipped the standard's private fields, and every cell of a
//               forbidden column is removed — on the student sheet the
//               columns the roster dropped (the school's "drop forbidden
//               columns" setting), on any other sheet a column under a
//               forbidden header. Only header names and the reader's notes
//               ("the columns BSN … were skipped") say that they were there.
//
// Reading back gives the table the original gave, so the preview and the
// import see exactly what the quick report saw: NormalisedForm recognises
// the stored table once more when the upload is taken in, and refuses the
// upload when its roster differs in anything from the original's. The
// download is the original, or the kept table as CSV. Pure functions;
// thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "formats/reader.h"
#include "formats/table.h"
#include "import/engine.h"
#include "roster/roster.h"
#include "store/upload_store.h"

namespace schoolbieb::import {

inline constexpr std::string_view kOriginalForm = "original";
inline constexpr std::string_view kTableForm = "table";

// What to keep instead of the original of a file that read as `table` and
// was recognised as `roster` with `settings`: nullopt when nothing was left
// out (keep the original), else the encoded table without the forbidden
// cells. InvalidArgument, for the teacher, when the table without them
// would not be recognised exactly as the file was (then nothing is kept).
Result<std::optional<std::string>> NormalisedForm(
    const formats::Table& table, const roster::Roster& roster,
    const SchoolSettings& settings);

// The table of a stored upload's decrypted content `bytes` in `form`.
Result<formats::Table> ReadStoredForm(std::string_view form,
                                      std::string_view bytes,
                                      const formats::ReadOptions& options);

// A digest of everything a roster holds (profile, columns, every student
// and teacher field, problems but for their raw values, …): equal rosters,
// equal digests.
std::string RosterDigest(const roster::Roster& roster);

// What staff download of a stored upload: the original as it came, or the
// kept table as CSV (Excel's dialect, formulas neutralised; a workbook's
// sheets one after the other, each under a line with its name).
struct Download {
  std::string file_name;
  std::string content_type;
  std::string bytes;
};
Result<Download> DownloadOf(const store::Upload& upload, std::string bytes);

}  // namespace schoolbieb::import
