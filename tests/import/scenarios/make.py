#!/usr/bin/python3
"""Writes the import scenarios' student files and scenario.json files.

Every person is invented. Run from this folder: /usr/bin/python3 make.py.
The files are committed; this script says how each was made and remakes
them when a scenario changes.
"""
import json
import os

WISE = ("LEERLINGNUMMER;GROEP;GROEPSNAAM;JAARGROEP;ROEPNAAM;NAAMTUS;NAAM;"
        "GEBOORTEDATUM;GESLACHT;ADRES;HUISNUMMER;POSTCODE;WOONPLAATS")


def write(folder, name, text, encoding="utf-8"):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w", encoding=encoding,
              newline="") as out:
        out.write(text)


def csv(header, rows):
    return "\r\n".join([header] + [";".join(r) for r in rows]) + "\r\n"


def scenario(folder, steps):
    write(folder, "scenario.json", json.dumps({"steps": steps}, indent=1,
                                              ensure_ascii=False) + "\n")


def line(number, last, prefix, year, group, member="member", public=""):
    return f"{number}|{last}|{prefix}|{year}|{group}|{member}|{public}"


# 1. A first import, the same file again (no changes), and undo.
FIRST = [
    ["1001", "5A", "Groep 5A", "5", "Daan", "van der", "Berg", "03-04-2016",
     "M", "Dorpsstraat", "12", "1234ab", "Demostad"],
    ["1002", "5A", "Groep 5A", "5", "Zoë", "", "Jansen", "12-11-2015", "V",
     "", "", "", ""],
    ["1003", "8B", "Groep 8B", "8", "Sem", "de", "Vries", "01-02-2013", "M",
     "Kerkweg", "3a", "5678 cd", "Demostad"],
]
FIRST_LINES = [line("1001", "Berg", "van der", "5", "Groep 5A"),
               line("1002", "Jansen", "", "5", "Groep 5A"),
               line("1003", "Vries", "de", "8", "Groep 8B")]
write("first-import", "leerlingen.csv", csv(WISE, FIRST))
scenario("first-import", [
    {"import": "leerlingen.csv", "school": "kievit", "date": "2026-09-01",
     "dry_run": True,
     "expect": {"status": "previewed", "profile": "wise",
                "counts": {"new": 3, "leaving": 0}},
     "students": {"kievit": []}},
    {"import": "leerlingen.csv", "school": "kievit", "date": "2026-09-01",
     "expect": {"status": "applied", "profile": "wise",
                "imported_before": False,
                "counts": {"new": 3, "changed": 0, "unchanged": 0,
                           "leaving": 0, "conflicts": 0,
                           "rejected_rows": 0}},
     "students": {"kievit": FIRST_LINES}},
    {"import": "leerlingen.csv", "school": "kievit", "date": "2026-09-02",
     "expect": {"status": "applied", "imported_before": True,
                "counts": {"new": 0, "changed": 0, "unchanged": 3,
                           "leaving": 0}},
     "students": {"kievit": FIRST_LINES}, "same_as_before": 3},
    {"undo": 2, "expect_error": "Maak eerst die ongedaan"},
    {"undo": 3, "same_as_before": 3},
    {"undo": 2, "same_as_before": 2, "students": {"kievit": []}},
    {"undo": 2, "expect_error": "niet uitgevoerd"},
])

