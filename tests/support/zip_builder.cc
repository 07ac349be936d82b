#include "support/zip_builder.h"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <cstring>
#include <stdexcept>

namespace schoolbieb::testing {
namespace {

void Put16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>(v >> 8));
}
void Put32(std::string& out, uint32_t v) {
  Put16(out, static_cast<uint16_t>(v & 0xFFFF));
  Put16(out, static_cast<uint16_t>(v >> 16));
}

struct Record {
  std::string name;
  uint32_t crc, compressed, uncompressed, offset;
  uint16_t method;
  uint32_t external;
};

void LocalHeader(std::string& out, const Record& r) {
  Put32(out, 0x04034b50);
  Put16(out, 20);
  Put16(out, 0);
  Put16(out, r.method);
  Put16(out, 0);
  Put16(out, 0x21);
  Put32(out, r.crc);
  Put32(out, r.compressed);
  Put32(out, r.uncompressed);
  Put16(out, static_cast<uint16_t>(r.name.size()));
  Put16(out, 0);
  out += r.name;
}

void CentralDirectory(std::string& out, const std::vector<Record>& records) {
  uint32_t cd_start = static_cast<uint32_t>(out.size());
  for (const auto& r : records) {
    Put32(out, 0x02014b50);
    Put16(out, 0x0314);  // made by unix, version 2.0
    Put16(out, 20);
    Put16(out, 0);
    Put16(out, r.method);
    Put16(out, 0);
    Put16(out, 0x21);
    Put32(out, r.crc);
    Put32(out, r.compressed);
    Put32(out, r.uncompressed);
    Put16(out, static_cast<uint16_t>(r.name.size()));
    Put16(out, 0);
    Put16(out, 0);
    Put16(out, 0);
    Put16(out, 0);
    Put32(out, r.external);
    Put32(out, r.offset);
    out += r.name;
  }
  uint32_t cd_size = static_cast<uint32_t>(out.size()) - cd_start;
  Put32(out, 0x06054b50);
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, static_cast<uint16_t>(records.size()));
  Put16(out, static_cast<uint16_t>(records.size()));
  Put32(out, cd_size);
  Put32(out, cd_start);
  Put16(out, 0);
}

}  // namespace

std::string Deflate(const std::string& data) {
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  deflateInit2(&zs, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 16, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string BuildZip(const std::vector<ZipItem>& items) {
  std::string out;
  std::vector<Record> records;
  for (const auto& item : items) {
    Record r;
    r.name = item.name;
    r.crc = static_cast<uint32_t>(crc32(
        0, reinterpret_cast<const Bytef*>(item.data.data()), item.data.size()));
    std::string body = item.deflate ? Deflate(item.data) : item.data;
    r.method = item.deflate ? 8 : 0;
    r.compressed = static_cast<uint32_t>(body.size());
    r.uncompressed = static_cast<uint32_t>(
        item.declared_size >= 0 ? item.declared_size : item.data.size());
    r.offset = static_cast<uint32_t>(out.size());
    r.external = item.symlink ? (0120777u << 16) : (0100644u << 16);
    LocalHeader(out, r);
    out += body;
    records.push_back(r);
  }
  CentralDirectory(out, records);
  return out;
}

std::string BuildOverlappingZip(int entries, size_t kernel_bytes) {
  std::string zeros(kernel_bytes, '\0');
  std::string body = Deflate(zeros);
  std::string out;
  Record kernel;
  kernel.name = "k";
  kernel.crc = static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(zeros.data()), zeros.size()));
  kernel.compressed = static_cast<uint32_t>(body.size());
  kernel.uncompressed = static_cast<uint32_t>(zeros.size());
  kernel.method = 8;
  kernel.offset = 0;
  kernel.external = 0100644u << 16;
  LocalHeader(out, kernel);
  out += body;
  std::vector<Record> records;
  for (int i = 0; i < entries; ++i) {
    Record r = kernel;
    r.name = "k";  // same local header for all; names differ in the directory
    r.name = "file" + std::to_string(i) + ".csv";
    records.push_back(r);
  }
  CentralDirectory(out, records);
  return out;
}

std::string BuildEncryptedZip(const std::vector<ZipItem>& items,
                              const std::string& password,
                              const std::string& encryption) {
  std::string out(1 << 22, '\0');
  size_t used = 0;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_set_options(a, ("zip:encryption=" + encryption).c_str());
  archive_write_set_passphrase(a, password.c_str());
  archive_write_set_bytes_in_last_block(a, 1);
  if (archive_write_open_memory(a, out.data(), out.size(), &used) !=
      ARCHIVE_OK) {
    throw std::runtime_error(archive_error_string(a));
  }
  for (const auto& item : items) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, item.name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(item.data.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_write_header(a, e);
    archive_write_data(a, item.data.data(), item.data.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  out.resize(used);
  return out;
}

}  // namespace schoolbieb::testing
