// Mutex, SharedMutex and their scoped locks, annotated for Clang's thread-safety analysis
// (-Wthread-safety): a member marked GUARDED_BY(mu_) may only be touched while mu_ is held, a
// function marked REQUIRES(mu_) only called with it held, EXCLUDES(mu_) only without it. GCC
// ignores the attributes; the clang build checks them with -Werror.
// Thread-safety: as std::mutex / std::shared_mutex, which these wrap.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>

#if defined(__clang__)
#define FEB_TSA(x) __attribute__((x))
#else
#define FEB_TSA(x)
#endif

#define CAPABILITY(x) FEB_TSA(capability(x))
#define SCOPED_CAPABILITY FEB_TSA(scoped_lockable)
#define GUARDED_BY(x) FEB_TSA(guarded_by(x))
#define PT_GUARDED_BY(x) FEB_TSA(pt_guarded_by(x))
#define ACQUIRED_BEFORE(...) FEB_TSA(acquired_before(__VA_ARGS__))
#define ACQUIRED_AFTER(...) FEB_TSA(acquired_after(__VA_ARGS__))
#define REQUIRES(...) FEB_TSA(requires_capability(__VA_ARGS__))
#define REQUIRES_SHARED(...) FEB_TSA(requires_shared_capability(__VA_ARGS__))
#define ACQUIRE(...) FEB_TSA(acquire_capability(__VA_ARGS__))
#define ACQUIRE_SHARED(...) FEB_TSA(acquire_shared_capability(__VA_ARGS__))
#define RELEASE(...) FEB_TSA(release_capability(__VA_ARGS__))
#define RELEASE_SHARED(...) FEB_TSA(release_shared_capability(__VA_ARGS__))
#define RELEASE_GENERIC(...) FEB_TSA(release_generic_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) FEB_TSA(try_acquire_capability(__VA_ARGS__))
#define EXCLUDES(...) FEB_TSA(locks_excluded(__VA_ARGS__))
#define NO_THREAD_SAFETY_ANALYSIS FEB_TSA(no_thread_safety_analysis)

namespace feb {

class CAPABILITY("mutex") Mutex {
 public:
  void lock() ACQUIRE() { mu_.lock(); }
  void unlock() RELEASE() { mu_.unlock(); }
  bool try_lock() TRY_ACQUIRE(true) { return mu_.try_lock(); }
  std::mutex& native() { return mu_; }

 private:
  std::mutex mu_;
};

class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mu) ACQUIRE(mu) : mu_(mu) { mu_.lock(); }
  ~MutexLock() RELEASE() { mu_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mu_;
};

class CAPABILITY("shared_mutex") SharedMutex {
 public:
  void lock() ACQUIRE() { mu_.lock(); }
  void unlock() RELEASE() { mu_.unlock(); }
  void lock_shared() ACQUIRE_SHARED() { mu_.lock_shared(); }
  void unlock_shared() RELEASE_SHARED() { mu_.unlock_shared(); }

 private:
  std::shared_mutex mu_;
};

class SCOPED_CAPABILITY WriterLock {
 public:
  explicit WriterLock(SharedMutex& mu) ACQUIRE(mu) : mu_(mu) { mu_.lock(); }
  ~WriterLock() RELEASE() { mu_.unlock(); }
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  SharedMutex& mu_;
};

class SCOPED_CAPABILITY ReaderLock {
 public:
  explicit ReaderLock(SharedMutex& mu) ACQUIRE_SHARED(mu) : mu_(mu) { mu_.lock_shared(); }
  ~ReaderLock() RELEASE() { mu_.unlock_shared(); }
  ReaderLock(const ReaderLock&) = delete;
  ReaderLock& operator=(const ReaderLock&) = delete;

 private:
  SharedMutex& mu_;
};

// Waits on a Mutex that the caller holds (through a MutexLock). No predicate form: Clang
// analyses a lambda without the caller's locks, so callers loop over their own condition.
class CondVar {
 public:
  // Releases `mu` while waiting, at most `d`; may wake spuriously.
  void WaitFor(Mutex& mu, std::chrono::milliseconds d) REQUIRES(mu) {
    std::unique_lock<std::mutex> l(mu.native(), std::adopt_lock);
    cv_.wait_for(l, d);
    l.release();
  }
  void Wait(Mutex& mu) REQUIRES(mu) {
    std::unique_lock<std::mutex> l(mu.native(), std::adopt_lock);
    cv_.wait(l);
    l.release();
  }
  void NotifyAll() { cv_.notify_all(); }
  void NotifyOne() { cv_.notify_one(); }

 private:
  std::condition_variable cv_;
};

}  // namespace feb
