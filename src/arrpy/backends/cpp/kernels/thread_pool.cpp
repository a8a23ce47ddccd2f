// arrpy C++ backend: the thread pool (see thread_pool.hpp).
#include "thread_pool.hpp"

#include <errno.h>
#include <stdlib.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#if !defined(_WIN32)
#include <pthread.h>
#endif

// Tuning knobs: how often the caller yields while a worker finishes its last chunk before
// sleeping, and how long an idle worker polls for the next job before sleeping.
//
// The poll matters on virtual machines, where waking a sleeping thread takes 50-100 us: measured
// on the 2-vCPU AVX-512 Xeon VM (1 worker), back-to-back calls on 2 threads vs 1 thread, without
// -> with a 100 us poll: sqrt of 1e5 float64 1.01x -> 0.51x the time, of 1e6 0.63x -> 0.53x;
// less of 1e6 float64 0.61x -> 0.53x. A lone call still pays the wake-up. An idle pool costs at
// most one poll per worker per job: far from OpenBLAS's 0.1 s spin, which takes a core away from
// whatever runs next.
#ifndef ARRPY_POOL_CALLER_SPIN
#define ARRPY_POOL_CALLER_SPIN 64
#endif
#ifndef ARRPY_POOL_WORKER_SPIN_US
#define ARRPY_POOL_WORKER_SPIN_US 100
#endif

namespace arrpy {
namespace pool {

namespace detail {
std::atomic<int> g_num_threads{0};

static const int kMaxThreads = 1024;

static int default_num_threads() {
    const char *env = getenv("ARRPY_NUM_THREADS");
    if (env != nullptr && *env != '\0') {
        char *end = nullptr;
        errno = 0;
        const long v = strtol(env, &end, 10);
        while (end != nullptr && (*end == ' ' || *end == '\t' || *end == '\n')) ++end;
        if (errno == 0 && end != nullptr && *end == '\0' && v >= 1) {
            return v > kMaxThreads ? kMaxThreads : static_cast<int>(v);
        }
    }
    const unsigned hc = std::thread::hardware_concurrency();
    if (hc == 0) return 1;
    return hc > static_cast<unsigned>(kMaxThreads) ? kMaxThreads : static_cast<int>(hc);
}

int init_num_threads() {
    int expected = 0;
    const int def = default_num_threads();
    // If set_num_threads() won the race, keep its value.
    g_num_threads.compare_exchange_strong(expected, def, std::memory_order_relaxed);
    return g_num_threads.load(std::memory_order_relaxed);
}
}  // namespace detail

namespace {

// A hint to the core that this is a polling loop (frees resources for a hyperthread sibling).
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

thread_local bool t_in_job = false;  // nested calls (or calls from a worker) run serially
std::atomic<uint64_t> g_parallel_jobs{0};

struct Pool {
    std::mutex run_mutex;  // held by the thread running a job, and by resize / shutdown

    std::mutex m;  // protects workers, stop, shutdown, participants, and orders generation
    std::condition_variable wake_cv;  // workers sleep here between jobs
    std::condition_variable done_cv;  // the caller sleeps here if a worker is still busy
    std::vector<std::thread> workers;
    // Bumped for every job (under m); atomic so that polling workers can watch it without m.
    std::atomic<uint64_t> generation{0};
    bool stop = false;        // workers exit
    bool shutdown = false;    // process is exiting: run everything serially
    int participants = 0;     // workers with index < participants are woken for the job

    // The current job. Written by the caller only while no worker is checked in (see below).
    range_fn fn = nullptr;
    void *ctx = nullptr;
    int64_t n = 0;
    int64_t nchunks = 0;
    // Each participant (0: the caller, i + 1: worker i) owns a contiguous run of chunks and
    // claims them in order; when its run is empty it takes unclaimed chunks from the others'.
    // Owning the same part of the range in every job keeps that part in the same core's L2
    // across calls (sum of 1e6 float64 on 2 threads: ~190 us with first-come chunks, whose
    // halves changed cores from call to call, against ~150 us); taking over keeps a late
    // worker from holding the job up.
    struct alignas(64) Run {
        std::atomic<int64_t> next{0};
        int64_t end = 0;
    };
    std::unique_ptr<Run[]> runs{new Run[detail::kMaxThreads]};
    int nruns = 0;

