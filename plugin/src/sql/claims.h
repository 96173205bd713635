// Claims(): does a statement belong to the backup module? (claim-or-decline)
#pragma once

#include <string_view>

namespace feb::sql {

// True when the statement's leading keywords (case-insensitive, after whitespace and
// `--`, `#`, `/* */` comments) are one of:
//   BACKUP | RESTORE | CANCEL {BACKUP | RESTORE}
//   SHOW {BACKUP | RESTORE | SNAPSHOT | REPOSITORIES}
//   CREATE [READ ONLY] REPOSITORY | DROP {REPOSITORY | SNAPSHOT}
// Cheap (looks at no more than the first few words, allocates nothing) and never fails. A
// claimed statement may still be a syntax error: the module then reports it.
bool Claims(std::string_view sql);

}  // namespace feb::sql
