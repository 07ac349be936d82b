#include "formats/xml_stream.h"

#include <fmt/format.h>

#include <cstring>

namespace schoolbieb::formats {

XmlStream::XmlStream(std::string part, const Limits& limits)
    : part_(std::move(part)),
      limits_(limits),
      parser_(XML_ParserCreate("UTF-8")) {
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, &XmlStream::OnStart, &XmlStream::OnEnd);
  XML_SetCharacterDataHandler(parser_, &XmlStream::OnText);
  XML_SetStartDoctypeDeclHandler(parser_, &XmlStream::OnDoctype);
  XML_SetEntityDeclHandler(parser_, &XmlStream::OnEntity);
  XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
}

XmlStream::~XmlStream() { XML_ParserFree(parser_); }

void XmlStream::Stop(Status status) {
  if (stopped_.ok()) stopped_ = std::move(status);
  XML_StopParser(parser_, XML_FALSE);
}

int XmlStream::line() const {
  return static_cast<int>(XML_GetCurrentLineNumber(parser_));
}

const char* XmlStream::Attr(const char** attrs, std::string_view name) {
  for (size_t i = 0; attrs[i]; i += 2) {
    if (name == attrs[i]) return attrs[i + 1];
  }
  return nullptr;
}

void XmlStream::OnStart(void* self, const XML_Char* name,
                        const XML_Char** attrs) {
  auto* me = static_cast<XmlStream*>(self);
  if (++me->depth_ > me->limits_.max_xml_depth) {
    me->Stop(Status::InvalidArgument(
        fmt::format(
            "Het bestand is ongeldig: {} is te diep genest. Sla het bestand "
            "opnieuw op met een gewoon spreadsheetprogramma.",
            me->part_),
        fmt::format(
            "The file is invalid: {} is nested too deeply. Save the file again "
            "with an ordinary spreadsheet program.",
            me->part_)));
    return;
  }
  me->StartElement(name, attrs);
}

void XmlStream::OnEnd(void* self, const XML_Char* name) {
  auto* me = static_cast<XmlStream*>(self);
  --me->depth_;
  me->EndElement(name);
}

void XmlStream::OnText(void* self, const XML_Char* text, int length) {
  static_cast<XmlStream*>(self)->Characters(std::string_view(text, length));
}

void XmlStream::OnDoctype(void* self, const XML_Char*, const XML_Char*,
                          const XML_Char*, int) {
  auto* me = static_cast<XmlStream*>(self);
  me->Stop(Status::InvalidArgument(
      fmt::format(
          "Het bestand bevat een DOCTYPE-declaratie in {}; zo'n bestand wordt "
          "om "
          "veiligheidsredenen niet gelezen. Sla het bestand opnieuw op met een "
          "gewoon spreadsheetprogramma.",
          me->part_),
      fmt::format(
          "The file has a DOCTYPE declaration in {}; such a file is not read "
          "for "
          "safety reasons. Save the file again with an ordinary spreadsheet "
          "program.",
          me->part_)));
}

void XmlStream::OnEntity(void* self, const XML_Char*, int, const XML_Char*, int,
                         const XML_Char*, const XML_Char*, const XML_Char*,
                         const XML_Char*) {
  // Never reached after OnDoctype stops the parser; kept as a second lock.
  static_cast<XmlStream*>(self)->Stop(Status::InvalidArgument(
      "Het bestand declareert entiteiten; het wordt niet gelezen.",
      "The file declares entities; it is not read."));
}

Status XmlStream::Result(enum XML_Status status) {
  if (!stopped_.ok()) return stopped_;
  if (status == XML_STATUS_ERROR) {
    int at = static_cast<int>(XML_GetErrorLineNumber(parser_));
    const char* why = XML_ErrorString(XML_GetErrorCode(parser_));
    return Status::InvalidArgument(
        fmt::format("Het bestand is beschadigd: {} is geen geldige XML (regel "
                    "{}). Sla het "
                    "bestand opnieuw op of exporteer het opnieuw.",
                    part_, at),
        fmt::format(
            "The file is damaged: {} is not valid XML (line {}: {}). Save or "
            "export the file again.",
            part_, at, why ? why : "error"));
  }
  return Status::Ok();
}

Status XmlStream::Feed(std::string_view chunk) {
  if (!stopped_.ok()) return stopped_;
  return Result(XML_Parse(parser_, chunk.data(), static_cast<int>(chunk.size()),
                          XML_FALSE));
}

Status XmlStream::Finish() {
  if (!stopped_.ok()) return stopped_;
  return Result(XML_Parse(parser_, "", 0, XML_TRUE));
}

}  // namespace schoolbieb::formats