    // Check-in protocol, so that the caller never waits for a worker that has not woken up yet:
    // a worker may run chunks only after incrementing the active count while the job is open;
    // when the caller has no chunk left to claim it closes the job and waits only for the
    // workers that are checked in (they are running a chunk, so this wait is short). A worker
    // that wakes after the close does nothing.
    static constexpr uint64_t kClosed = uint64_t(1) << 63;
    std::atomic<uint64_t> job_state{kClosed};

    void work(int self) {
        const int64_t base = n / nchunks, rem = n % nchunks;
        for (int k = 0; k < nruns; ++k) {
            Run &r = runs[(self + k) % nruns];  // our own run first
            for (;;) {
                const int64_t c = r.next.fetch_add(1, std::memory_order_relaxed);
                if (c >= r.end) break;
                const int64_t begin = c * base + (c < rem ? c : rem);
                const int64_t end = begin + base + (c < rem ? 1 : 0);
                fn(ctx, begin, end);
            }
        }
    }

    bool check_in() {
        uint64_t s = job_state.load(std::memory_order_acquire);
        do {
            if (s & kClosed) return false;
        } while (!job_state.compare_exchange_weak(s, s + 1, std::memory_order_acquire, std::memory_order_acquire));
        return true;
    }

    void worker_main(int index, uint64_t seen) {
        t_in_job = true;
        bool took_part = false;  // in the last job: only then is the next one likely to need us
        std::unique_lock<std::mutex> lk(m);
        for (;;) {
#if ARRPY_POOL_WORKER_SPIN_US > 0
            if (took_part && !stop && generation == seen) {
                lk.unlock();
                const auto t0 = std::chrono::steady_clock::now();
                while (std::chrono::steady_clock::now() - t0 < std::chrono::microseconds(ARRPY_POOL_WORKER_SPIN_US)) {
                    if (generation.load(std::memory_order_relaxed) != seen) break;
                    cpu_relax();
                }
                lk.lock();
            }
#endif
            wake_cv.wait(lk, [&] { return stop || generation != seen; });
            if (stop) return;
            seen = generation;
            took_part = index < participants;
            if (!took_part) continue;
            lk.unlock();
            if (check_in()) {
                work(index + 1);
                const uint64_t s = job_state.fetch_sub(1, std::memory_order_acq_rel) - 1;
                if (s == kClosed) {  // the caller is waiting for the last active worker: us
                    std::lock_guard<std::mutex> g(m);
                    done_cv.notify_all();
                }
            }
            lk.lock();
        }
    }

    // Runs a job on the calling thread plus up to `helpers` workers. Caller holds run_mutex.
    // noexcept: once workers may use the job, unwinding out of here would be unsafe.
    void run(range_fn f, void *c, int64_t count, int64_t chunks, int helpers) noexcept {
        {
            std::lock_guard<std::mutex> lk(m);
            fn = f;
            ctx = c;
            n = count;
            nchunks = chunks;
            nruns = helpers + 1;
            for (int t = 0; t < nruns; ++t) {
                runs[t].next.store(chunks * t / nruns, std::memory_order_relaxed);
                runs[t].end = chunks * (t + 1) / nruns;
            }
            participants = helpers;
            job_state.store(0, std::memory_order_release);  // open
            ++generation;
        }
        wake_cv.notify_all();
        t_in_job = true;
        work(0);
        t_in_job = false;
        // No chunk left to claim: close the job, then wait for the workers still running one.
        const uint64_t s = job_state.fetch_or(kClosed, std::memory_order_acq_rel);
        if ((s & ~kClosed) == 0) return;
        for (int spin = 0; spin < ARRPY_POOL_CALLER_SPIN; ++spin) {  // a chunk in flight ends soon
            if (job_state.load(std::memory_order_acquire) == kClosed) return;
            std::this_thread::yield();
        }
        std::unique_lock<std::mutex> lk(m);
        done_cv.wait(lk, [&] { return job_state.load(std::memory_order_acquire) == kClosed; });
    }

    // Caller holds run_mutex.
    void stop_workers() {
        {
            std::lock_guard<std::mutex> lk(m);
            stop = true;
        }
        wake_cv.notify_all();
        for (std::thread &t : workers) {
            if (t.joinable()) t.join();
        }
        workers.clear();
        std::lock_guard<std::mutex> lk(m);
        stop = false;
    }