# 2. The next school year across two schools of the library.
KIEVIT_2025 = [
    ["2001", "1A", "Groep 1A", "1", "Noor", "", "Bakker", "14-05-2021", "V",
     "Dorpsstraat", "12", "1234 AB", "Demostad"],
    ["2002", "5A", "Groep 5/6", "5", "Liam", "van", "Dijk", "20-03-2017", "M",
     "Kerkweg", "3a", "1234 AC", "Demostad"],
    ["2003", "5A", "Groep 5/6", "6", "Emma", "", "Smit", "02-09-2016", "V",
     "Kerkweg", "5", "1234 AC", "Demostad"],
    ["2004", "8A", "Groep 8", "8", "Finn", "de", "Jong", "11-01-2014", "M",
     "Molenlaan", "7", "1235 BA", "Demostad"],
    ["2005", "8A", "Groep 8", "8", "Julia", "", "Visser", "30-06-2013", "V",
     "Molenlaan", "9", "1235 BA", "Demostad"],
    ["2006", "7A", "Groep 7", "7", "Lucas", "", "Meijer", "15-10-2014", "M",
     "Schoolpad", "1", "1234 AD", "Demostad"],
    ["2007", "3A", "Groep 3", "3", "Tess", "van den", "Heuvel", "08-08-2019",
     "V", "Schoolpad", "2", "1234 AD", "Demostad"],
]
PALET_2025 = [
    ["3001", "4B", "Groep 4B", "4", "Mila", "de", "Boer", "05-05-2018", "V",
     "Parklaan", "4", "1236 CA", "Demostad"],
    ["3002", "4B", "Groep 4B", "4", "Sam", "", "Mulder", "06-06-2018", "M",
     "Parklaan", "6", "1236 CA", "Demostad"],
]
KIEVIT_2026 = [
    # Everyone one year up; Noor moved house.
    ["2001", "2A", "Groep 2A", "2", "Noor", "", "Bakker", "14-05-2021", "V",
     "Nieuwstraat", "40", "1234 AE", "Demostad"],
    # A combination group: the year group is per student.
    ["2002", "6A", "Groep 6/7", "6", "Liam", "van", "Dijk", "20-03-2017", "M",
     "Kerkweg", "3a", "1234 AC", "Demostad"],
    ["2003", "6A", "Groep 6/7", "7", "Emma", "", "Smit", "02-09-2016", "V",
     "Kerkweg", "5", "1234 AC", "Demostad"],
    # Renumbered by the LAS.
    ["2106", "8A", "Groep 8", "8", "Lucas", "", "Meijer", "15-10-2014", "M",
     "Schoolpad", "1", "1234 AD", "Demostad"],
    ["2007", "4A", "Groep 4", "4", "Tess", "van den", "Heuvel", "08-08-2019",
     "V", "Schoolpad", "2", "1234 AD", "Demostad"],
    # A newcomer in group 1.
    ["2008", "1A", "Groep 1A", "1", "Daan", "", "Kok", "01-03-2022", "M",
     "Dorpsstraat", "20", "1234 AB", "Demostad"],
    # Moved here from Het Palet.
    ["2009", "5A", "Groep 5A", "5", "Mila", "de", "Boer", "05-05-2018", "V",
     "Parklaan", "4", "1236 CA", "Demostad"],
]
write("next-school-year", "kievit-2025.csv", csv(WISE, KIEVIT_2025))
write("next-school-year", "palet-2025.csv", csv(WISE, PALET_2025))
write("next-school-year", "kievit-2026.csv", csv(WISE, KIEVIT_2026))
KIEVIT_AFTER = [
    line("2001", "Bakker", "", "2", "Groep 2A"),
    line("2002", "Dijk", "van", "6", "Groep 6/7"),
    line("2003", "Smit", "", "7", "Groep 6/7"),
    line("2004", "Jong", "de", "8", "Groep 8", "left"),
    line("2005", "Visser", "", "8", "Groep 8", "left"),
    line("2007", "Heuvel", "van den", "4", "Groep 4"),
    line("2008", "Kok", "", "1", "Groep 1A"),
    line("2009", "Boer", "de", "5", "Groep 5A"),
    line("2106", "Meijer", "", "8", "Groep 8"),
]
scenario("next-school-year", [
    {"import": "kievit-2025.csv", "school": "kievit", "date": "2025-09-01",
     "expect": {"status": "applied", "counts": {"new": 7}}},
    {"import": "palet-2025.csv", "school": "palet", "date": "2025-09-01",
     "expect": {"status": "applied", "counts": {"new": 2}}},
    # Without confirmation the renumbered and the moving student are
    # proposals, shown as conflicts; they neither leave nor get created.
    {"import": "kievit-2026.csv", "school": "kievit", "date": "2026-09-01",
     "dry_run": True,
     "expect": {"status": "previewed",
                "counts": {"new": 1, "changed": 4, "unchanged": 0,
                           "leaving": 2, "moved_in": 0, "conflicts": 2},
                "kinds": {"5": "conflict", "8": "conflict", "7": "new",
                          "2": "changed"},
                "problems": ["conflict"], "holds": []}},
    {"import": "kievit-2026.csv", "school": "kievit", "date": "2026-09-01",
     "confirm_matches": True,
     "expect": {"status": "applied",
                "counts": {"new": 1, "changed": 5, "unchanged": 0,
                           "leaving": 2, "moved_in": 1, "conflicts": 0},
                "kinds": {"5": "changed", "8": "moved_in"}},
     "students": {
         "kievit": KIEVIT_AFTER,
         "palet": [line("2009", "Boer", "de", "5", "Groep 5A", "left"),
                   line("3002", "Mulder", "", "4", "Groep 4B")]}},
    {"undo": 4, "same_as_before": 4},
    # Staff decide one by one instead: row 5 is Lucas, row 8 a new person.
    {"import": "kievit-2026.csv", "school": "kievit", "date": "2026-09-01",
     "decisions": [{"line": 5, "customer_of": "2006"},
                   {"line": 8, "new": True}],
     "expect": {"status": "applied",
                "counts": {"new": 2, "changed": 5, "moved_in": 0,
                           "conflicts": 0}}},
])

