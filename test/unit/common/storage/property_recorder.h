// PropertyRecorder: registers, under one scheme of a StorageRegistry, a factory that returns a
// given storage and records the properties of every Open, so that tests can check which
// repository properties reached the storage. Thread-safe (the factory may run on any thread).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/storage/storage_registry.h"

namespace feb::storage::testing {

class PropertyRecorder {
 public:
  PropertyRecorder(StorageRegistry& registry, const std::string& scheme, std::shared_ptr<Storage> storage)
      : state_(std::make_shared<State>()) {
    registry.Register(scheme, [state = state_, storage](const std::string&, const StorageProperties& properties)
                                  -> Result<std::shared_ptr<Storage>> {
      std::lock_guard<std::mutex> lock(state->mu);
      state->opened.push_back(properties);
      return storage;
    });
  }

  // The properties of every Open so far, in order.
  std::vector<StorageProperties> opened() const {
    std::lock_guard<std::mutex> lock(state_->mu);
    return state_->opened;
  }

 private:
  struct State {
    std::mutex mu;
    std::vector<StorageProperties> opened;
  };
  std::shared_ptr<State> state_;
};

}  // namespace feb::storage::testing
