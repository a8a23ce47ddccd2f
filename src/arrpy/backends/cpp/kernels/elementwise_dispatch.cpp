// arrpy C++ backend: exported entry points, run-time SIMD selection and the N-d driver.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <atomic>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "arrpy_cpp.hpp"
#include "fp_status.hpp"
#include "kernel_table.hpp"
#include "nd_iter.hpp"
#include "simd_flavour.hpp"
#include "thread_pool.hpp"

thread_local bool arrpy_stream_stores = false;

namespace {

// ---------------------------------------------------------------------------------------------
// SIMD flavour, chosen once.

const arrpy_kernel_table *select_table() {
    switch (arrpy::simd_flavour()) {
#if defined(__x86_64__)
        case arrpy::Flavour::avx2: {
            const arrpy_kernel_table *t = arrpy_avx2::get_table();
            if (t != nullptr) return t;
            break;
        }
#elif defined(__aarch64__)
        case arrpy::Flavour::neon:
            return arrpy_neon::get_table();
#endif
        default:
            break;
    }
    return arrpy_scalar::get_table();
}

const arrpy_kernel_table *kernel_table() {
    static const arrpy_kernel_table *const table = select_table();
    return table;
}

// ---------------------------------------------------------------------------------------------
// Parallel threshold.
//
// On the development machine (2 vCPUs, AMD Zen 4 VM, idle workers asleep) splitting a contiguous
// float64 add over 2 threads breaks even at ~65-100k elements and wins reliably (>= 1.2x) from
// 131072 elements (~27 us of serial work); below that the worker's wake-up latency (~40 us in this
// VM) eats the gain. See bench.cpp and the report. Other kernels use the same amount of serial
// *time*, through a per-element cost relative to float64 add measured with bench.cpp: memory-bound
// kernels cost in proportion to their item size; division and strided loops cost more.
constexpr int64_t kParallelMinElemsF64Add = 131072;
constexpr int64_t kParallelMinElems = 512;  // never split less (expensive ops: ~10 us of work)

// Per-element cost relative to a contiguous float64 add, in 1/8 units (8 == float64 add).
// Comparisons (`compare`) read two items of `dtype` and write one byte.
int cost_eighths(bool compare, int op, int dtype, bool inner_fast) {
    const int is = static_cast<int>(arrpy_cpp_itemsize(dtype));
    int cost = compare ? (2 * is + 1) / 3 : is;  // memory-bound: bytes moved (3 * is for float64 add)
    if (!compare && op == ARRPY_DIVIDE) {
        switch (dtype) {
            // float32/float64: vdivps/vdivpd keep up with memory once data is out of L2 (in L2,
            // 0.32 vs 0.21 ns/element for float64), so they count as memory-bound.
            case ARRPY_COMPLEX64: cost = 80; break;   // 2.1 ns/element (scalar Smith loop)
            case ARRPY_COMPLEX128: cost = 96; break;  // 2.6 ns/element
            default: break;
        }
    }
    if (!compare) {
        // Compute-bound ops (bench: 1 thread, 100k elements in cache, ns/element on the machine
        // above; float64 add is 0.2-0.3): int64 division ~5, integer power ~8 (up to 64 squarings),
        // libm calls 2.5-35, complex power ~300 (cpow). Costs = time / (0.21 ns / 8).
        const bool f32 = dtype == ARRPY_FLOAT32, is_int = dtype >= ARRPY_INT8 && dtype <= ARRPY_UINT64;
        switch (op) {
            case ARRPY_FLOOR_DIVIDE:
            case ARRPY_REMAINDER:  // ints up to 32 bits divide in floating point (~1.1 ns) in
                                   // the SIMD flavours, by idiv (~5 ns) otherwise
                cost = !is_int ? 500 : arrpy_cpp_itemsize(dtype) <= 4 ? 60 : 190;
                break;
            case ARRPY_POWER:
                cost = is_int ? 300 : f32 ? 260 : dtype == ARRPY_FLOAT64 ? 640 : 8000;
                break;
            case ARRPY_ARCTAN2: cost = 650; break;
            case ARRPY_HYPOT: cost = f32 ? 100 : 500; break;
            case ARRPY_LOGADDEXP: cost = f32 ? 600 : 1300; break;
            case ARRPY_MAXIMUM:
            case ARRPY_MINIMUM:
            case ARRPY_FMAX:
            case ARRPY_FMIN:
                if (dtype >= ARRPY_COMPLEX64) cost = 45;  // scalar loop, ~1.2 ns/element
                break;
            default: break;
        }
    }
    if (!inner_fast) cost *= 2;  // strided inner loop: ~1.8x float64 add
    return cost < 1 ? 1 : cost;
}

// Non-temporal stores pay off once a call's operands (a, b and out) no longer fit in the
// last-level cache, from about half its size: measured with maximum/float64 on the machine
// above (32 MiB L3), 1e6 elements (24 MB) 0.70x the time with cached stores, 5e5 (12 MB)
// 0.95x, 2.5e5 (6 MB) 1.08x; on the 2-vCPU AVX-512 Xeon VM (Sapphire Rapids, L3 around
// 100 MB), out= of 1e6 (24 MB) 1.05x, 2e6 (48 MB) 1.06x, 4e6 (96 MB) 0.94x, 1e7 0.67x.
// Half the L3 the OS reports, clamped to [16, 64] MiB: a VM may report nonsense (480 MiB
// there), and without a report 16 MiB is the safe side.
int64_t stream_min_bytes() {
    static const int64_t bytes = [] {
        const int64_t lo = int64_t(16) << 20, hi = int64_t(64) << 20;
        long l3 = 0;
#if defined(_SC_LEVEL3_CACHE_SIZE)
        l3 = sysconf(_SC_LEVEL3_CACHE_SIZE);
#endif
        const int64_t half = l3 > 0 ? int64_t(l3) / 2 : lo;
        return half < lo ? lo : (half > hi ? hi : half);
    }();
    return bytes;
}

// ...but not into pages the call is the first to touch: the kernel zeroes each such page on the
// fault, which leaves its lines in the cache, and a non-temporal store to a cached line costs
// more than a plain one. A new result array (`a + b`) is such memory; an `out=` array used
// before is not. Measured on the 2-vCPU AVX-512 Xeon VM, float64 add of 1e7 elements, one
// thread: new result 25.4 ms streamed, 20.0 ms plain (NumPy 19.4); out= 10.6 ms streamed,
// 14.6 ms plain (NumPy 16-20). So stream only if the last page of the output is resident
// (mincore; the first may hold the allocator's header).
bool pages_in_memory(const char *first, const char *last) {
#if defined(__linux__)
    static const long page = sysconf(_SC_PAGESIZE);
    if (page <= 0) return true;
    const uintptr_t at = reinterpret_cast<uintptr_t>(first < last ? last : first) & ~uintptr_t(page - 1);
    unsigned char resident = 0;
    if (mincore(reinterpret_cast<void *>(at), 1, &resident) != 0) return true;  // unknown: as before
    return (resident & 1) != 0;
#else
    (void)first;
    (void)last;
    return true;
#endif
}

// Runs [begin, end) of the index space with the stream-store hint set on this thread.
struct StreamHint {
    explicit StreamHint(bool on) { arrpy_stream_stores = on; }
    ~StreamHint() { arrpy_stream_stores = false; }
};

// ---------------------------------------------------------------------------------------------
// N-d driver (the iteration itself is nd_iter.hpp's).

// The N-d driver for binary ops (compare == false: out holds `dtype`) and comparisons
// (compare == true: out holds one-byte bools). Everything is in byte strides, so only the thread
// splitting needs the item sizes.
int nd_impl(bool compare, int op, int dtype, int ndim, const int64_t *shape, const char *a,
            const int64_t *sa, const char *b, const int64_t *sb, char *out, const int64_t *so) {
    const bool supported =
        compare ? arrpy_cpp_is_compare_supported(op, dtype) : arrpy_cpp_is_supported(op, dtype);
    if (!supported || ndim < 0) return ARRPY_STATUS_UNSUPPORTED;
    const arrpy_loop1d_fn fn = compare ? kernel_table()->cmp[op][dtype] : kernel_table()->fn[op][dtype];
    if (fn == nullptr) return ARRPY_STATUS_UNSUPPORTED;

    arrpy::nd::Space<3> space;
    const int64_t *const strides[3] = {sa, sb, so};
    const char *const ptrs[3] = {a, b, out};
    if (!arrpy::nd::prepare(space, ndim, shape, strides, ptrs)) return ARRPY_STATUS_UNSUPPORTED;
    const int64_t total = space.total;
    if (total == 0) return ARRPY_OK;
    // Floating-point flags (fp_status.hpp): read from the hardware around each chunk, or from
    // the rule on each block of a row.
    const arrpy::fpstatus::Mode fp = compare ? arrpy::fpstatus::kNone
                                             : arrpy::fpstatus::binary_mode(op, dtype);
    auto run = [&](int64_t begin, int64_t end) {
        if (fp == arrpy::fpstatus::kHardware) arrpy::fpstatus::clear_hardware();
        int status = arrpy::nd::for_rows(
            space, begin, end, [&](int64_t n, const char *const *p, const int64_t *st) {
                char *o = const_cast<char *>(p[2]);
                if (fp != arrpy::fpstatus::kRule) return fn(n, p[0], st[0], p[1], st[1], o, st[2]);
                return arrpy::fpstatus::rule_row_of(
                    dtype, false, op, n, p[0], st[0], p[1], st[1], o, st[2], nullptr,
                    [&](int64_t m, const char *a_, const char *b_, char *o_) {
                        return fn(m, a_, st[0], b_, st[1], o_, st[2]);
                    });
            });
        if (fp == arrpy::fpstatus::kHardware) status |= arrpy::fpstatus::hardware_status();
        return status;
    };

    const int64_t in_item = arrpy_cpp_itemsize(dtype);
    const int64_t out_item = compare ? 1 : in_item;
    bool stream = !compare && total >= stream_min_bytes() / (3 * in_item);
    if (stream) {
        const char *o = space.out();
        int64_t span = 0;  // byte offset of the output's last element
        for (int d = 0; d < space.nd; ++d) span += (space.shape[d] - 1) * space.stride[2][d];
        stream = pages_in_memory(o, o + span);
    }
    const int nthreads = arrpy::pool::num_threads_fast();
    if (nthreads > 1 && total >= kParallelMinElems && space.nd > 0) {
        const int last = space.nd - 1;
        const int64_t ia = space.stride[0][last], ib = space.stride[1][last];
        const int64_t io = space.stride[2][last];
        const bool inner_fast =
            io == out_item && (ia == in_item || ia == 0) && (ib == in_item || ib == 0);
        int64_t min_total = kParallelMinElemsF64Add * 8 / cost_eighths(compare, op, dtype, inner_fast);
        if (min_total < kParallelMinElems) min_total = kParallelMinElems;
        if (total >= min_total) {
            // Chunks run on pool threads too: collect their flags (parallel_for returns after
            // every chunk finished, which orders these writes before the load). Ops that never
            // set a flag skip the atomic.
            const bool may_set_status =
                !compare && (arrpy_cpp_may_set_status(op, dtype) || fp != arrpy::fpstatus::kNone);
            std::atomic<int> status{ARRPY_OK};
            arrpy::nd::split_output(total, out_item, io, space.out(), min_total,
                                    [&](int64_t begin, int64_t end) {
                                        StreamHint hint(stream);
                                        const int st = run(begin, end);
                                        if (may_set_status && st != ARRPY_OK)
                                            status.fetch_or(st, std::memory_order_relaxed);
                                    });
            return status.load(std::memory_order_relaxed);
        }
    }
    StreamHint hint(stream);
    return run(0, total);
}

}  // namespace

