// arrpy C++ backend: exported entry points, run-time SIMD selection and the N-d driver.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <atomic>

#include "arrpy_cpp.hpp"
#include "kernel_table.hpp"
#include "thread_pool.hpp"

thread_local bool arrpy_stream_stores = false;

namespace {

// ---------------------------------------------------------------------------------------------
// SIMD flavour, chosen once.

const arrpy_kernel_table *select_table() {
    const char *env = getenv("ARRPY_SIMD");
    const bool force_scalar = env != nullptr && strcmp(env, "scalar") == 0;
    if (!force_scalar) {
#if defined(__x86_64__)
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
            const arrpy_kernel_table *t = arrpy_avx2::get_table();
            if (t != nullptr) return t;
        }
#elif defined(__aarch64__)
        return arrpy_neon::get_table();
#endif
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
// last-level cache: measured with maximum/float64 on the machine above (32 MiB L3), 1e6 elements
// (24 MB) 0.70x the time with cached stores, 5e5 (12 MB) 0.95x, 2.5e5 (6 MB) 1.08x.
constexpr int64_t kStreamMinBytes = int64_t(16) << 20;

// Runs [begin, end) of the index space with the stream-store hint set on this thread.
struct StreamHint {
    explicit StreamHint(bool on) { arrpy_stream_stores = on; }
    ~StreamHint() { arrpy_stream_stores = false; }
};

// ---------------------------------------------------------------------------------------------
// N-d driver.

constexpr int kMaxDims = 64;  // after dropping size-1 dims, more than 63 would overflow int64

struct Loop {
    arrpy_loop1d_fn fn;
    int nd;
    int64_t shape[kMaxDims];
    int64_t sa[kMaxDims], sb[kMaxDims], so[kMaxDims];
    const char *a;
    const char *b;
    char *out;
};

// Runs the flat index range [begin, end) of the (coalesced) index space, C order. Returns the
// status flags of the 1-D loops, or-ed.
int run_range(const Loop &L, int64_t begin, int64_t end) {
    if (begin >= end) return ARRPY_OK;
    const int last = L.nd - 1;
    const int64_t inner = L.shape[last];
    const int64_t ia = L.sa[last], ib = L.sb[last], io = L.so[last];
    if (L.nd == 1) {
        return L.fn(end - begin, L.a + begin * ia, ia, L.b + begin * ib, ib, L.out + begin * io, io);
    }
    int64_t idx[kMaxDims];
    int64_t row = begin / inner;
    int64_t col = begin % inner;
    int64_t oa = 0, ob = 0, oo = 0;  // byte offsets of the current row
    for (int d = last - 1; d >= 0; --d) {
        idx[d] = row % L.shape[d];
        row /= L.shape[d];
        oa += idx[d] * L.sa[d];
        ob += idx[d] * L.sb[d];
        oo += idx[d] * L.so[d];
    }
    int64_t remaining = end - begin;
    int status = ARRPY_OK;
    for (;;) {
        int64_t len = inner - col;
        if (len > remaining) len = remaining;
        status |= L.fn(len, L.a + (oa + col * ia), ia, L.b + (ob + col * ib), ib, L.out + (oo + col * io), io);
        remaining -= len;
        if (remaining == 0) return status;
        col = 0;
        for (int d = last - 1;; --d) {  // remaining > 0, so some outer index can still advance
            oa += L.sa[d];
            ob += L.sb[d];
            oo += L.so[d];
            if (++idx[d] < L.shape[d]) break;
            oa -= L.sa[d] * L.shape[d];
            ob -= L.sb[d] * L.shape[d];
            oo -= L.so[d] * L.shape[d];
            idx[d] = 0;
        }
    }
}

inline int64_t abs64(int64_t x) { return x < 0 ? -x : x; }

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

    for (int d = 0; d < ndim; ++d) {
        if (shape[d] <= 0) return ARRPY_OK;  // empty
    }

    Loop L;
    L.fn = fn;
    L.a = a;
    L.b = b;
    L.out = out;
    // Drop size-1 dims. Walk a dim backwards when no operand has a positive stride in it and one
    // has a negative one (as NumPy's iterator does), e.g. a[::-1] += b[::-1] becomes contiguous.
    int nd = 0;
    for (int d = 0; d < ndim; ++d) {
        if (shape[d] == 1) continue;
        if (nd == kMaxDims) return ARRPY_STATUS_UNSUPPORTED;  // > 2^63 elements: impossible
        int64_t s_a = sa[d], s_b = sb[d], s_o = so[d];
        if (s_a <= 0 && s_b <= 0 && s_o <= 0 && (s_a | s_b | s_o) != 0) {
            const int64_t last = shape[d] - 1;
            L.a += last * s_a;
            L.b += last * s_b;
            L.out += last * s_o;
            s_a = -s_a;
            s_b = -s_b;
            s_o = -s_o;
        }
        L.shape[nd] = shape[d];
        L.sa[nd] = s_a;
        L.sb[nd] = s_b;
        L.so[nd] = s_o;
        ++nd;
    }
    if (nd == 0) {  // one element
        return fn(1, L.a, 0, L.b, 0, L.out, 0);
    }
    // Order dims by decreasing output stride (stable), so the output is walked in memory order.
    for (int i = 1; i < nd; ++i) {
        const int64_t sh = L.shape[i], x = L.sa[i], y = L.sb[i], z = L.so[i];
        int j = i;
        while (j > 0 && abs64(L.so[j - 1]) < abs64(z)) {
            L.shape[j] = L.shape[j - 1];
            L.sa[j] = L.sa[j - 1];
            L.sb[j] = L.sb[j - 1];
            L.so[j] = L.so[j - 1];
            --j;
        }
        L.shape[j] = sh;
        L.sa[j] = x;
        L.sb[j] = y;
        L.so[j] = z;
    }
    // Coalesce dim d into the previous kept dim when it is contiguous with it in all operands.
    int k = 0;
    for (int d = 1; d < nd; ++d) {
        int64_t ea, eb, eo;
        const bool ok = !__builtin_mul_overflow(L.sa[d], L.shape[d], &ea) &&
                        !__builtin_mul_overflow(L.sb[d], L.shape[d], &eb) &&
                        !__builtin_mul_overflow(L.so[d], L.shape[d], &eo);
        int64_t merged;
        if (ok && ea == L.sa[k] && eb == L.sb[k] && eo == L.so[k] &&
            !__builtin_mul_overflow(L.shape[k], L.shape[d], &merged)) {
            L.shape[k] = merged;
            L.sa[k] = L.sa[d];
            L.sb[k] = L.sb[d];
            L.so[k] = L.so[d];
        } else {
            ++k;
            L.shape[k] = L.shape[d];
            L.sa[k] = L.sa[d];
            L.sb[k] = L.sb[d];
            L.so[k] = L.so[d];
        }
    }
    nd = k + 1;
    L.nd = nd;

    int64_t total = 1;
    for (int d = 0; d < nd; ++d) {
        if (__builtin_mul_overflow(total, L.shape[d], &total)) return ARRPY_STATUS_UNSUPPORTED;
    }

    const int64_t in_item = arrpy_cpp_itemsize(dtype);
    const int64_t out_item = compare ? 1 : in_item;
    const bool stream = !compare && total >= kStreamMinBytes / (3 * in_item);
    const int nthreads = arrpy::pool::num_threads_fast();
    if (nthreads > 1 && total >= kParallelMinElems) {
        const int64_t ia = L.sa[nd - 1], ib = L.sb[nd - 1], io = L.so[nd - 1];
        const bool inner_fast =
            io == out_item && (ia == in_item || ia == 0) && (ib == in_item || ib == 0);
        int64_t min_total = kParallelMinElemsF64Add * 8 / cost_eighths(compare, op, dtype, inner_fast);
        if (min_total < kParallelMinElems) min_total = kParallelMinElems;
        if (total >= min_total) {
            // Split in units of 64 bytes of output, aligned to the output's cache lines.
            const int64_t unit = out_item >= 64 ? 1 : 64 / out_item;
            int64_t first = 0;  // elements before the first 64-byte boundary of out
            if (io == out_item) {
                const int64_t mis = static_cast<int64_t>(reinterpret_cast<uintptr_t>(L.out) & 63);
                first = ((64 - mis) & 63) / out_item;
                if (first > total) first = total;
            }
            const int64_t nunits = 1 + (total - first + unit - 1) / unit;
            auto unit_start = [&](int64_t u) -> int64_t {
                if (u == 0) return 0;
                const int64_t s = first + (u - 1) * unit;
                return s < total ? s : total;
            };
            const int64_t min_units = (min_total / 2 + unit - 1) / unit;
            if (compare || !arrpy_cpp_may_set_status(op, dtype)) {
                arrpy::pool::parallel_for(nunits, min_units, [&](int64_t ub, int64_t ue) {
                    StreamHint hint(stream);
                    run_range(L, unit_start(ub), unit_start(ue));
                });
                return ARRPY_OK;
            }
            // Chunks run on pool threads too: collect their flags (parallel_for returns after
            // every chunk finished, which orders these writes before the load).
            std::atomic<int> status{ARRPY_OK};
            arrpy::pool::parallel_for(nunits, min_units, [&](int64_t ub, int64_t ue) {
                const int st = run_range(L, unit_start(ub), unit_start(ue));
                if (st != ARRPY_OK) status.fetch_or(st, std::memory_order_relaxed);
            });
            return status.load(std::memory_order_relaxed);
        }
    }
    StreamHint hint(stream);
    return run_range(L, 0, total);
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
