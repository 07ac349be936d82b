// "Handleidingen": how a teacher makes the student export in each school
// administration system (LAS), step by step, and what the file must hold.
// Written by us from the systems' public descriptions; menu names differ a
// little between versions, so the steps name what to look for. Immutable;
// thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/message.h"

namespace schoolbieb::web {

struct Manual {
  std::string code;  // "parnassys", used in the URL
  std::string name;  // "ParnasSys"
  Message summary;
  std::vector<Message> steps;
  Message note;
};

const std::vector<Manual>& Manuals();

// What every student file must contain, one line each.
const std::vector<Message>& FileContents();

}  // namespace schoolbieb::web
