// arrpy C++ backend: one process-wide thread pool.
//
// Jobs run on the calling thread plus N-1 persistent workers (N = num_threads()). Workers are
// created on the first call that actually needs them (and kept when N is lowered later); an idle
// worker that took part in the last job polls for the next one for about 100 us (a wake-up from
// sleep costs 50-100 us on a VM), then sleeps on a condition variable. Work too small to split
// runs inline on the calling thread without touching any lock. If the pool is busy (another
// thread is running a parallel job) or the call is nested inside a job, the work runs serially on
// the calling thread: never a deadlock.
#ifndef ARRPY_THREAD_POOL_HPP
#define ARRPY_THREAD_POOL_HPP

#include <stdint.h>

#include <atomic>
#include <type_traits>

namespace arrpy {
namespace pool {

// Current thread count (>= 1), initialised on first use from ARRPY_NUM_THREADS if it is an
// integer >= 1, else std::thread::hardware_concurrency() (1 if that is unknown).
int num_threads();

// Sets the thread count (n < 1 is treated as 1). Waits for a running job. Workers are created
// lazily by the next job that needs them and never stopped before exit: after a lower count the
// extra ones sleep, so switching counts back and forth creates no threads.
void set_num_threads(int n);

typedef void (*range_fn)(void *ctx, int64_t begin, int64_t end);

// Runs fn(ctx, begin, end) over [0, n) split into nchunks nearly equal contiguous chunks, which
// the calling thread and the workers claim dynamically. Returns when every chunk is done.
void run_chunks(int64_t n, int64_t nchunks, range_fn fn, void *ctx);

// Number of jobs that were actually split across threads since start (for tests/benchmarks).
uint64_t parallel_jobs();

namespace detail {
extern std::atomic<int> g_num_threads;  // 0 until initialised
int init_num_threads();
constexpr int64_t kChunksPerThread = 4;  // lets the caller take over work from a late worker

template <class F>
void trampoline(void *ctx, int64_t begin, int64_t end) {
    (*static_cast<F *>(ctx))(begin, end);
}
}  // namespace detail

inline int num_threads_fast() {
    const int n = detail::g_num_threads.load(std::memory_order_relaxed);
    return n > 0 ? n : detail::init_num_threads();
}

// The largest count <= chunks that gives every one of nt threads as many equal chunks (counts
// up to nt are kept): equal chunks claimed by equally fast threads finish together only then.
// 5 chunks on 2 threads leave one thread 3/5 of the work (measured: less of 1e6 float32 on 2
// threads 0.70x NumPy's time with 5 chunks, 0.5x with 4).
inline int64_t even_chunks(int64_t chunks, int64_t nt) {
    return chunks > nt ? chunks - chunks % nt : chunks;
}

// Calls f(begin, end) on disjoint sub-ranges covering [0, n), each at least min_chunk long
// (except when n itself is smaller). f must not throw.
template <class F>
void parallel_for(int64_t n, int64_t min_chunk, F &&f) {
    if (n <= 0) return;
    if (min_chunk < 1) min_chunk = 1;
    const int nt = num_threads_fast();
    if (nt <= 1 || n / 2 < min_chunk) {
        f(int64_t(0), n);
        return;
    }
    int64_t nchunks = n / min_chunk;
    const int64_t cap = detail::kChunksPerThread * nt;
    if (nchunks > cap) nchunks = cap;
    nchunks = even_chunks(nchunks, nt);
    typedef typename std::remove_reference<F>::type FT;
    run_chunks(n, nchunks, &detail::trampoline<FT>, const_cast<void *>(static_cast<const void *>(&f)));
}

}  // namespace pool
}  // namespace arrpy

#endif  // ARRPY_THREAD_POOL_HPP
