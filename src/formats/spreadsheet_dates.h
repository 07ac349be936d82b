// Spreadsheet dates: serial numbers (Excel's 1900 and 1904 systems) to ISO
// text, and whether a number format shows a date. Shared by the XLSX and XLS
// readers so both turn the same cell into the same text.
#pragma once

#include <string>
#include <string_view>

namespace schoolbieb::formats {

// "2018-08-07", or "2018-08-07T13:45:00" when the serial has a time of day.
// Excel's fictitious 1900-02-29 (serial 60) becomes "1900-02-29" as Excel
// shows it. Returns "" for serials outside 0..2958465 (year 9999).
std::string SerialToIso(double serial, bool date1904);

// An xsd:dateTime as ODS and XLSX t="d" cells write it ("2018-08-07",
// "2018-08-07T00:00:00", "2018-08-07T10:30:00.000Z") in the canonical text:
// the date alone at midnight, else "YYYY-MM-DDTHH:MM:SS". Text that is not
// such a value comes back unchanged.
std::string NormaliseIsoDateTime(std::string_view text);

// True when number format `id` (built-in) or `code` (custom) displays a date
// or time: ids 14–22, 27–36, 45–47, 50–58, or a code with d, m, y, h or s
// outside quotes, escapes and [colour]/[$-locale] brackets.
bool IsDateFormat(int id, std::string_view code);

}  // namespace schoolbieb::formats
