// The benchmarks' synthetic students: invented names only, a fixed seed, so
// every run and every tool reads the same bytes. Shared by bench_gen (files
// on disk) and bench_micro (the same text in memory).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace schoolbieb::bench {

// The Wise-style header: LEERLINGNUMMER, ROEPNAAM, VOORLETTERS, NAAMTUS, NAAM,
// GEBOORTEDATUM (ISO), GESLACHT, GROEP, GROEPSNAAM, JAARGROEP, POSTCODE,
// EMAIL.
std::vector<std::string> StudentHeader();
constexpr int kBirthDateColumn = 5;

// `count` students. The first n of a larger count are the same students, so
// files of 1,000 to 1,000,000 rows grow by adding rows, not by changing them.
std::vector<std::vector<std::string>> SyntheticStudents(size_t count);

// The header and `rows` as a ';'-separated CSV with CRLF line ends, in
// UTF-8 or (`cp1252`) Windows-1252.
std::string StudentsCsv(const std::vector<std::vector<std::string>>& rows,
                        bool cp1252);

// The worksheet part's <sheetData> content as Excel writes it: shared
// strings (appended as <si> elements to *shared_strings) and birth dates as
// date serials with style 1.
std::string StudentsSheetData(const std::vector<std::vector<std::string>>& rows,
                              std::string* shared_strings);

// The header and `rows` as an XLSX package (one sheet, "Leerlingen").
std::string StudentsXlsx(const std::vector<std::vector<std::string>>& rows);

}  // namespace schoolbieb::bench