extern "C" {

int arrpy_cpp_binary_nd(int op, int dtype, int ndim, const int64_t *shape, const char *a,
                        const int64_t *sa, const char *b, const int64_t *sb, char *out,
                        const int64_t *so) {
    return nd_impl(false, op, dtype, ndim, shape, a, sa, b, sb, out, so);
}

int arrpy_cpp_binary_supported(int op, int dtype) { return arrpy_cpp_is_supported(op, dtype) ? 1 : 0; }

int arrpy_cpp_compare_nd(int op, int dtype, int ndim, const int64_t *shape, const char *a,
                         const int64_t *sa, const char *b, const int64_t *sb, char *out,
                         const int64_t *so) {
    return nd_impl(true, op, dtype, ndim, shape, a, sa, b, sb, out, so);
}

int arrpy_cpp_compare_supported(int op, int dtype) {
    return arrpy_cpp_is_compare_supported(op, dtype) ? 1 : 0;
}

void arrpy_cpp_set_num_threads(int n) {
    try {
        arrpy::pool::set_num_threads(n);
    } catch (...) {
    }
}

int arrpy_cpp_get_num_threads(void) { return arrpy::pool::num_threads(); }

const char *arrpy_cpp_simd_target(void) { return kernel_table()->name; }

}  // extern "C"