    // Caller holds run_mutex. Starts workers until there are want; keeps whatever could be
    // started if the system refuses threads. Never stops any: after a lower set_num_threads the
    // extra workers sleep (jobs use the first num_threads() - 1), so changing the thread count
    // back and forth costs no thread creation.
    void ensure_workers(int want) {
        if (static_cast<int>(workers.size()) >= want) return;
        uint64_t gen;
        {
            std::lock_guard<std::mutex> lk(m);
            gen = generation;
        }
        try {
            workers.reserve(static_cast<size_t>(want));
            for (int i = static_cast<int>(workers.size()); i < want; ++i) {
                workers.emplace_back(&Pool::worker_main, this, i, gen);
            }
        } catch (...) {
            // fewer workers than asked: fine, the job is split among those that exist
        }
    }
};

// The pool is heap-allocated and never freed: a thread that calls a kernel while the process
// exits can never touch a destroyed mutex. Workers are joined by the Reaper below.
std::atomic<Pool *> g_pool{nullptr};
std::mutex g_pool_mu;  // creation, fork and exit

#if !defined(_WIN32)
void atfork_prepare() { g_pool_mu.lock(); }
void atfork_parent() { g_pool_mu.unlock(); }
void atfork_child() {
    // The workers do not exist in the child; abandon (leak) the old pool, whose mutexes may be
    // in any state, and let the next job create a fresh one.
    g_pool.store(nullptr, std::memory_order_relaxed);
    g_pool_mu.unlock();
}
#endif

Pool *get_pool() {
    Pool *p = g_pool.load(std::memory_order_acquire);
    if (p != nullptr) return p;
    std::lock_guard<std::mutex> lk(g_pool_mu);
    p = g_pool.load(std::memory_order_relaxed);
    if (p != nullptr) return p;
#if !defined(_WIN32)
    static bool atfork_registered = false;
    if (!atfork_registered) {
        if (pthread_atfork(atfork_prepare, atfork_parent, atfork_child) != 0) return nullptr;
        atfork_registered = true;
    }
#endif
    p = new (std::nothrow) Pool();
    g_pool.store(p, std::memory_order_release);
    return p;
}

// Joins the workers at process exit (static destruction), after any running job finished.
struct Reaper {
    ~Reaper() {
        std::lock_guard<std::mutex> lk(g_pool_mu);
        Pool *p = g_pool.load(std::memory_order_acquire);
        if (p == nullptr) return;
        std::lock_guard<std::mutex> run(p->run_mutex);
        p->stop_workers();
        p->shutdown = true;
    }
};
Reaper g_reaper;

}  // namespace

int num_threads() { return num_threads_fast(); }

uint64_t parallel_jobs() { return g_parallel_jobs.load(std::memory_order_relaxed); }

void set_num_threads(int n) {
    if (n < 1) n = 1;
    if (n > detail::kMaxThreads) n = detail::kMaxThreads;
    Pool *p = g_pool.load(std::memory_order_acquire);
    if (p == nullptr) {
        detail::g_num_threads.store(n, std::memory_order_relaxed);
        return;
    }
    std::lock_guard<std::mutex> run(p->run_mutex);  // not in the middle of a job
    detail::g_num_threads.store(n, std::memory_order_relaxed);
}

void run_chunks(int64_t n, int64_t nchunks, range_fn fn, void *ctx) {
    if (n <= 0) return;
    if (nchunks > n) nchunks = n;
    if (nchunks <= 1 || t_in_job) {
        fn(ctx, 0, n);
        return;
    }
    Pool *p = nullptr;
    bool locked = false;
    int64_t helpers = 0;
    try {
        p = get_pool();
        if (p != nullptr && p->run_mutex.try_lock()) {  // busy (another caller): run serially
            locked = true;
            if (!p->shutdown) {
                const int want = num_threads_fast() - 1;
                p->ensure_workers(want);
                helpers = nchunks - 1;
                if (helpers > want) helpers = want;
                if (helpers > static_cast<int64_t>(p->workers.size())) helpers = static_cast<int64_t>(p->workers.size());
            }
        }
    } catch (...) {  // system errors from the threading library: no job started, run serially
        helpers = 0;
    }
    if (!locked) {
        fn(ctx, 0, n);
        return;
    }
    std::lock_guard<std::mutex> run(p->run_mutex, std::adopt_lock);
    if (helpers <= 0) {
        fn(ctx, 0, n);
        return;
    }
    g_parallel_jobs.fetch_add(1, std::memory_order_relaxed);
    p->run(fn, ctx, n, nchunks, static_cast<int>(helpers));
}

}  // namespace pool
}  // namespace arrpy