# 3. Leading zeros: the school's rule makes "001234" and "1234" one student,
# whichever way the LAS exports it (Magister asks on every export).
write("leading-zeros", "met-nullen.csv", csv(WISE, [
    ["001234", "5A", "5A", "5", "Anna", "", "Hendriks", "01-01-2016", "V",
     "", "", "", ""],
    ["000077", "5A", "5A", "5", "Bram", "", "Peters", "02-02-2016", "M",
     "", "", "", ""],
]))
write("leading-zeros", "magister.csv", csv(
    "Stamnr;Roepnaam;Tussenv;Achternaam;Klas;Leerjaar;Geboortedatum", [
        ["1234", "Anna", "", "Hendriks", "5A", "5", "01-01-2016"],
        ["77", "Bram", "", "Peters", "5A", "5", "02-02-2016"],
    ]))
scenario("leading-zeros", [
    {"settings": {"school": "kievit", "number": "strip-zeros"}},
    {"import": "met-nullen.csv", "school": "kievit",
     "expect": {"status": "applied", "counts": {"new": 2}},
     "students": {"kievit": [line("1234", "Hendriks", "", "5", "5A"),
                             line("77", "Peters", "", "5", "5A")]}},
    {"import": "magister.csv", "school": "kievit",
     "expect": {"status": "applied", "profile": "magister",
                "counts": {"new": 0, "unchanged": 2, "leaving": 0}},
     "same_as_before": 3},
    {"undo": 3, "same_as_before": 3},
    {"undo": 2, "same_as_before": 2, "students": {"kievit": []}},
])

# 4. The same child twice: NFC and NFD spellings of one name under two
# numbers, and one number on two rows.
NFD_ZOE = "Zoe\u0308"
write("nfc-nfd-duplicates", "dubbel.csv", csv(WISE, [
    ["4001", "5A", "Groep 5A", "5", "Zoë", "", "Jansen", "12-11-2015", "V",
     "", "", "", ""],
    ["4002", "5A", "Groep 5A", "5", NFD_ZOE, "", "Jansen", "12-11-2015", "V",
     "", "", "", ""],
    ["4003", "5A", "Groep 5A", "5", "Bo", "", "Vos", "01-01-2016", "V",
     "", "", "", ""],
    ["4005", "5A", "Groep 5A", "5", "Ties", "", "Kramer", "03-03-2016", "M",
     "", "", "", ""],
    ["4005", "5A", "Groep 5A", "5", "Jip", "", "Bos", "04-04-2016", "M",
     "", "", "", ""],
]))
scenario("nfc-nfd-duplicates", [
    {"import": "dubbel.csv", "school": "kievit",
     "expect": {"status": "applied",
                "counts": {"new": 1, "rejected_rows": 4},
                "kinds": {"2": "rejected", "3": "rejected", "4": "new",
                          "5": "rejected", "6": "rejected"},
                "problems": ["duplicate_student"]},
     "students": {"kievit": [line("4003", "Vos", "", "5", "Groep 5A")]}},
    {"undo": 1, "same_as_before": 1},
])

