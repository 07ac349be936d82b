// Reading a student file: bytes in, one Table out, or a clear refusal.
//
// The format is decided by the content (formats/sniff.h), never by the file
// name; a name that disagrees with the content is noted in the problems or,
// where reading it as what it is would be unsafe, refused. Every reader
// enforces the Limits while it reads. Nothing here knows about students.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/status.h"
#include "formats/limits.h"
#include "formats/table.h"

namespace schoolbieb::formats {

struct ReadOptions {
  Limits limits;
  std::string file_name;  // as uploaded; used for notes, never for the format
  std::string password;   // for encrypted ZIPs
  int zip_depth = 0;      // set by the ZIP reader for what it opens
};

// Reads any supported file: CSV/TXT, XLSX, ODS, XLS, ZIP, EDEX XML, EDEX2000.
Result<Table> ReadTable(std::string_view bytes, const ReadOptions& options);

// The readers ReadTable dispatches to; each refuses bytes of another format.
Result<Table> ReadCsv(std::string_view bytes, const ReadOptions& options);
Result<Table> ReadXlsx(std::string_view bytes, const ReadOptions& options);
Result<Table> ReadOds(std::string_view bytes, const ReadOptions& options);
Result<Table> ReadXls(std::string_view bytes, const ReadOptions& options);
Result<Table> ReadZip(std::string_view bytes, const ReadOptions& options);
Result<Table> ReadEdexXml(std::string_view bytes, const ReadOptions& options);
// EDEX2000: the fixed-width set, by upper-case file name ("EDEXLL.TXT"
// required, "EDEXGR.TXT", "EDEXLK.TXT", … optional).
Result<Table> ReadEdex2000(const std::map<std::string, std::string>& files,
                           const ReadOptions& options);
// True when `text` reads as EDEXLL.TXT on its own (the one EDEX2000 file the
// standard requires): its first lines are fixed-width student records, with
// a birth date, a sex code and a student key where the layout puts them.
bool LooksLikeEdex2000Students(std::string_view text);

}  // namespace schoolbieb::formats
