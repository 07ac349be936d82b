#include "cli/command.h"

namespace schoolbieb::cli {

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"migrate", "Bring the database schema up to date", SetUpMigrate},
      {"demo", "Fill an empty database with the demo library", SetUpDemo},
      {"serve", "Run the web portal and back office", SetUpServe},
      {"library", "Add and list libraries", SetUpLibrary},
      {"branch", "Add and list branches (schools and public branches)",
       SetUpBranch},
      {"account", "Add and list portal accounts", SetUpAccount},
      {"token", "Create API bearer tokens", SetUpToken},
      {"inspect", "Show what is in a student file (values masked)",
       SetUpInspect},
      {"import", "Preview or apply a school's student file", SetUpImport},
      {"undo", "Undo an applied import", SetUpUndo},
      {"students", "List a school's students", SetUpStudents},
      {"mapping", "Show or set a school's column mapping and settings",
       SetUpMapping},
      {"grant-upload", "Give every teacher the upload right for their school",
       SetUpGrantUpload},
      {"mail", "Send the outbox, show it, retry a failed message", SetUpMail},
      {"privacy", "Purge uploads and anonymise leavers past their retention",
       SetUpPrivacy},
      {"person", "Export everything stored about one person", SetUpPerson},
  };
  return kCommands;
}

}  // namespace schoolbieb::cli