# 5. Required columns missing: held, nothing written, and no override.
write("missing-columns", "zonder-groep.csv", csv(
    "LEERLINGNUMMER;ROEPNAAM;NAAM;GEBOORTEDATUM", [
        ["5001", "Lotte", "Dekker", "01-05-2016"],
        ["5002", "Jesse", "Brouwer", "02-06-2016"],
    ]))
scenario("missing-columns", [
    {"import": "zonder-groep.csv", "school": "kievit",
     "expect": {"status": "held", "holds": ["missing_columns"]},
     "students": {"kievit": []}},
    {"import": "zonder-groep.csv", "school": "kievit",
     "allow_mass_leave": True,
     "expect": {"status": "held", "holds": ["missing_columns"]},
     "students": {"kievit": []}},
])

# 6. A header-only file can never deregister a school.
write("header-only", "leerlingen.csv", csv(WISE, FIRST))
write("header-only", "alleen-kop.csv", WISE + "\r\n")
scenario("header-only", [
    {"import": "leerlingen.csv", "school": "kievit",
     "expect": {"status": "applied", "counts": {"new": 3}}},
    {"import": "alleen-kop.csv", "school": "kievit",
     "expect": {"status": "held", "holds": ["too_few_rows"]},
     "students": {"kievit": FIRST_LINES}},
    {"import": "alleen-kop.csv", "school": "kievit",
     "allow_mass_leave": True,
     "expect": {"status": "held", "holds": ["too_few_rows"]},
     "same_as_before": 2},
    {"undo": 1, "same_as_before": 1},
])

# 7. Many students leave from other than the final year: held until
# confirmed; then undone.
FIRST_NAMES = ["Anne", "Bas", "Cas", "Dewi", "Eva", "Fleur", "Gijs", "Hugo",
               "Isa", "Jan"]
LAST_NAMES = ["Aarts", "Bosman", "Claassen", "Dam", "Evers", "Franken",
              "Goossens", "Hoekstra"]
