// EDEX XML (EDEXML 2.x, root <EDEX>) and the UWLR message with the same
// content (<leerlinggegevens> in the UWLR namespace), read with expat in one
// streaming pass. The UWLR content may arrive as the web service sends it:
// wrapped in <leerlinggegevens_antwoord>, that in turn in a SOAP envelope,
// with any namespace prefix; everything is read relative to the element
// that holds the content (the "root" below).
//
// A pupil's class is its basisgroep (<groep key> directly under
// <leerling>); a <samengestelde_groep> (reading club, cluster, lesgroep) is
// never taken for it. A pupil without a basisgroep keeps an empty group.
//
// Safety first: expat never loads anything by itself and no external entity
// handler is installed, parameter entities are never parsed, and a document
// that declares entities (or has an internal DTD subset at all) is refused
// before any of it is expanded. Depth, rows, text per element and time are
// bounded while reading. Private fields (BSN, etniciteit, …) are skipped as
// soon as their element opens: their text is never even buffered.

#include <expat.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "formats/deadline.h"
#include "formats/edex_common.h"
#include "formats/reader.h"

namespace schoolbieb::formats {
namespace edex {
namespace {

constexpr std::string_view kUwlrNamespace =
    "http://www.edustandaard.nl/leerresultaten/2/leerlinggegevens";
constexpr std::string_view kSoap11Namespace =
    "http://schemas.xmlsoap.org/soap/envelope/";
constexpr std::string_view kSoap12Namespace =
    "http://www.w3.org/2003/05/soap-envelope";
// Expat joins namespace and local name with this. No name can contain a
// newline, so splitting at the last one is right even for an odd URI.
constexpr char kNamespaceSeparator = '\n';
constexpr size_t kChunkBytes = 64 * 1024;
constexpr int kDeadlineEvery = 4096;  // elements between clock checks

struct XmlName {
  std::string_view space;  // empty: no namespace
  std::string_view local;
};

XmlName SplitName(const XML_Char* name) {
  std::string_view full(name);
  size_t separator = full.rfind(kNamespaceSeparator);
  if (separator == std::string_view::npos) return {{}, full};
  return {full.substr(0, separator), full.substr(separator + 1)};
}

// The value of an attribute by local name, or "" when absent.
std::string_view Attribute(const XML_Char** attributes,
                           std::string_view local) {
  for (int attr_idx = 0; attributes[attr_idx]; attr_idx += 2) {
    if (SplitName(attributes[attr_idx]).local == local) {
      return attributes[attr_idx + 1];
    }
  }
  return {};
}

std::string_view TrimSpace(std::string_view text) {
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Element names inside <leerling> that fill a column; alternatives seen in
// older exports map to the same column.
struct FieldName {
  std::string_view element;
  StudentColumn column;
};
constexpr FieldName kStudentFields[] = {
    {"eckid", StudentColumn::kEckid},
    {"achternaam", StudentColumn::kAchternaam},
    {"voorvoegsel", StudentColumn::kVoorvoegsel},
    {"voornamen", StudentColumn::kVoornamen},
    {"voorletters-1", StudentColumn::kVoorletters},
    {"voorletters", StudentColumn::kVoorletters},
    {"roepnaam", StudentColumn::kRoepnaam},
    {"geboortedatum", StudentColumn::kGeboortedatum},
    {"geslacht", StudentColumn::kGeslacht},
    {"jaargroep", StudentColumn::kJaargroep},
    {"emailadres", StudentColumn::kEmailadres},
    {"postcodenl", StudentColumn::kPostcode},
    {"postcode", StudentColumn::kPostcode},
    {"instroomdatum", StudentColumn::kInstroomdatum},
    {"uitstroomdatum", StudentColumn::kUitstroomdatum},
};

struct TeacherFieldName {
  std::string_view element;
  TeacherColumn column;
};
constexpr TeacherFieldName kTeacherFields[] = {
    {"achternaam", TeacherColumn::kAchternaam},
    {"voorvoegsel", TeacherColumn::kVoorvoegsel},
    {"voorletters-1", TeacherColumn::kVoorletters},
    {"voorletters", TeacherColumn::kVoorletters},
    {"roepnaam", TeacherColumn::kRoepnaam},
    {"emailadres", TeacherColumn::kEmailadres},
};

// <school> children that become table properties, in property order.
struct PropertyName {
  std::string_view element;
  std::string_view property;
};
constexpr PropertyName kSchoolProperties[] = {
    {"brincode", "brin"},         {"dependancecode", "dependance"},
    {"schooljaar", "schooljaar"}, {"aanmaakdatum", "aanmaakdatum"},
    {"auteur", "auteur"},         {"peildatum", "peildatum"},
};

bool IsGroupElement(std::string_view local) {
  return local == "groep" || local == "samengestelde_groep";
}

bool IsSoapNamespace(std::string_view space) {
  return space == kSoap11Namespace || space == kSoap12Namespace;
}

Status NoContent() {
  return Status::InvalidArgument(
      "Het XML-bestand bevat geen leerlinggegevens: er staat geen <EDEX> of "
      "<leerlinggegevens> in. Kies het EDEX-bestand uit de export van het "
      "schoolsysteem (meestal EDEX.XML), of het antwoord van de UWLR-dienst "
      "met de leerlinggegevens.",
      "The XML file holds no student data: it has no <EDEX> or "
      "<leerlinggegevens> in it. Choose the EDEX file from the school "
      "system's export (usually EDEX.XML), or the UWLR service's answer with "
      "the student data.");
}

Status SoapFault() {
  return Status::InvalidArgument(
      "Dit is een foutmelding van de UWLR-dienst (een SOAP Fault), geen "
      "leerlingbestand. Vraag de leerlinggegevens opnieuw op bij het "
      "schoolsysteem en upload dat antwoord.",
      "This is an error message from the UWLR service (a SOAP Fault), not a "
      "student file. Ask the school system for the student data again and "
      "upload that answer.");
}

Status NotEdex(std::string_view root) {
  std::string shown = edex::ShortValue(root);
  return Status::InvalidArgument(
      fmt::format("Dit is geen EDEX-bestand: het XML-bestand begint met <{}> "
                  "in plaats van <EDEX>. Kies het EDEX-bestand uit de export "
                  "van het schoolsysteem (meestal EDEX.XML).",
                  shown),
      fmt::format("This is not an EDEX file: the XML file starts with <{}> "
                  "instead of <EDEX>. Choose the EDEX file from the school "
                  "system's export (usually EDEX.XML).",
                  shown));
}

Status DtdRefused() {
  return Status::InvalidArgument(
      "Het bestand bevat eigen XML-definities (een DOCTYPE met entiteiten). "
      "Een EDEX-export uit het schoolsysteem heeft die nooit, en om "
      "veiligheidsredenen wordt zo'n bestand niet gelezen. Exporteer het "
      "bestand opnieuw uit het schoolsysteem en lever het ongewijzigd aan.",
      "The file contains its own XML definitions (a DOCTYPE with entities). "
      "An EDEX export from a school system never has them, and for safety "
      "such a file is not read. Export the file again from the school system "
      "and upload it unchanged.");
}

Status UnknownEncoding(std::string_view encoding) {
  std::string shown = edex::ShortValue(encoding);
  return Status::InvalidArgument(
      fmt::format("Het EDEX-bestand gebruikt de tekenset {}, die niet gelezen "
                  "kan worden. Exporteer het bestand opnieuw uit het "
                  "schoolsysteem (UTF-8 of Windows-1252).",
                  shown),
      fmt::format("The EDEX file uses the character set {}, which cannot be "
                  "read. Export the file again from the school system (UTF-8 "
                  "or Windows-1252).",
                  shown));
}

Status Malformed(XML_Parser parser) {
  auto line = static_cast<unsigned long>(XML_GetErrorLineNumber(parser));
  const char* detail = XML_ErrorString(XML_GetErrorCode(parser));
  return Status::InvalidArgument(
      fmt::format("Het EDEX-bestand is beschadigd of onvolledig: op regel {} "
                  "klopt de XML niet. Exporteer het bestand opnieuw uit het "
                  "schoolsysteem en probeer het nog eens.",
                  line),
      fmt::format("The EDEX file is damaged or incomplete: the XML is not "
                  "valid on line {} ({}). Export the file again from the "
                  "school system and try again.",
                  line, detail ? detail : "error"));
}

// Where the text of the element being captured goes when it closes.
struct Capture {
  std::string* target = nullptr;
  size_t depth = 0;  // the element's depth; only its own text counts
  int row = 0;       // for a problem about the text
  int column = 0;
  std::string_view sheet;
  bool cut = false;
};

class EdexXmlParser {
 public:
  explicit EdexXmlParser(const ReadOptions& options)
      : limits_(options.limits), deadline_(options.limits.max_millis) {}

  Result<Table> Parse(std::string_view bytes);

 private:
  static void XMLCALL OnStart(void* data, const XML_Char* name,
                              const XML_Char** attributes) {
    static_cast<EdexXmlParser*>(data)->Start(name, attributes);
  }
  static void XMLCALL OnEnd(void* data, const XML_Char* /*name*/) {
    static_cast<EdexXmlParser*>(data)->End();
  }
  static void XMLCALL OnText(void* data, const XML_Char* text, int length) {
    static_cast<EdexXmlParser*>(data)->Text(std::string_view(text, length));
  }
  static void XMLCALL OnDoctype(void* data, const XML_Char* /*name*/,
                                const XML_Char* /*sysid*/,
                                const XML_Char* /*pubid*/,
                                int has_internal_subset) {
    if (has_internal_subset) {
      static_cast<EdexXmlParser*>(data)->Fail(DtdRefused());
    }
  }
  static void XMLCALL OnEntityDecl(void* data, const XML_Char*, int,
                                   const XML_Char*, int, const XML_Char*,
                                   const XML_Char*, const XML_Char*,
                                   const XML_Char*) {
    static_cast<EdexXmlParser*>(data)->Fail(DtdRefused());
  }
  // Windows-1252 is the one encoding beyond expat's own that Dutch school
  // systems write; anything else is refused with a message naming it.
  static int XMLCALL OnUnknownEncoding(void* data, const XML_Char* name,
                                       XML_Encoding* info) {
    std::string_view encoding(name);
    if (!EqualsNoCase(encoding, "windows-1252") &&
        !EqualsNoCase(encoding, "cp1252")) {
      // Not Fail(): expat must not be stopped from inside this handler; the
      // error it returns ends the parse and failure_ then explains it.
      auto* self = static_cast<EdexXmlParser*>(data);
      if (self->failure_.ok()) self->failure_ = UnknownEncoding(encoding);
      return XML_STATUS_ERROR;
    }
    for (int byte = 0; byte < 256; ++byte) {
      info->map[byte] = static_cast<int>(
          edex::Cp1252CodePoint(static_cast<unsigned char>(byte)));
    }
    info->data = nullptr;
    info->convert = nullptr;
    info->release = nullptr;
    return XML_STATUS_OK;
  }

  void Start(const XML_Char* name, const XML_Char** attributes);
  void End();
  void Text(std::string_view text);
  // Remembers the first failure and stops expat; the parse then returns it.
  void Fail(Status status);
  void StartStudentChild(std::string_view local, const XML_Char** attributes);
  void StartTeacherChild(std::string_view local, const XML_Char** attributes);
  // Before the content's element: wrappers are entered, a SOAP header is
  // skipped, the content's element becomes the root.
  void StartOutside(const XmlName& name, size_t depth);
  // Depth below the root: 1 for the root itself.
  size_t Level(size_t depth) const { return depth - root_depth_ + 1; }
  void BeginCapture(std::string* target, int row, int column,
                    std::string_view sheet);
  int Line() const {
    return static_cast<int>(XML_GetCurrentLineNumber(parser_));
  }
  bool CountRow();

  const Limits& limits_;
  Deadline deadline_;
  XML_Parser parser_ = nullptr;
  Status failure_;
  bool stopped_ = false;

  // Local names of the open elements; path_[0] is the document element.
  std::vector<std::string> path_;
  // Depth of the element holding the content (<EDEX>, <leerlinggegevens>);
  // 0 while still inside its wrappers, or before it.
  size_t root_depth_ = 0;
  bool root_seen_ = false;
  size_t skip_depth_ = 0;  // >0: inside a private element opened at this depth
  Capture capture_;
  std::string text_;
  int elements_seen_ = 0;
  size_t rows_ = 0;

  EdexContent content_;
  std::string properties_[std::size(kSchoolProperties)];
  Problems problems_;

  // The record being read; moved into content_ when its element closes, so
  // capture targets pointing into it stay valid.
  bool in_student_ = false;
  StudentRecord student_;
  bool in_teacher_ = false;
  TeacherRecord teacher_;
  bool in_group_ = false;
  std::string group_key_;
  GroupRecord group_;
};

void EdexXmlParser::Fail(Status status) {
  if (!failure_.ok()) return;
  failure_ = std::move(status);
  if (!stopped_) {
    stopped_ = true;
    XML_StopParser(parser_, XML_FALSE);
  }
}

bool EdexXmlParser::CountRow() {
  if (++rows_ > limits_.max_rows) {
    Fail(LimitExceeded("rijen", "rows", limits_.max_rows));
    return false;
  }
  return true;
}

void EdexXmlParser::BeginCapture(std::string* target, int row, int column,
                                 std::string_view sheet) {
  capture_ = Capture{target, path_.size(), row, column, sheet, false};
  text_.clear();
}

void EdexXmlParser::StartOutside(const XmlName& name, size_t depth) {
  if (name.local == "EDEX" && name.space.empty() && depth == 1) {
    root_depth_ = depth;
  } else if (name.local == "leerlinggegevens" &&
             (name.space == kUwlrNamespace || depth > 1)) {
    root_depth_ = depth;
  } else if (name.local == "leerlinggegevens_antwoord" ||
             (IsSoapNamespace(name.space) &&
              (name.local == "Envelope" || name.local == "Body"))) {
    return;  // a wrapper: its content follows
  } else if (IsSoapNamespace(name.space) && name.local == "Fault") {
    Fail(SoapFault());
    return;
  } else if (depth == 1) {
    Fail(NotEdex(name.local));
    return;
  } else {
    skip_depth_ = depth;  // a SOAP header, or anything else beside the data
    return;
  }
  if (root_seen_) {
    Fail(Status::InvalidArgument(
        "Het bestand bevat de leerlinggegevens meer dan eens. Lever één "
        "export per school aan.",
        "The file holds the student data more than once. Upload one export "
        "per school."));
  }
  root_seen_ = true;
}

void EdexXmlParser::Start(const XML_Char* name, const XML_Char** attributes) {
  if (!failure_.ok()) return;
  if (path_.size() >= limits_.max_xml_depth) {
    Fail(LimitExceeded("niveaus diep geneste XML-elementen",
                       "levels of nested XML elements", limits_.max_xml_depth));
    return;
  }
  if (++elements_seen_ % kDeadlineEvery == 0 && deadline_.Passed()) {
    Fail(deadline_.Exceeded());
    return;
  }
  XmlName xml_name = SplitName(name);
  path_.emplace_back(xml_name.local);
  const size_t depth = path_.size();

  if (skip_depth_ > 0) return;
  if (root_depth_ == 0) {
    StartOutside(xml_name, depth);
    return;
  }
  if (edex::IsPrivateField(xml_name.local)) {
    edex::NoteDroppedField(xml_name.local, &content_);
    skip_depth_ = depth;
    return;
  }
  if (capture_.target) return;  // markup inside a field: its text is ignored

  const size_t level = Level(depth);
  std::string_view section = path_[root_depth_];
  std::string_view local = xml_name.local;
  if (level == 2) {
    if (section == "groepen") content_.groups_present = true;
    return;
  }
  if (section == "school" && level == 3) {
    for (size_t prop_idx = 0; prop_idx < std::size(kSchoolProperties);
         ++prop_idx) {
      if (local == kSchoolProperties[prop_idx].element) {
        BeginCapture(&properties_[prop_idx], Line(), 0, "");
      }
    }
  } else if (section == "groepen") {
    if (level == 3 && IsGroupElement(local)) {
      in_group_ = true;
      group_key_ = std::string(Attribute(attributes, "key"));
      group_ = GroupRecord();
    } else if (level == 4 && in_group_ && local == "naam") {
      BeginCapture(&group_.name, Line(), 0, "");
    } else if (level == 4 && in_group_ && local == "jaargroep") {
      BeginCapture(&group_.jaargroep, Line(), 0, "");
    }
  } else if (section == "leerlingen") {
    if (level == 3 && local == "leerling") {
      if (!CountRow()) return;
      in_student_ = true;
      student_ = StudentRecord();
      student_.line = Line();
      student_[StudentColumn::kLeerlingnummer] =
          std::string(Attribute(attributes, "key"));
      student_[StudentColumn::kEckid] =
          std::string(Attribute(attributes, "eckid"));
      for (int attr_idx = 0; attributes[attr_idx]; attr_idx += 2) {
        std::string_view attr = SplitName(attributes[attr_idx]).local;
        if (edex::IsPrivateField(attr)) edex::NoteDroppedField(attr, &content_);
      }
    } else if (level >= 4 && in_student_) {
      StartStudentChild(local, attributes);
    }
  } else if (section == "leerkrachten") {
    if (level == 3 && local == "leerkracht") {
      if (!CountRow()) return;
      in_teacher_ = true;
      teacher_ = TeacherRecord();
      teacher_.line = Line();
      teacher_[TeacherColumn::kKey] = std::string(Attribute(attributes, "key"));
    } else if (level >= 4 && in_teacher_) {
      StartTeacherChild(local, attributes);
    }
  }
}

void EdexXmlParser::StartStudentChild(std::string_view local,
                                      const XML_Char** attributes) {
  if (Level(path_.size()) != 4) return;
  // The basisgroep only: <samengestelde_groepen> (one level deeper) lists
  // reading clubs and clusters, which are never the class.
  if (local == "groep") {
    std::string& key = student_[StudentColumn::kGroepKey];
    if (key.empty()) key = std::string(Attribute(attributes, "key"));
    return;
  }
  for (const FieldName& field : kStudentFields) {
    if (local == field.element) {
      BeginCapture(&student_[field.column], student_.line,
                   static_cast<int>(field.column), edex::kStudentSheet);
      return;
    }
  }
}

void EdexXmlParser::StartTeacherChild(std::string_view local,
                                      const XML_Char** attributes) {
  if (IsGroupElement(local)) {
    std::string key(Attribute(attributes, "key"));
    if (!key.empty()) teacher_.group_keys.push_back(std::move(key));
    return;
  }
  if (Level(path_.size()) != 4) return;
  for (const TeacherFieldName& field : kTeacherFields) {
    if (local == field.element) {
      BeginCapture(&teacher_[field.column], teacher_.line,
                   static_cast<int>(field.column), edex::kTeacherSheet);
      return;
    }
  }
}

void EdexXmlParser::Text(std::string_view text) {
  if (!failure_.ok() || !capture_.target || skip_depth_ > 0) return;
  if (path_.size() != capture_.depth || capture_.cut) return;
  // Keep one byte more than allowed so CutUtf8 can tell a cut happened;
  // beyond that nothing is buffered, however long the element is.
  size_t room = limits_.max_cell_bytes + 1 - text_.size();
  if (text.size() > room) {
    text_.append(text.substr(0, room));
    capture_.cut = true;
  } else {
    text_.append(text);
  }
}

void EdexXmlParser::End() {
  if (!failure_.ok() || path_.empty()) return;
  const size_t depth = path_.size();
  std::string local = std::move(path_.back());
  path_.pop_back();

  if (skip_depth_ > 0) {
    if (depth == skip_depth_) skip_depth_ = 0;
    return;
  }
  if (capture_.target && depth == capture_.depth) {
    std::string value(TrimSpace(text_));
    if (edex::CutUtf8(&value, limits_.max_cell_bytes)) {
      Problem problem;
      problem.kind = ProblemKind::kFieldTooLong;
      problem.sheet = std::string(capture_.sheet);
      problem.row = capture_.row;
      problem.column = capture_.column;
      problem.value = edex::ShortValue(value);
      problem.message = {
          fmt::format("Het veld {} op regel {} is langer dan {} tekens en is "
                      "afgekapt. Controleer dit gegeven in het schoolsysteem.",
                      local, capture_.row, limits_.max_cell_bytes),
          fmt::format("The field {} on line {} is longer than {} bytes and was "
                      "cut. Check this value in the school system.",
                      local, capture_.row, limits_.max_cell_bytes)};
      problems_.push_back(std::move(problem));
    }
    *capture_.target = std::move(value);
    capture_ = Capture();
    return;
  }
  if (root_depth_ == 0 || depth < root_depth_) return;
  if (depth == root_depth_) {
    root_depth_ = 0;  // back among the wrappers
    return;
  }
  if (Level(depth) != 3) return;
  if (in_student_ && local == "leerling") {
    in_student_ = false;
    content_.students.push_back(std::move(student_));
  } else if (in_teacher_ && local == "leerkracht") {
    in_teacher_ = false;
    content_.teachers.push_back(std::move(teacher_));
  } else if (in_group_ && IsGroupElement(local)) {
    in_group_ = false;
    content_.groups.insert_or_assign(std::move(group_key_), std::move(group_));
  }
}

Result<Table> EdexXmlParser::Parse(std::string_view bytes) {
  if (bytes.size() > limits_.max_file_bytes) {
    return LimitExceeded("bytes", "bytes", limits_.max_file_bytes);
  }
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)>
      parser(XML_ParserCreateNS(nullptr, kNamespaceSeparator), &XML_ParserFree);
  if (!parser) {
    return Status::Internal("Het XML-bestand kon niet worden gelezen.",
                            "Could not create the XML parser.");
  }
  parser_ = parser.get();
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, &OnStart, &OnEnd);
  XML_SetCharacterDataHandler(parser_, &OnText);
  XML_SetStartDoctypeDeclHandler(parser_, &OnDoctype);
  XML_SetEntityDeclHandler(parser_, &OnEntityDecl);
  XML_SetUnknownEncodingHandler(parser_, &OnUnknownEncoding, this);
  // No external entity ref handler is set on purpose: without one expat
  // fetches nothing. Parameter entities (the external DTD) are never read.
  XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);

