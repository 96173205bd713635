#include "plugin/src/sql/statement.h"

namespace feb::sql {

std::string_view StatementKindName(StatementKind kind) {
  switch (kind) {
    case StatementKind::kBackup: return "BACKUP";
    case StatementKind::kRestore: return "RESTORE";
    case StatementKind::kCancelBackup: return "CANCEL BACKUP";
    case StatementKind::kCancelRestore: return "CANCEL RESTORE";
    case StatementKind::kShowBackup: return "SHOW BACKUP";
    case StatementKind::kShowRestore: return "SHOW RESTORE";
    case StatementKind::kShowSnapshot: return "SHOW SNAPSHOT";
    case StatementKind::kCreateRepository: return "CREATE REPOSITORY";
    case StatementKind::kDropRepository: return "DROP REPOSITORY";
    case StatementKind::kShowRepositories: return "SHOW REPOSITORIES";
    case StatementKind::kDropSnapshot: return "DROP SNAPSHOT";
  }
  return "UNKNOWN";
}

}  // namespace feb::sql