BIG = []
for index in range(40):
    BIG.append([str(6000 + index), "5A", "Groep 5A", "5",
                FIRST_NAMES[index % 10], "", LAST_NAMES[index // 5],
                f"{index % 28 + 1:02d}-0{index % 9 + 1}-2016", "M",
                "", "", "", ""])
write("mass-leave", "veertig.csv", csv(WISE, BIG))
write("mass-leave", "achtentwintig.csv", csv(WISE, BIG[:28]))
scenario("mass-leave", [
    {"import": "veertig.csv", "school": "kievit",
     "expect": {"status": "applied", "counts": {"new": 40}}},
    {"import": "achtentwintig.csv", "school": "kievit",
     "expect": {"status": "held", "holds": ["mass_leave"],
                "counts": {"leaving": 12, "unchanged": 28}},
     "same_as_before": 2},
    {"import": "achtentwintig.csv", "school": "kievit",
     "allow_mass_leave": True,
     "expect": {"status": "applied", "counts": {"leaving": 12}}},
    {"undo": 3, "same_as_before": 3},
])

# 8. Columns the library may not hold: refused, or dropped by the school's
# choice.
write("forbidden-columns", "met-bsn.csv", csv(WISE + ";BSN", [
    r + ["123456782"] for r in FIRST]))
write("forbidden-columns", "lege-bsn.csv", csv(WISE + ";BSN", [
    r + [""] for r in FIRST]))
scenario("forbidden-columns", [
    {"import": "met-bsn.csv", "school": "kievit",
     "expect": {"error": "niet mag bewaren"},
     "students": {"kievit": []}},
    {"import": "lege-bsn.csv", "school": "kievit",
     "dry_run": True,
     "expect": {"status": "previewed", "problems": ["dropped_field"]}},
    {"settings": {"school": "kievit", "drop_forbidden_columns": True}},
    {"import": "met-bsn.csv", "school": "kievit",
     "expect": {"status": "applied", "counts": {"new": 3},
                "problems": ["dropped_field"]},
     "students": {"kievit": FIRST_LINES}},
    {"undo": 4, "same_as_before": 4},
])

# 9. Public-library membership with a consent column.
write("public-consent", "toestemming.csv", csv(WISE + ";TOESTEMMING", [
    FIRST[0] + ["ja"], FIRST[1] + ["nee"], FIRST[2] + [""]]))
scenario("public-consent", [
    {"import": "toestemming.csv", "school": "kievit",
     "public_membership": True,
     "expect": {"status": "applied",
                "counts": {"new": 3, "public_memberships": 1}},
     "students": {"kievit": [
         line("1001", "Berg", "van der", "5", "Groep 5A", "member", "public"),
         line("1002", "Jansen", "", "5", "Groep 5A"),
         line("1003", "Vries", "de", "8", "Groep 8B")]}},
    {"undo": 1, "same_as_before": 1},
])

# 10. An EDEX export in a ZIP-less XML file, with a teacher; and one from
# another school (BRIN) is held.
EDEX = """<?xml version="1.0" encoding="UTF-8"?>
<EDEX xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="EDEXML.structuur.xsd">
  <school>
    <schooljaar>2026-2027</schooljaar><brincode>{brin}</brincode>
    <dependancecode>00</dependancecode><auteur>Voorbeeld-LAS 1.0</auteur>
  </school>
  <groepen>
    <groep key="49"><naam>Groep 4a</naam><jaargroep>4</jaargroep></groep>
    <groep key="50"><naam>Groep 7/8</naam><jaargroep>C</jaargroep></groep>
  </groepen>
  <leerlingen>
    <leerling key="3580">
      <achternaam>Voorbeeld</achternaam><voorvoegsel>v. d.</voorvoegsel><roepnaam>Saar</roepnaam>
      <geboortedatum>2018-08-07</geboortedatum><geslacht>2</geslacht><jaargroep>4</jaargroep><groep key="49"/>
      <etniciteit>9</etniciteit><bsn>?</bsn><gewicht>?</gewicht><postcodenl>1234AB</postcodenl>
    </leerling>
    <leerling key="3581">
      <achternaam>Proef</achternaam><voornamen>Timo Johannes</voornamen><roepnaam>Timo</roepnaam>
      <geboortedatum>2015-02-14</geboortedatum><geslacht>1</geslacht><jaargroep>7</jaargroep><groep key="50"/>
    </leerling>
    <leerling key="3582">
      <achternaam>Steekproef</achternaam><voorvoegsel>de</voorvoegsel><roepnaam>Noor</roepnaam>
      <geboortedatum>2014-11-30</geboortedatum><geslacht>2</geslacht><jaargroep>8</jaargroep><groep key="50"/>
    </leerling>
  </leerlingen>
  <leerkrachten>
    <leerkracht key="75">
      <achternaam>Meester</achternaam><roepnaam>Karel</roepnaam><emailadres>k.meester@school.example.org</emailadres>
      <groepen><groep key="49"/></groepen>
    </leerkracht>
  </leerkrachten>
</EDEX>
"""
write("edex", "EDEX.XML", EDEX.replace("{brin}", "99KV"))
write("edex", "EDEX-andere-school.XML", EDEX.replace("{brin}", "99ZZ"))
scenario("edex", [
    {"import": "EDEX-andere-school.XML", "school": "kievit",
     "expect": {"status": "held", "holds": ["other_school"]}},
    {"import": "EDEX.XML", "school": "kievit",
     "expect": {"status": "applied", "profile": "edex",
                "counts": {"new": 3, "teachers_new": 1},
                "problems": ["dropped_field"]},
     "students": {"kievit": [
         line("3580", "Voorbeeld", "v. d.", "4", "Groep 4a"),
         line("3581", "Proef", "", "7", "Groep 7/8"),
         line("3582", "Steekproef", "de", "8", "Groep 7/8")]}},
    {"import": "EDEX.XML", "school": "kievit",
     "expect": {"status": "applied", "imported_before": True,
                "counts": {"unchanged": 3, "teachers_new": 0,
                           "teachers_changed": 0}}},
    {"undo": 3, "same_as_before": 3},
    {"undo": 2, "same_as_before": 2, "students": {"kievit": []}},
])