  size_t offset = 0;
  do {
    size_t length = std::min(kChunkBytes, bytes.size() - offset);
    bool last = offset + length == bytes.size();
    XML_Status status = XML_Parse(parser_, bytes.data() + offset,
                                  static_cast<int>(length), last);
    if (!failure_.ok()) return failure_;
    if (status != XML_STATUS_OK) return Malformed(parser_);
    offset += length;
    if (deadline_.Passed()) return deadline_.Exceeded();
  } while (offset < bytes.size());

  if (!root_seen_) return NoContent();

  Table table;
  table.format = "edex";
  for (size_t prop_idx = 0; prop_idx < std::size(kSchoolProperties);
       ++prop_idx) {
    if (!properties_[prop_idx].empty()) {
      table.properties.emplace_back(kSchoolProperties[prop_idx].property,
                                    std::move(properties_[prop_idx]));
    }
  }
  table.problems = std::move(problems_);
  if (!content_.groups_present && !content_.students.empty()) {
    Problem problem;
    problem.kind = ProblemKind::kBrokenStructure;
    problem.message = {
        "Het bestand bevat geen groepen; de groepsnamen blijven leeg. "
        "Exporteer het bestand opnieuw uit het schoolsysteem met de groepen "
        "erbij.",
        "The file contains no groups; the group names stay empty. Export the "
        "file again from the school system including the groups."};
    table.problems.push_back(std::move(problem));
  }
  edex::WriteEdexSheets(content_, &table);
  return table;
}

}  // namespace
}  // namespace edex

Result<Table> ReadEdexXml(std::string_view bytes, const ReadOptions& options) {
  edex::EdexXmlParser parser(options);
  return parser.Parse(bytes);
}

}  // namespace schoolbieb::formats
