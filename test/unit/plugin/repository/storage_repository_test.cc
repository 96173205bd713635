#include "plugin/src/repository/storage_repository.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>

#include "common/storage/local_storage.h"
#include "common/storage/md5.h"
#include "fe_backup/host.h"
#include "plugin/src/repository/repository_manager.h"
#include "test/fakes/fake_host.h"
#include "test/unit/common/storage/faulty_storage.h"
#include "test/unit/common/storage/property_recorder.h"

namespace feb::plugin {
namespace {

namespace fs = std::filesystem;

class StorageRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("feb_repo_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    location_ = "file://" + dir_.string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  RepositoryDefinition Def(const std::string& name = "example_repo") {
    RepositoryDefinition d;
    d.id = 5;
    d.name = name;
    d.location = location_;
    d.create_time_ms = 1700000000000;
    return d;
  }

  static std::string ReadFile(const fs::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  fs::path dir_;
  std::string location_;
  std::shared_ptr<storage::StorageRegistry> registry_ = storage::MakeDefaultStorageRegistry();
};

TEST_F(StorageRepositoryTest, InitCreatesTheStarRocksRootWithRepoInfo) {
  auto repo = StorageRepository::Open(Def(), *registry_, /*init=*/true);
  ASSERT_TRUE(repo.ok()) << repo.status();
  fs::path info = dir_ / "__starrocks_repository_example_repo" / "__repo_info";
  ASSERT_TRUE(fs::exists(info));
  EXPECT_NE(ReadFile(info).find("\"name\":\"example_repo\""), std::string::npos);
  EXPECT_TRUE((*repo)->Ping().ok());
}

TEST_F(StorageRepositoryTest, ReusesAnExistingPaloRoot) {
  fs::create_directories(dir_ / "__palo_repository_old");
  std::ofstream(dir_ / "__palo_repository_old" / "__repo_info") << "{\"name\":\"old\"}";
  auto repo = StorageRepository::Open(Def("old"), *registry_, true);
  ASSERT_TRUE(repo.ok());
  EXPECT_EQ((*repo)->layout().root(), location_ + "/__palo_repository_old");
  EXPECT_FALSE(fs::exists(dir_ / "__starrocks_repository_old"));
}

TEST_F(StorageRepositoryTest, PublishWritesChecksumNamesAndListsSnapshots) {
  auto repo = *StorageRepository::Open(Def(), *registry_, true);
  auto path = repo->Publish(repo->layout().MetaPath("l1"), "meta content");
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(*path, repo->layout().MetaPath("l1") + "." + storage::Md5::Of("meta content"));
  EXPECT_EQ(*repo->Read(*path), "meta content");
  EXPECT_EQ(*repo->ListSnapshots(), std::vector<std::string>{"l1"});
  auto names = repo->ListDir(repo->layout().SnapshotDir("l1"));
  ASSERT_EQ(names->size(), 1u);
  EXPECT_EQ((*names)[0], "__meta." + storage::Md5::Of("meta content"));
  EXPECT_TRUE(repo->ListDir(repo->layout().SnapshotDir("nope"))->empty());
}

// A registry whose "file" scheme is the local storage behind a FaultyStorage.
std::shared_ptr<storage::StorageRegistry> FaultyRegistry(const std::string& location,
                                                         std::shared_ptr<storage::testing::FaultyStorage>* out) {
  auto base = storage::MakeDefaultStorageRegistry()->Open(location);
  EXPECT_TRUE(base.ok());
  auto faulty = std::make_shared<storage::testing::FaultyStorage>(*base);
  *out = faulty;
  auto registry = std::make_shared<storage::StorageRegistry>();
  registry->Register("file", [faulty](const std::string&, const storage::StorageProperties&) -> Result<std::shared_ptr<storage::Storage>> {
    return std::shared_ptr<storage::Storage>(faulty);
  });
  return registry;
}

TEST_F(StorageRepositoryTest, PublishOfAnAlreadyPresentFileStillMakesItsDirectoryDurable) {
  std::shared_ptr<storage::testing::FaultyStorage> faulty;
  auto registry = FaultyRegistry(location_, &faulty);
  auto repo = *StorageRepository::Open(Def(), *registry, true);
  const std::string dir = repo->layout().SnapshotDir("l1");
  // An earlier attempt wrote the file, but whether its directory entry reached the disk is
  // unknown: publishing it again must fsync the directory before answering.
  ASSERT_TRUE(repo->Publish(repo->layout().MetaPath("l1"), "meta content").ok());
  int syncs_before = faulty->Calls("sync_dir", dir);
  auto again = repo->Publish(repo->layout().MetaPath("l1"), "meta content");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(faulty->Calls("open_write", dir), 1);  // not written twice
  EXPECT_EQ(faulty->Calls("sync_dir", dir), syncs_before + 1);
  faulty->FailAt("sync_dir", dir);
  auto failed = repo->Publish(repo->layout().MetaPath("l1"), "meta content");
  EXPECT_FALSE(failed.ok());  // a directory that cannot be made durable is not published
}

TEST_F(StorageRepositoryTest, RemovesOnlyUnpublishedPartFiles) {
  auto repo = *StorageRepository::Open(Def(), *registry_, true);
  fs::path tablet = dir_ / "__starrocks_repository_example_repo/__ss_l1/__ss_content/__db_1/__tbl_2/__part_3/__idx_4/__5";
  fs::create_directories(tablet);
  std::ofstream(tablet / "a.dat.part") << "x";
  std::ofstream(tablet / "b.dat.0123456789abcdef0123456789abcdef") << "y";
  EXPECT_EQ(*repo->RemovePartFiles("l1"), 1);
  EXPECT_FALSE(fs::exists(tablet / "a.dat.part"));
  EXPECT_TRUE(fs::exists(tablet / "b.dat.0123456789abcdef0123456789abcdef"));
}

TEST_F(StorageRepositoryTest, UnsupportedSchemeIsAClearError) {
  RepositoryDefinition d = Def();
  d.location = "hdfs://nn/backups";
  auto repo = StorageRepository::Open(d, *registry_, true);
  ASSERT_FALSE(repo.ok());
  EXPECT_EQ(repo.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(repo.status().message().find("hdfs"), std::string::npos);
}

class RepositoryManagerTest : public StorageRepositoryTest {
 protected:
  feb::testing::FakeHost host_;
  FakeClock clock_{1700000000000};
};

TEST_F(RepositoryManagerTest, CreateShowDropAndReplay) {
  RepositoryManager m(&host_, registry_, &clock_);
  ASSERT_TRUE(m.Create({"example_repo", false, std::nullopt, location_ + "/", {{"secret", "s3cr3t"}}}).ok());
  EXPECT_EQ(m.Create({"example_repo", false, std::nullopt, location_, {}}).message(),
            "repository with same name already exist: example_repo");
  auto shown = m.Show();
  ASSERT_EQ(shown.rows.size(), 1u);
  EXPECT_EQ(shown.columns.size(), 7u);
  EXPECT_EQ(*shown.rows[0][1], "example_repo");
  EXPECT_EQ(*shown.rows[0][3], "false");
  EXPECT_EQ(*shown.rows[0][4], location_);  // trailing '/' stripped
  EXPECT_EQ(*shown.rows[0][6], "NULL");
  for (const auto& cell : shown.rows[0]) EXPECT_EQ(cell->find("s3cr3t"), std::string::npos);

  RepositoryManager replayed(&host_, registry_, &clock_);
  for (const auto& r : host_.journal_records()) ASSERT_TRUE(replayed.Replay(r.op, r.payload).ok());
  ASSERT_NE(replayed.FindByName("example_repo"), nullptr);
  int64_t id = replayed.FindByName("example_repo")->id();
  EXPECT_EQ(replayed.FindById(id)->name(), "example_repo");

  EXPECT_EQ(m.Drop("example_repo", [](int64_t) { return true; }).message(),
            "Backup or restore job is running on this repository. Can not drop it");
  ASSERT_TRUE(m.Drop("example_repo", {}).ok());
  EXPECT_EQ(m.Drop("example_repo", {}).message(), "Repository does not exist");
  EXPECT_TRUE(fs::exists(dir_ / "__starrocks_repository_example_repo" / "__repo_info")) << "drop keeps data";
  RepositoryManager again(&host_, registry_, &clock_);
  for (const auto& r : host_.journal_records()) ASSERT_TRUE(again.Replay(r.op, r.payload).ok());
  EXPECT_EQ(again.FindByName("example_repo"), nullptr);
}

TEST_F(RepositoryManagerTest, BrokersAndUnreachableLocationsAreRefused) {
  RepositoryManager m(&host_, registry_, &clock_);
  Status broker = m.Create({"r1", false, std::string("hdfs_broker"), location_, {}});
  EXPECT_NE(broker.message().find("broker does not exist: hdfs_broker"), std::string::npos);
  Status ro = m.Create({"r2", true, std::nullopt, location_ + "/missing", {}});
  EXPECT_EQ(ro.message().rfind("Failed to create repository: ", 0), 0u) << ro.message();
  EXPECT_EQ(m.Show().rows.size(), 0u);
  EXPECT_TRUE(host_.journal_records().empty());
}

TEST_F(RepositoryManagerTest, PingFillsErrMsgWhenTheRootDisappears) {
  RepositoryManager m(&host_, registry_, &clock_);
  ASSERT_TRUE(m.Create({"example_repo", false, std::nullopt, location_, {}}).ok());
  fs::remove_all(dir_ / "__starrocks_repository_example_repo");
  m.PingDue(/*force=*/true);
  std::string err = *m.Show().rows[0][6];
  EXPECT_NE(err.find("does not exist"), std::string::npos) << err;
}

// How long a call that must not wait for anything may take before the test calls it stuck.
constexpr auto kPrompt = std::chrono::seconds(10);

TEST_F(RepositoryManagerTest, DropCallsInUseWithoutItsLockSoTheCallbackMayFindRepositories) {
  RepositoryManager m(&host_, registry_, &clock_);
  ASSERT_TRUE(m.Create({"example_repo", false, std::nullopt, location_, {}}).ok());
  int64_t id = m.FindByName("example_repo")->id();
  // The callback stands for a job step: it holds a job mutex and resolves its repository,
  // from another thread. If Drop held the manager's lock meanwhile, that would never return.
  std::future<std::shared_ptr<SnapshotRepository>> found;
  bool found_in_time = false;
  bool found_by_name = false;
  auto in_use = [&](int64_t repo_id) {
    found = std::async(std::launch::async, [&m, repo_id] { return m.FindById(repo_id); });
    found_in_time = found.wait_for(kPrompt) == std::future_status::ready;
    found_by_name = found_in_time && m.FindByName("example_repo") != nullptr;
    return false;
  };
  auto dropped = std::async(std::launch::async, [&] { return m.Drop("example_repo", in_use); });
  ASSERT_EQ(dropped.wait_for(kPrompt * 2), std::future_status::ready) << "Drop did not complete";
  EXPECT_TRUE(dropped.get().ok());
  ASSERT_TRUE(found_in_time) << "FindById waited for Drop's in_use callback";
  std::shared_ptr<SnapshotRepository> repo = found.get();
  ASSERT_NE(repo, nullptr) << "a repository being dropped is still found until it is gone";
  EXPECT_EQ(repo->id(), id);
  EXPECT_TRUE(found_by_name);
  EXPECT_EQ(m.FindById(id), nullptr);
}

TEST_F(RepositoryManagerTest, ARefusedDropKeepsTheRepository) {
  RepositoryManager m(&host_, registry_, &clock_);
  ASSERT_TRUE(m.Create({"example_repo", false, std::nullopt, location_, {}}).ok());
  EXPECT_EQ(m.Drop("example_repo", [](int64_t) { return true; }).code(), StatusCode::kIllegalState);
  host_.SetJournalDown(true);
  EXPECT_EQ(m.Drop("example_repo", {}).code(), StatusCode::kUnavailable);
  host_.SetJournalDown(false);
  ASSERT_NE(m.FindByName("example_repo"), nullptr);
  EXPECT_EQ(m.Show().rows.size(), 1u);
  EXPECT_TRUE(m.Drop("example_repo", {}).ok());
  EXPECT_EQ(m.FindByName("example_repo"), nullptr);
}

// A storage whose make_dirs (the first step of initialising a new repository) waits until
// the test lets it go.
struct BlockedInit {
  std::shared_ptr<storage::testing::FaultyStorage> faulty;
  std::shared_ptr<storage::StorageRegistry> registry;
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released{release.get_future().share()};

  explicit BlockedInit(const std::string& location) {
    registry = FaultyRegistry(location, &faulty);
    faulty->OnCall("make_dirs", [this, once = std::make_shared<std::once_flag>()](const std::string&) {
      std::call_once(*once, [this] {
        entered.set_value();
        released.wait();
      });
    });
  }
};

TEST_F(RepositoryManagerTest, CreateDoesNotHoldTheLockDuringStorageIo) {
  RepositoryManager first(&host_, registry_, &clock_);
  ASSERT_TRUE(first.Create({"other_repo", false, std::nullopt, location_, {}}).ok());
  BlockedInit blocked(location_);
  RepositoryManager m(&host_, blocked.registry, &clock_);
  for (const auto& r : host_.journal_records()) ASSERT_TRUE(m.Replay(r.op, r.payload).ok());
  int64_t other_id = m.FindByName("other_repo")->id();

  auto created = std::async(std::launch::async,
                            [&] { return m.Create({"example_repo", false, std::nullopt, location_, {}}); });
  blocked.entered.get_future().wait();  // Create is inside the storage now
  auto found = std::async(std::launch::async, [&] { return m.FindById(other_id); });
  bool prompt = found.wait_for(kPrompt) == std::future_status::ready;
  // A second CREATE of the same name fails at once instead of waiting or succeeding too.
  auto twice = std::async(std::launch::async,
                          [&] { return m.Create({"example_repo", false, std::nullopt, location_, {}}); });
  bool twice_prompt = twice.wait_for(kPrompt) == std::future_status::ready;
  bool hidden = prompt && m.FindByName("example_repo") == nullptr && m.Show().rows.size() == 1;
  blocked.release.set_value();
  EXPECT_TRUE(prompt) << "FindById waited for Create's storage I/O";
  EXPECT_NE(found.get(), nullptr);
  EXPECT_TRUE(twice_prompt) << "a second Create of the name waited for the first";
  EXPECT_EQ(twice.get().code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(hidden) << "a repository being created is not visible yet";
  ASSERT_TRUE(created.get().ok());
  EXPECT_NE(m.FindByName("example_repo"), nullptr);
}

TEST_F(RepositoryManagerTest, AFailedCreateFreesTheName) {
  std::shared_ptr<storage::testing::FaultyStorage> faulty;
  auto registry = FaultyRegistry(location_, &faulty);
  RepositoryManager m(&host_, registry, &clock_);
  faulty->FailAt("make_dirs");
  EXPECT_FALSE(m.Create({"example_repo", false, std::nullopt, location_, {}}).ok());
  host_.SetJournalDown(true);
  EXPECT_EQ(m.Create({"example_repo", false, std::nullopt, location_, {}}).code(), StatusCode::kUnavailable);
  host_.SetJournalDown(false);
  EXPECT_EQ(m.FindByName("example_repo"), nullptr);
  EXPECT_TRUE(m.Create({"example_repo", false, std::nullopt, location_, {}}).ok());
}

TEST_F(RepositoryManagerTest, ACorruptRecordIsAnErrorNamingTheKey) {
  RepositoryManager m(&host_, registry_, &clock_);
  std::string digits = "86400333";
  while (digits.size() < 120) digits += "0123456789";
  auto record = [&](const std::string& id, const std::string& create_time) {
    return "{\"id\":" + id + ",\"name\":\"r\",\"location\":\"" + location_ +
           "\",\"read_only\":false,\"properties\":{},\"create_time\":" + create_time + "}";
  };
  auto replay = [&](const std::string& payload) { return m.Replay(RepositoryManager::kJournalOpCreate, payload); };
  Status huge = replay(record(digits.substr(0, 120), "1"));
  EXPECT_EQ(huge.code(), StatusCode::kCorruption);
  EXPECT_NE(huge.message().find("repository record: key 'id': expected an integer in [0, 9223372036854775807]"),
            std::string::npos)
      << huge.message();
  EXPECT_NE(replay(record("5", "1.5")).message().find("key 'create_time'"), std::string::npos);
  EXPECT_NE(replay(record("-5", "1")).message().find("key 'id'"), std::string::npos);
  EXPECT_NE(m.Replay(RepositoryManager::kJournalOpDrop, "{}").message().find("key 'name': missing"),
            std::string::npos);
  EXPECT_EQ(m.Show().rows.size(), 0u);
  EXPECT_TRUE(replay(record("5", "1")).ok());
  EXPECT_NE(m.FindById(5), nullptr);
}

TEST_F(RepositoryManagerTest, PropertiesReachTheStorageAtCreateReplayAndCheckpoint) {
  storage::testing::PropertyRecorder recorder(*registry_, "file", std::make_shared<storage::LocalStorage>());
  const storage::StorageProperties props{{"aws.s3.access_key", "ak"}, {"aws.s3.secret_key", "s3cr3t-value"}};
  RepositoryManager m(&host_, registry_, &clock_);
  ASSERT_TRUE(m.Create({"example_repo", false, std::nullopt, location_, props}).ok());
  EXPECT_EQ(m.FindByName("example_repo")->properties(), props);
  for (const auto& row : m.Show().rows) {
    for (const auto& cell : row) EXPECT_EQ(cell->find("s3cr3t-value"), std::string::npos) << *cell;
  }

  RepositoryManager replayed(&host_, registry_, &clock_);
  for (const auto& r : host_.journal_records()) ASSERT_TRUE(replayed.Replay(r.op, r.payload).ok());
  EXPECT_EQ(replayed.FindByName("example_repo")->properties(), props);
  RepositoryManager from_checkpoint(&host_, registry_, &clock_);
  for (const auto& record : replayed.CreateRecords()) {
    ASSERT_TRUE(from_checkpoint.Replay(RepositoryManager::kJournalOpCreate, record).ok());
  }
  EXPECT_EQ(from_checkpoint.FindByName("example_repo")->properties(), props);

  std::vector<storage::StorageProperties> opened = recorder.opened();
  ASSERT_EQ(opened.size(), 3u);  // create, replay, checkpoint replay
  for (const auto& p : opened) EXPECT_EQ(p, props);
}

TEST_F(RepositoryManagerTest, CreateChecksTheLocationWithAListingBeforeWriting) {
  // On S3 a listing is the call whose error carries the server's code (a HEAD's has no body).
  std::shared_ptr<storage::testing::FaultyStorage> faulty;
  auto registry = FaultyRegistry(location_, &faulty);
  RepositoryManager m(&host_, registry, &clock_);
  faulty->FailAt("list", "__starrocks_repository_example_repo");
  Status s = m.Create({"example_repo", false, std::nullopt, location_, {}});
  EXPECT_NE(s.message().find("injected list failure"), std::string::npos) << s.message();
  EXPECT_EQ(faulty->Calls("open_write"), 0) << "nothing is written once the location failed";
  EXPECT_EQ(m.Show().rows.size(), 0u);
  // a root that does not exist yet lists as NotFound: that is fine
  ASSERT_TRUE(m.Create({"example_repo", false, std::nullopt, location_, {}}).ok());
  EXPECT_GE(faulty->Calls("list", "__starrocks_repository_example_repo"), 2);
  // READ ONLY checks it too
  faulty->FailAt("list");
  Status ro = m.Create({"ro_repo_x", true, std::nullopt, location_, {}});
  EXPECT_NE(ro.message().find("injected list failure"), std::string::npos) << ro.message();
}

TEST_F(RepositoryManagerTest, ARefusedLocationNamesTheEndpointHidesTheSecretAndRegistersNothing) {
  // What an S3 storage answers for a wrong access key (the server's code and message).
  registry_->Register("s3", [](const std::string& uri, const storage::StorageProperties&)
                                -> Result<std::shared_ptr<storage::Storage>> {
    return Status::IoError(uri + ": 403 InvalidAccessKeyId: The AWS Access Key Id you provided does not "
                                    "exist in our records (signed with s3cr3t-value)");
  });
  RepositoryManager m(&host_, registry_, &clock_);
  const storage::StorageProperties props{{"aws.s3.access_key", "wrong"},
                                         {"aws.s3.secret_key", "s3cr3t-value"},
                                         {"aws.s3.endpoint", "http://127.0.0.1:9"}};
  for (bool read_only : {false, true}) {
    Status s = m.Create({"s3_repo", read_only, std::nullopt, "s3://bucket/prefix", props});
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.message().rfind("Failed to create repository: s3://bucket/prefix: 403 InvalidAccessKeyId", 0), 0u)
        << s.message();
    EXPECT_NE(s.message().find("(endpoint http://127.0.0.1:9)"), std::string::npos) << s.message();
    EXPECT_EQ(s.message().find("s3cr3t-value"), std::string::npos) << s.message();
  }
  EXPECT_EQ(m.Show().rows.size(), 0u);
  EXPECT_EQ(m.FindByName("s3_repo"), nullptr);
  EXPECT_TRUE(host_.journal_records().empty());
}

}  // namespace
}  // namespace feb::plugin
