#include "backend/agent/agent_task.h"

namespace feb::be {

const char* TaskTypeName(TaskType type) {
  switch (type) {
    case TaskType::kCreate: return "CREATE";
    case TaskType::kDrop: return "DROP";
    case TaskType::kMakeSnapshot: return "MAKE_SNAPSHOT";
    case TaskType::kReleaseSnapshot: return "RELEASE_SNAPSHOT";
    case TaskType::kUpload: return "UPLOAD";
    case TaskType::kDownload: return "DOWNLOAD";
    case TaskType::kMove: return "MOVE";
  }
  return "UNKNOWN";
}

}  // namespace feb::be
