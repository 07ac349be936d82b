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

# 5. Required columns missing: without the student number held, nothing
# written, and no override; without only the group held until staff
# confirm (the students are then imported without a group).
write("missing-columns", "zonder-nummer.csv", csv(
    "ROEPNAAM;NAAM;GEBOORTEDATUM;GROEP", [
        ["Lotte", "Dekker", "01-05-2016", "5A"],
        ["Jesse", "Brouwer", "02-06-2016", "5A"],
    ]))
write("missing-columns", "zonder-groep.csv", csv(
    "LEERLINGNUMMER;ROEPNAAM;NAAM;GEBOORTEDATUM", [
        ["5001", "Lotte", "Dekker", "01-05-2016"],
        ["5002", "Jesse", "Brouwer", "02-06-2016"],
    ]))
scenario("missing-columns", [
    {"import": "zonder-nummer.csv", "school": "kievit",
     "expect": {"status": "held", "holds": ["missing_columns"]},
     "students": {"kievit": []}},
    {"import": "zonder-nummer.csv", "school": "kievit",
     "allow_mass_leave": True,
     "expect": {"status": "held", "holds": ["missing_columns"]},
     "students": {"kievit": []}},
    {"import": "zonder-groep.csv", "school": "kievit",
     "expect": {"status": "held", "holds": ["no_groups"]},
     "students": {"kievit": []}},
    {"import": "zonder-groep.csv", "school": "kievit",
     "allow_mass_leave": True,
     "expect": {"status": "applied", "counts": {"new": 2}},
     "students": {"kievit": [line("5001", "Dekker", "", "", ""),
                             line("5002", "Brouwer", "", "", "")]}},
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
      <etniciteit>9</etniciteit><bsn>123456782</bsn><gewicht>?</gewicht><postcodenl>1234AB</postcodenl>
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


# ---------------------------------------------------------------------------
# Real exports (issue 17). EDEXML is written in the element order of the
# EDEXML 2.1 XSDs (LeerlingType, GroepType, SchoolType); edexml.xsd beside
# this script checks that order, the jaargroep enumeration and the keys
# (tests/import/CMakeLists: import.edexml_valid runs xmllint on every .xml
# and .XML here that starts with <EDEX).

def edexml(brin, schooljaar, created, groups, pupils, teachers=()):
    """groups: (key, name, jaargroep) or (key, name, None) for a
    samengestelde groep; pupils: dicts with the LeerlingType's elements."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<EDEX xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:noNamespaceSchemaLocation="EDEXML.structuur.xsd">',
           '  <school>',
           f'    <schooljaar>{schooljaar}</schooljaar>',
           f'    <brincode>{brin}</brincode>',
           '    <dependancecode>00</dependancecode>',
           f'    <aanmaakdatum>{created}T08:00:00</aanmaakdatum>',
           '    <auteur>Voorbeeld-LAS</auteur>',
           '    <xsdversie>2.1</xsdversie>',
           '  </school>',
           '  <groepen>']
    for key, name, year in groups:
        if year is None:
            out.append(f'    <samengestelde_groep key="{key}"><naam>{name}'
                       '</naam></samengestelde_groep>')
        else:
            out.append(f'    <groep key="{key}"><naam>{name}</naam>'
                       f'<jaargroep>{year}</jaargroep></groep>')
    out.append('  </groepen>')
    out.append('  <leerlingen>')
    order = ["achternaam", "voorvoegsel", "voornamen", "voorletters-1",
             "roepnaam", "geboortedatum", "geslacht", "jaargroep"]
    for p in pupils:
        parts = [f'    <leerling key="{p["key"]}">']
        for element in order:
            if p.get(element):
                parts.append(f'<{element}>{p[element]}</{element}>')
        if p.get("groep"):
            parts.append(f'<groep key="{p["groep"]}"/>')
        if p.get("samengesteld"):
            parts.append('<samengestelde_groepen><samengestelde_groep key="'
                         f'{p["samengesteld"]}"/></samengestelde_groepen>')
        # What EDEX carries by standard and the library never keeps.
        parts.append('<etniciteit>9</etniciteit><bsn>123456782</bsn>'
                     '<gewicht_nieuw>0</gewicht_nieuw>')
        for element in ["postcodenl", "instroomdatum", "uitstroomdatum"]:
            if p.get(element):
                parts.append(f'<{element}>{p[element]}</{element}>')
        parts.append('</leerling>')
        out.append("".join(parts))
    out.append('  </leerlingen>')
    if teachers:
        out.append('  <leerkrachten>')
        for t in teachers:
            out.append(f'    <leerkracht key="{t["key"]}"><achternaam>'
                       f'{t["achternaam"]}</achternaam><roepnaam>'
                       f'{t["roepnaam"]}</roepnaam><emailadres>'
                       f'{t["emailadres"]}</emailadres><groepen><groep key="'
                       f'{t["groep"]}"/></groepen></leerkracht>')
        out.append('  </leerkrachten>')
    out.append('</EDEX>')
    return "\n".join(out) + "\n"


def pupil(key, last, prefix, call, birth, sex, year, group, **extra):
    p = {"key": key, "achternaam": last, "voorvoegsel": prefix,
         "roepnaam": call, "geboortedatum": birth, "geslacht": sex,
         "jaargroep": year, "groep": group}
    p.update(extra)
    return p


# 10. A year-2 EDEXML that still lists 7 pupils who left (jaargroep H with
# an uitstroomdatum, and group-8 pupils whose uitstroomdatum has passed, as
# ParnasSys writes them): exactly those 7 leave, on their date; a reading
# club is never a class; a pupil without a basisgroep is imported without a
# group; one who starts in October is shown as such.
GROUPS_2025 = [("g12", "Groep 1/2", "C"), ("g3", "Groep 3", "3"),
               ("g5", "Groep 5", "5"), ("g7", "Groep 7/8", "C"),
               ("g8", "Groep 8", "8"), ("lc", "Leesclub", None)]
EDEX_2025 = [
    pupil("4101", "Aarts", "", "Lotte", "2020-03-01", "2", "1", "g12"),
    pupil("4102", "Bakker", "", "Milan", "2019-05-02", "1", "2", "g12"),
    pupil("4103", "Claassen", "van", "Sara", "2018-04-03", "2", "3", "g3"),
    pupil("4104", "Dekker", "", "Jens", "2018-06-04", "1", "3", "g3",
          samengesteld="lc"),
    pupil("4105", "Evers", "", "Fenna", "2016-02-05", "2", "5", "g5"),
    pupil("4106", "Franken", "", "Owen", "2016-08-06", "1", "5", "g5"),
    pupil("4107", "Goossens", "de", "Lina", "2014-09-07", "2", "7", "g7"),
    pupil("4108", "Hoekstra", "", "Thijs", "2013-10-08", "1", "8", "g7"),
    pupil("4109", "Jacobs", "", "Roos", "2013-01-09", "2", "8", "g8"),
    pupil("4110", "Kuipers", "", "Stijn", "2013-02-10", "1", "8", "g8"),
    pupil("4111", "Lammers", "", "Yara", "2013-03-11", "2", "8", "g8"),
    pupil("4112", "Mertens", "", "Luuk", "2013-04-12", "1", "8", "g8"),
    pupil("4113", "Nijhof", "", "Evi", "2013-05-13", "2", "8", "g8"),
    pupil("4114", "Oosting", "", "Bram", "2013-06-14", "1", "8", "g8"),
    pupil("4115", "Peeters", "", "Noa", "2014-07-15", "2", "7", "g7"),
]
GROUPS_2026 = [("g12", "Groep 1/2", "C"), ("g4", "Groep 4", "4"),
               ("g6", "Groep 6", "6"), ("g8", "Groep 8", "8"),
               ("lc", "Leesclub", None)]
EDEX_2026 = [
    pupil("4101", "Aarts", "", "Lotte", "2020-03-01", "2", "2", "g12"),
    pupil("4103", "Claassen", "van", "Sara", "2018-04-03", "2", "4", "g4"),
    # Only in the reading club this year: no class, imported without one.
    pupil("4104", "Dekker", "", "Jens", "2018-06-04", "1", "4", "",
          samengesteld="lc"),
    pupil("4105", "Evers", "", "Fenna", "2016-02-05", "2", "6", "g6"),
    pupil("4106", "Franken", "", "Owen", "2016-08-06", "1", "6", "g6"),
    pupil("4107", "Goossens", "de", "Lina", "2014-09-07", "2", "8", "g8"),
    pupil("4115", "Peeters", "", "Noa", "2014-07-15", "2", "8", "g8"),
    # Two newcomers; one starts in October.
    pupil("4201", "Quint", "", "Mats", "2022-01-20", "1", "1", "g12"),
    pupil("4202", "Ravelli", "", "Lieke", "2022-02-21", "2", "1", "g12",
          instroomdatum="2026-10-01"),
    # Left, still listed: historisch...
    pupil("4102", "Bakker", "", "Milan", "2019-05-02", "1", "H", "",
          uitstroomdatum="2026-03-31"),
    pupil("4108", "Hoekstra", "", "Thijs", "2013-10-08", "1", "H", "",
          uitstroomdatum="2026-07-10"),
    pupil("4109", "Jacobs", "", "Roos", "2013-01-09", "2", "H", "",
          uitstroomdatum="2026-07-10"),
    pupil("4110", "Kuipers", "", "Stijn", "2013-02-10", "1", "H", ""),
    # ...or still in group 8 with the school year's end as uitschrijfdatum.
    pupil("4111", "Lammers", "", "Yara", "2013-03-11", "2", "8", "g8",
          uitstroomdatum="2026-07-10"),
    pupil("4112", "Mertens", "", "Luuk", "2013-04-12", "1", "8", "g8",
          uitstroomdatum="2026-07-10"),
    pupil("4113", "Nijhof", "", "Evi", "2013-05-13", "2", "8", "g8",
          uitstroomdatum="2026-07-10"),
    # Group 8 pupils leaving next summer: still current.
    pupil("4114", "Oosting", "", "Bram", "2013-06-14", "1", "8", "g8",
          uitstroomdatum="2027-07-09"),
]
TEACHER = [{"key": "L1", "achternaam": "Meester", "roepnaam": "Karel",
            "emailadres": "k.meester@kievit.example.org", "groep": "g8"}]
write("edex-leavers", "EDEX-2025.XML",
      edexml("99KV", "2025-2026", "2025-09-01", GROUPS_2025, EDEX_2025,
             TEACHER))
write("edex-leavers", "EDEX-2026.XML",
      edexml("99KV", "2026-2027", "2026-09-01", GROUPS_2026, EDEX_2026,
             TEACHER))
LEFT = {"4102": "2026-03-31", "4108": "2026-07-10", "4109": "2026-07-10",
        "4110": "2026-09-01", "4111": "2026-07-10", "4112": "2026-07-10",
        "4113": "2026-07-10"}
scenario("edex-leavers", [
    {"import": "EDEX-2025.XML", "school": "kievit", "date": "2025-09-01",
     "expect": {"status": "applied", "profile": "edex",
                "counts": {"new": 15, "rejected_rows": 0}}},
    {"import": "EDEX-2026.XML", "school": "kievit", "date": "2026-09-01",
     "expect": {"status": "applied", "profile": "edex",
                "counts": {"new": 2, "leaving": 7, "leaving_in_file": 7,
                           "former": 0, "rejected_rows": 0,
                           "future_entries": 1, "conflicts": 0},
                "holds": [],
                # Pupils start on line 19 (one per line).
                "kinds": {"19": "changed", "21": "changed", "26": "new",
                          "27": "new", "28": "leaving", "34": "leaving",
                          "35": "unchanged"}},
     "students": {"kievit": [
         line("4101", "Aarts", "", "2", "Groep 1/2"),
         line("4102", "Bakker", "", "2", "Groep 1/2", "left"),
         line("4103", "Claassen", "van", "4", "Groep 4"),
         line("4104", "Dekker", "", "4", "Groep 3"),
         line("4105", "Evers", "", "6", "Groep 6"),
         line("4106", "Franken", "", "6", "Groep 6"),
         line("4107", "Goossens", "de", "8", "Groep 8"),
         line("4108", "Hoekstra", "", "8", "Groep 7/8", "left"),
         line("4109", "Jacobs", "", "8", "Groep 8", "left"),
         line("4110", "Kuipers", "", "8", "Groep 8", "left"),
         line("4111", "Lammers", "", "8", "Groep 8", "left"),
         line("4112", "Mertens", "", "8", "Groep 8", "left"),
         line("4113", "Nijhof", "", "8", "Groep 8", "left"),
         line("4114", "Oosting", "", "8", "Groep 8"),
         line("4115", "Peeters", "", "8", "Groep 8"),
         line("4201", "Quint", "", "1", "Groep 1/2"),
         line("4202", "Ravelli", "", "1", "Groep 1/2")]},
     "fields": {"kievit": dict(
         {number: {"ended_on": date} for number, date in LEFT.items()},
         **{"4104": {"group_key": "g3"}, "4102": {"sex": "M"},
            "4109": {"sex": "V"}})}},
    {"undo": 2, "same_as_before": 2},
])

# 11. The same year-2 file as the first import of a school: the 7 who left
# are not created.
write("edex-leavers-new-school", "EDEX-2026.XML",
      edexml("99KV", "2026-2027", "2026-09-01", GROUPS_2026, EDEX_2026))
scenario("edex-leavers-new-school", [
    {"import": "EDEX-2026.XML", "school": "kievit", "date": "2026-09-01",
     "expect": {"status": "applied",
                "counts": {"new": 10, "leaving": 0, "former": 7,
                           "rejected_rows": 0},
                "kinds": {"26": "new", "28": "former", "34": "former"}}},
])

# 12. UWLR: the same content as the web service answers it (in a SOAP
# envelope, every element prefixed "le:") and as a bare
# leerlinggegevens_antwoord, imports like the plain EDEX file.
UWLR_NS = "http://www.edustandaard.nl/leerresultaten/2/leerlinggegevens"


def uwlr(edex_text, prefix):
    body = edex_text[edex_text.index("<school>"):edex_text.index("</EDEX>")]
    if prefix:
        import re
        body = re.sub(r"<(/?)([a-z_0-9-]+)", rf"<\1{prefix}:\2", body)
        tag = f"{prefix}:"
        ns = f' xmlns:{prefix}="{UWLR_NS}"'
    else:
        tag, ns = "", f' xmlns="{UWLR_NS}"'
    return (f"<{tag}leerlinggegevens_antwoord{ns}><{tag}leerlinggegevens>"
            f"{body}</{tag}leerlinggegevens></{tag}leerlinggegevens_antwoord>")


PLAIN_2025 = edexml("99KV", "2025-2026", "2025-09-01", GROUPS_2025,
                    EDEX_2025, TEACHER)
write("uwlr-wrappers", "EDEX.XML", PLAIN_2025)
write("uwlr-wrappers", "uwlr-soap.xml",
      '<?xml version="1.0" encoding="UTF-8"?>\n'
      '<SOAP-ENV:Envelope xmlns:SOAP-ENV='
      '"http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Header/>'
      '<SOAP-ENV:Body>' + uwlr(PLAIN_2025, "le") +
      '</SOAP-ENV:Body></SOAP-ENV:Envelope>\n')
write("uwlr-wrappers", "uwlr-antwoord.xml",
      '<?xml version="1.0" encoding="UTF-8"?>\n' + uwlr(PLAIN_2025, "") +
      "\n")
scenario("uwlr-wrappers", [
    {"import": "uwlr-soap.xml", "school": "kievit", "date": "2025-09-01",
     "expect": {"status": "applied", "profile": "edex",
                "counts": {"new": 15, "rejected_rows": 0}}},
    {"import": "uwlr-antwoord.xml", "school": "kievit", "date": "2025-09-02",
     "expect": {"status": "applied", "profile": "edex",
                "counts": {"new": 0, "changed": 0, "unchanged": 15}}},
    {"import": "EDEX.XML", "school": "kievit", "date": "2025-09-03",
     "expect": {"status": "applied", "profile": "edex",
                "counts": {"new": 0, "changed": 0, "unchanged": 15}}},
])


# 13. EDEX2000: the set in a ZIP, then EDEXLL.TXT alone (the only file the
# standard requires): the same students, nothing changes.
def edexll(rows, brin="99KV", schooljaar="2025-2026"):
    out = []
    for last, prefix, first, birth, sex, key, group in rows:
        out.append(f"{last:<40}{prefix:<10}{first:<20}{birth:<8}{sex:1}"
                   f"9{key:<5}{group:<5}{schooljaar:<9}{'':9}{'':4}"
                   f"{'1234AB':<6}{'01082021':<8}{'':8}{'NL':2}{brin:<4}"
                   f"{'00':<5}")
    return "\r\n".join(out) + "\r\n"


def edexgr(rows, brin="99KV", schooljaar="2025-2026"):
    return "\r\n".join(f"{name:<30}{year:1}{key:<5}{schooljaar:<9}"
                       f"{brin:<4}{'00':<5}" for key, name, year in rows) + \
        "\r\n"


EDEXLL = edexll([
    ("Aarts", "", "Lotte", "01032020", "M", "5101", "G1"),
    ("Bakker", "", "Milan", "02052019", "J", "5102", "G1"),
    ("Claassen", "van", "Sara", "03042018", "M", "5103", "G3"),
    ("Dekker", "", "Jens", "04062018", "J", "5104", "G3"),
])
EDEXGR = edexgr([("G1", "Groep 1/2", "2"), ("G3", "Groep 3", "3")])
write("edex2000-lone", "EDEXLL.TXT", EDEXLL, encoding="cp1252")


def zip_files(path, files):
    import zipfile
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files:
            info = zipfile.ZipInfo(name, date_time=(2025, 9, 1, 8, 0, 0))
            archive.writestr(info, text.encode("cp1252"))


os.makedirs("edex2000-lone", exist_ok=True)
zip_files("edex2000-lone/edex2000.zip",
          [("EDEXLL.TXT", EDEXLL), ("EDEXGR.TXT", EDEXGR)])
scenario("edex2000-lone", [
    {"import": "edex2000.zip", "school": "kievit", "date": "2025-09-01",
     "expect": {"status": "applied", "profile": "edex2000",
                "counts": {"new": 4, "rejected_rows": 0}},
     "students": {"kievit": [
         line("5101", "Aarts", "", "2", "Groep 1/2"),
         line("5102", "Bakker", "", "2", "Groep 1/2"),
         line("5103", "Claassen", "van", "3", "Groep 3"),
         line("5104", "Dekker", "", "3", "Groep 3")]},
     # Real EDEX2000 files carry J/M: "M" is a girl there.
     "fields": {"kievit": {"5101": {"sex": "V"}, "5102": {"sex": "M"}}}},
    {"import": "EDEXLL.TXT", "school": "kievit", "date": "2025-09-02",
     "expect": {"status": "applied", "profile": "edex2000",
                "counts": {"new": 0, "changed": 0, "unchanged": 4}},
     "same_as_before": 2},
])

# 14. Only "M" for sex: a boy under M/V, a girl under J/M. The import asks
# and stores nothing; the answer, saved in the school's mapping, decides.
ONLY_M = ("Leerlingnummer;Achternaam;Voorvoegsel;Roepnaam;Geboortedatum;"
          "Geslacht;Groep;Jaargroep")
write("sex-question", "alleen-m.csv", csv(ONLY_M, [
    ["6001", "Jansen", "", "Eva", "01-02-2016", "M", "5A", "5"],
    ["6002", "Smit", "", "Anna", "02-03-2016", "M", "5A", "5"],
    ["6003", "Bos", "", "Fleur", "03-04-2016", "", "5A", "5"],
]))
scenario("sex-question", [
    {"import": "alleen-m.csv", "school": "kievit",
     "expect": {"status": "held", "holds": ["sex_codes"]},
     "students": {"kievit": []}},
    {"import": "alleen-m.csv", "school": "kievit", "allow_mass_leave": True,
     "expect": {"status": "held", "holds": ["sex_codes"]},
     "students": {"kievit": []}},
    {"settings": {"school": "kievit", "mapping": {"sex_code_set": "jm"}}},
    {"import": "alleen-m.csv", "school": "kievit",
     "expect": {"status": "applied", "holds": [], "counts": {"new": 3}},
     "fields": {"kievit": {"6001": {"sex": "V"}, "6002": {"sex": "V"},
                           "6003": {"sex": ""}}}},
])

# 15. Wise's own templates: the Dutch school import with its alternative
# headers, and the English customer-file template (no group column: an
# overridable hold; FIRST_NAMES is what the pupil is called; GENDER M/V).
write("wise-templates", "wise-nl.csv", csv(
    "EXTERN_NR;LENERNUMMER;KLAS_CODE;KLAS_NAAM;LEERJAAR;VOORLETTER;"
    "VOORVOEGSEL;NAAM;GEBOORTEDATUM;GESLACHT;HUISNR;POSTCODE;WOONPLAATS", [
        ["7001", "", "6B", "Groep 6B", "6", "K.", "van", "Dam", "05-05-2016",
         "V", "12", "1234AB", "Demostad"],
        ["7002", "", "6B", "Groep 6B", "6", "P.", "", "Vos", "06-06-2016",
         "M", "14", "1234AB", "Demostad"],
    ]))
write("wise-templates", "wise-en.csv", csv(
    "PATRON_ID;STUDENT_ID;FIRST_NAMES;PREFIX;LAST_NAME;HOUSE_NUMBER;ADDRESS;"
    "ADDRESS_LINE_2;ZIPCODE;CITY;STATE;DATE_OF_BIRTH;GENDER;PHONE;MOBILE;"
    "E_MAIL", [
        ["", "7101", "Iris", "de", "Wit", "3", "Laan", "", "1234 AB",
         "Demostad", "", "2016-07-07", "V", "", "", ""],
        ["", "7102", "Ruben", "", "Mol", "5", "Laan", "", "1234 AB",
         "Demostad", "", "2016-08-08", "M", "", "", ""],
    ]))
scenario("wise-templates", [
    {"import": "wise-nl.csv", "school": "kievit",
     "expect": {"status": "applied", "profile": "wise",
                "counts": {"new": 2, "rejected_rows": 0}},
     "students": {"kievit": [line("7001", "Dam", "van", "6", "Groep 6B"),
                             line("7002", "Vos", "", "6", "Groep 6B")]},
     "fields": {"kievit": {"7001": {"sex": "V", "initials": "K."}}}},
    {"import": "wise-en.csv", "school": "palet",
     "expect": {"status": "held", "profile": "wise-en",
                "holds": ["no_groups"]},
     "students": {"palet": []}},
    {"import": "wise-en.csv", "school": "palet", "allow_mass_leave": True,
     "expect": {"status": "applied", "profile": "wise-en",
                "counts": {"new": 2, "rejected_rows": 0}},
     "students": {"palet": [line("7101", "Wit", "de", "", ""),
                            line("7102", "Mol", "", "", "")]},
     "fields": {"palet": {"7101": {"sex": "V", "call_name": "Iris",
                                   "first_names": "Iris"},
                          "7102": {"sex": "M"}}}},
])

# 16. Magister's own field names (its API and ADFuncties exports), with a
# leaving date column: who left by the import's date leaves.
write("magister-fields", "magister.csv", csv(
    "stamnr_str;Roepnaam;Tussenv;Achternaam;Voorletters;geb_datum_str;"
    "Geslacht;Klas;Leerfase.Leerjaar;Studie;Email;datum_uit_str", [
        ["8001", "Daan", "", "Wouters", "D.", "01-01-2011", "M", "2A", "2",
         "2 havo", "", ""],
        ["8002", "Sanne", "van der", "Linden", "S.", "02-02-2011", "V", "2A",
         "2", "2 havo", "", ""],
        ["8003", "Tim", "", "Vermeulen", "T.", "03-03-2011", "M", "2B", "2",
         "2 vwo", "", "31-07-2026"],
    ]))
scenario("magister-fields", [
    {"import": "magister.csv", "school": "kievit", "date": "2026-06-01",
     "expect": {"status": "applied", "profile": "magister",
                "counts": {"new": 3}},
     "students": {"kievit": [line("8001", "Wouters", "", "2", "2A"),
                             line("8002", "Linden", "van der", "2", "2A"),
                             line("8003", "Vermeulen", "", "2", "2B")]}},
    {"import": "magister.csv", "school": "kievit", "date": "2026-09-01",
     "expect": {"status": "applied", "profile": "magister",
                "counts": {"leaving": 1, "leaving_in_file": 1,
                           "unchanged": 2}},
     "fields": {"kievit": {"8003": {"ended_on": "2026-07-31"}}}},
])

# 17. The school's number rule applies to both sides: stored "0000845"
# (imported under "keep") is the file's "845" once the school strips zeros.
write("number-rule-both-sides", "met-nullen.csv", csv(WISE, [
    ["0000845", "5A", "Groep 5A", "5", "Anna", "", "Hendriks", "01-01-2016",
     "V", "", "", "", ""]]))
write("number-rule-both-sides", "zonder-nullen.csv", csv(WISE, [
    ["845", "6A", "Groep 6A", "6", "Anna", "", "Hendriks", "01-01-2016",
     "V", "", "", "", ""]]))
scenario("number-rule-both-sides", [
    {"import": "met-nullen.csv", "school": "kievit",
     "expect": {"status": "applied", "counts": {"new": 1}}},
    {"settings": {"school": "kievit", "number": "strip-zeros"}},
    {"import": "zonder-nullen.csv", "school": "kievit",
     "expect": {"status": "applied",
                "counts": {"new": 0, "changed": 1, "conflicts": 0,
                           "leaving": 0}},
     "students": {"kievit": [line("845", "Hendriks", "", "6", "Groep 6A")]}},
])

# 18. Names as the school wrote them; combination-group codes as keys.
write("names-and-groups", "leerlingen.csv", csv(WISE, [
    ["9001", "1/2a", "Groep 1/2a", "1", "Sara", "El", "Amrani",
     "01-01-2021", "V", "", "", "", ""],
    ["9002", "1/2a", "Groep 1/2a", "2", "Jan", "Van", "Dijk", "02-02-2020",
     "M", "", "", "", ""],
    ["9003", "7/8", "Groep 7/8", "7", "Bo", "", "de Jong", "03-03-2015",
     "M", "", "", "", ""],
]))
scenario("names-and-groups", [
    {"import": "leerlingen.csv", "school": "kievit",
     "expect": {"status": "applied", "counts": {"new": 3, "rejected_rows": 0},
                "problem_count": 0},
     "students": {"kievit": [line("9001", "Amrani", "El", "1", "Groep 1/2a"),
                             line("9002", "Dijk", "Van", "2", "Groep 1/2a"),
                             line("9003", "de Jong", "", "7", "Groep 7/8")]},
     "fields": {"kievit": {"9001": {"group_key": "1-2a"},
                           "9003": {"group_key": "7-8"}}}},
])
