// Fuzzes the frontend's FrontendService handler behind the generated processor: any bytes a
// backend could send on rpc_port must give an answer or a clean Thrift exception.
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "frontend/rpc/frontend_service_handler.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using apache::thrift::protocol::TBinaryProtocol;
  using apache::thrift::transport::TMemoryBuffer;
  static feb::frontend::AgentTaskTracker tracker;
  static feb::frontend::BackendRegistry registry(nullptr);
  static auto handler = std::make_shared<feb::frontend::FrontendServiceHandler>(
      &tracker, &registry, std::vector<fe_backup::Plugin*>{});
  feb::wire::FrontendServiceProcessor processor(handler);
  auto in = std::make_shared<TMemoryBuffer>(const_cast<uint8_t*>(data), static_cast<uint32_t>(size));
  auto out = std::make_shared<TMemoryBuffer>();
  auto iprot = std::make_shared<TBinaryProtocol>(in);
  iprot->setStringSizeLimit(1 << 20);
  iprot->setContainerSizeLimit(1 << 14);
  auto oprot = std::make_shared<TBinaryProtocol>(out);
  try {
    processor.process(iprot, oprot, nullptr);
  } catch (const std::exception&) {
  }
  return 0;
}
