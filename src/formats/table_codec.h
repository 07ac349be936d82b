// A Table as bytes and back, exactly: what schoolbieb keeps of an upload
// when it may not keep the file itself (import/stored_upload.h).
//
// Everything a reader produced survives the round trip — the format and its
// CSV details, each sheet's name and visibility, every row with its physical
// line number, every cell with its column, type and text, the properties
// (EDEX: brin, schooljaar, …) and the problems — so recognising the decoded
// table gives the same roster as recognising the table that was encoded.
// The encoding is our own compact one (a magic word, then lengths as
// varints), not a file format anyone opens: the download turns a table into
// CSV instead. DecodeTable checks every length against what is left, so a
// damaged or foreign input is refused, never read past its end. Pure
// functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "formats/table.h"

namespace schoolbieb::formats {

// The encoded form of `table`.
std::string EncodeTable(const Table& table);

// True when `bytes` start like an encoded table.
bool LooksLikeEncodedTable(std::string_view bytes);

// The table `bytes` encode. InvalidArgument (nothing returned) when they
// are not an encoded table of this version or are cut short or damaged.
Result<Table> DecodeTable(std::string_view bytes);

}  // namespace schoolbieb::formats
