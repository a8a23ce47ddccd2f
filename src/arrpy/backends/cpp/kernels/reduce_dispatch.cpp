// arrpy C++ backend: reductions along one axis. Exported entry points, run-time SIMD selection,
// the loop-order choice and the thread split (reduce_table.hpp has the two loop shapes).
//
// Loop order, after dropping size-1 outer dims, flipping outer dims with a negative input stride,
// ordering them by decreasing input stride and merging the mergeable ones:
//   * reduced stride == +-itemsize: one reduction per output, SIMD over k (reduce1);
//   * otherwise, if the innermost outer dim is contiguous in the input (axis 0 of a C matrix):
//     the row kernel over blocks of adjacent outputs (accumulator buffer, contiguous rows);
//   * otherwise one strided reduction per output.
// Threads: above a cost threshold the outer space is split across the pool (in units of one
// output, or of one 1024-column block in row mode); a single big reduction is split along k into
// chunks whose partial results are combined (sums pairwise over the chunks, argmin/argmax by
// value then chunk order, so the first index and the first nan still win). Float and complex
// products are never split along k: they stay the sequential product NumPy computes.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <memory>
#include <new>

#include "arrpy_cpp.hpp"
#include "dtypes.hpp"
#include "simd_flavour.hpp"
#include "reduce_table.hpp"
#include "thread_pool.hpp"

namespace {

struct MergedTable {
    arrpy_reduce_table t;
    MergedTable() {
        t = *arrpy_red_scalar::get_reduce_table();
        const arrpy_reduce_table *simd = nullptr;
        switch (arrpy::simd_flavour()) {
#if defined(__x86_64__)
            case arrpy::Flavour::avx2: simd = arrpy_red_avx2::get_reduce_table(); break;
#elif defined(__aarch64__)
            case arrpy::Flavour::neon: simd = arrpy_red_neon::get_reduce_table(); break;
#endif
            default: break;
        }
        if (simd != nullptr) {
            t.name = simd->name;
            for (int op = 0; op < ARRPY_NUM_REDUCE_OPS; ++op)
                for (int i = 0; i < ARRPY_NUM_DTYPES; ++i)
                    for (int o = 0; o < ARRPY_NUM_DTYPES; ++o) {
                        if (simd->one[op][i][o] != nullptr) t.one[op][i][o] = simd->one[op][i][o];
                        if (simd->rows[op][i][o] != nullptr) t.rows[op][i][o] = simd->rows[op][i][o];
                    }
        }
    }
};

const arrpy_reduce_table *table() {
    static const MergedTable merged;
    return &merged.t;
}

inline int64_t abs64(int64_t x) { return x < 0 ? -x : x; }
inline bool is_inexact(int d) { return d >= ARRPY_FLOAT32; }

// Parallel threshold in bytes of input, for the SIMD / auto-vectorised paths. On the 2-vCPU
// development VM (shared with other jobs) a contiguous float64 sum runs at ~0.1 ns/element from
// L2/L3 (1e6 elements: ~100 us on one thread); splitting 300k elements (2.4 MB) over 2 threads was
// slower (47 vs 29 us: a worker's wake-up latency), 1e6 about even, 1e7 ~10% faster. Scalar paths
// (complex, bool, strided inputs, sequential products) count four times their bytes.
constexpr int64_t kParallelMinBytes = 4 << 20;
constexpr int kMaxDims = 64;
constexpr int64_t kCols = 1024;  // reduce_impl.hpp's column block of the row kernel
constexpr int64_t kMaxChunks = 64;

struct Plan {
    int op, in, out;
    arrpy_reduce1_fn one;
    arrpy_reduce_rows_fn rows;
    bool row_mode;
    int nd;  // outer dims (row mode: the last one is the column dim)
    int64_t shape[kMaxDims], sa[kMaxDims], so[kMaxDims];
    const char *a;
    char *o;
    int64_t n, stride;
};

// One-per-output mode: outputs [begin, end) of the flattened outer space (last dim fastest).
void run_outputs(const Plan &P, int64_t begin, int64_t end) {
    if (begin >= end) return;
    int64_t idx[kMaxDims];
    int64_t rem = begin, oa = 0, oo = 0;
    for (int d = P.nd - 1; d >= 0; --d) {
        idx[d] = rem % P.shape[d];
        rem /= P.shape[d];
        oa += idx[d] * P.sa[d];
        oo += idx[d] * P.so[d];
    }
    const int last = P.nd - 1;
    for (int64_t u = begin;;) {
        P.one(P.n, P.a + oa, P.stride, P.o + oo);
        if (++u == end) return;
        for (int d = last;; --d) {
            oa += P.sa[d];
            oo += P.so[d];
            if (++idx[d] < P.shape[d]) break;
            oa -= P.sa[d] * P.shape[d];
            oo -= P.so[d] * P.shape[d];
            idx[d] = 0;
        }
    }
}

// Row mode: units = (index over dims [0, nd-1), block of kCols columns of the last dim).
void run_row_units(const Plan &P, int64_t begin, int64_t end) {
    const int last = P.nd - 1;
    const int64_t m = P.shape[last];
    const int64_t nblocks = (m + kCols - 1) / kCols;
    const int64_t isz = arrpy_cpp_itemsize(P.in);
    for (int64_t u = begin; u < end; ++u) {
        int64_t rem = u / nblocks;
        const int64_t c0 = (u % nblocks) * kCols;
        int64_t oa = 0, oo = 0;
        for (int d = last - 1; d >= 0; --d) {
            const int64_t i = rem % P.shape[d];
            rem /= P.shape[d];
            oa += i * P.sa[d];
            oo += i * P.so[d];
        }
        const int64_t cols = m - c0 < kCols ? m - c0 : kCols;
        P.rows(cols, P.n, P.a + oa + c0 * isz, P.stride, P.o + oo + c0 * P.so[last], P.so[last]);
    }
}

// Whether the reduced axis may be cut into ranges whose partial results are combined: not for
// floating products (NumPy's sequential order decides where they overflow) nor sumsqdev (one row
// does not decompose, abi.h).
bool splits_along_k(const Plan &P) {
    return !(P.op == ARRPY_PROD && is_inexact(P.out)) && P.op != ARRPY_SUMSQDEV;
}

// A single reduction split along k across the pool; false if it should not be split.
bool split_single(const Plan &P, int nthreads, int64_t min_bytes) {
    if (!splits_along_k(P)) return false;
    const int64_t isz = arrpy_cpp_itemsize(P.in);
    int64_t chunks = P.n * isz / (min_bytes / 2 > 1 ? min_bytes / 2 : 1);
    const int64_t cap = 4 * static_cast<int64_t>(nthreads);
    if (chunks > cap) chunks = cap;
    if (chunks > kMaxChunks) chunks = kMaxChunks;
    chunks = arrpy::pool::even_chunks(chunks, nthreads);
    if (chunks < 2) return false;
    int64_t start[kMaxChunks + 1];
    for (int64_t c = 0; c < chunks; ++c) start[c] = (P.n / chunks * c) & ~int64_t(63);
    start[chunks] = P.n;
    const bool arg = P.op == ARRPY_ARGMIN || P.op == ARRPY_ARGMAX;
    alignas(16) char partial[kMaxChunks * 16];
    const int64_t psz = arrpy_cpp_itemsize(P.out);
    arrpy::pool::parallel_for(chunks, 1, [&](int64_t cb, int64_t ce) {
        for (int64_t c = cb; c < ce; ++c)
            P.one(start[c + 1] - start[c], P.a + start[c] * P.stride, P.stride, partial + c * psz);
    });
    const arrpy_reduce_table *t = table();
    if (!arg) {
        t->one[P.op][P.out][P.out](chunks, partial, psz, P.o);
        return true;
    }
    // argmin / argmax: the chunk winners' values, in chunk order; the first best chunk wins.
    alignas(16) char values[kMaxChunks * 16];
    int64_t pos[kMaxChunks];
    for (int64_t c = 0; c < chunks; ++c) {
        int64_t rel;
        memcpy(&rel, partial + c * 8, 8);
        pos[c] = start[c] + rel;
        memcpy(values + c * isz, P.a + pos[c] * P.stride, static_cast<size_t>(isz));
    }
    int64_t best;
    t->one[P.op][P.in][ARRPY_INT64](chunks, values, isz, reinterpret_cast<char *>(&best));
    memcpy(P.o, &pos[best], 8);
    return true;
}

// One row of outputs (axis=0 of a C-ordered matrix) split along k: each chunk reduces a band of
// rows into its own partial row, then one more row reduction combines the partials. Splitting
// the columns instead was no faster on two threads (1000 x 1000 float64: each thread then reads
// 2 KB per 8 KB row, and the hardware prefetcher restarts at every row). False if the op does
// not decompose or memory for the partials is refused.
bool split_rows(const Plan &P, int nthreads) {
    if (!splits_along_k(P) || P.op == ARRPY_ARGMIN || P.op == ARRPY_ARGMAX) return false;
    const arrpy_reduce_rows_fn combine = table()->rows[P.op][P.out][P.out];
    if (combine == nullptr) return false;
    const int64_t m = P.shape[P.nd - 1];
    int64_t chunks = 2 * static_cast<int64_t>(nthreads);
    if (chunks > P.n / 8) chunks = P.n / 8;  // bands of at least 8 rows
    if (chunks > kMaxChunks) chunks = kMaxChunks;
    chunks = arrpy::pool::even_chunks(chunks, nthreads);
    if (chunks < 2) return false;
    const int64_t psz = arrpy_cpp_itemsize(P.out);
    std::unique_ptr<char[]> partial(new (std::nothrow) char[static_cast<size_t>(chunks * m * psz)]);
    if (!partial) return false;
    char *const part = partial.get();
    arrpy::pool::parallel_for(chunks, 1, [&](int64_t cb, int64_t ce) {
        for (int64_t c = cb; c < ce; ++c) {
            const int64_t k0 = P.n * c / chunks, k1 = P.n * (c + 1) / chunks;
            P.rows(m, k1 - k0, P.a + k0 * P.stride, P.stride, part + c * m * psz, psz);
        }
    });
    combine(m, chunks, part, m * psz, P.o, P.so[P.nd - 1]);
    return true;
}

int reduce_impl(int op, int in, int out_dt, int ndim, const int64_t *shape, const char *a,
                const int64_t *sa, int64_t n, int64_t stride, char *out, const int64_t *so) {
    if (!arrpy_cpp_is_reduce_supported(op, in, out_dt) || ndim < 0 || n < 0)
        return ARRPY_STATUS_UNSUPPORTED;
    const bool needs_elements = op == ARRPY_MIN || op == ARRPY_MAX || op == ARRPY_ARGMIN ||
                                op == ARRPY_ARGMAX;
    for (int d = 0; d < ndim; ++d)
        if (shape[d] <= 0) return ARRPY_OK;
    if (n == 0 && needs_elements) return ARRPY_STATUS_UNSUPPORTED;  // the front end raises first
    const arrpy_reduce_table *t = table();
    Plan P;
    P.op = op;
    P.in = in;
    P.out = out_dt;
    P.one = t->one[op][in][out_dt];
    P.rows = t->rows[op][in][out_dt];
    if (P.one == nullptr || P.rows == nullptr) return ARRPY_STATUS_UNSUPPORTED;
    P.a = a;
    P.o = out;
    P.n = n;
    P.stride = n <= 1 ? arrpy_cpp_itemsize(in) : stride;  // a stride is irrelevant for n <= 1
    const int64_t isz = arrpy_cpp_itemsize(in);

    int nd = 0;
    for (int d = 0; d < ndim; ++d) {
        if (shape[d] == 1) continue;
        if (nd == kMaxDims) return ARRPY_STATUS_UNSUPPORTED;
        int64_t s_a = sa[d], s_o = so[d];
        if (s_a < 0 || (s_a == 0 && s_o < 0)) {  // flip: outputs stay paired with their inputs
            const int64_t last = shape[d] - 1;
            P.a += last * s_a;
            P.o += last * s_o;
            s_a = -s_a;
            s_o = -s_o;
        }
        P.shape[nd] = shape[d];
        P.sa[nd] = s_a;
        P.so[nd] = s_o;
        ++nd;
    }
    for (int i = 1; i < nd; ++i) {  // decreasing input stride (stable)
        const int64_t sh = P.shape[i], x = P.sa[i], z = P.so[i];
        int j = i;
        while (j > 0 && P.sa[j - 1] < x) {
            P.shape[j] = P.shape[j - 1];
            P.sa[j] = P.sa[j - 1];
            P.so[j] = P.so[j - 1];
            --j;
        }
        P.shape[j] = sh;
        P.sa[j] = x;
        P.so[j] = z;
    }
    if (nd > 1) {
        int k = 0;
        for (int d = 1; d < nd; ++d) {
            int64_t ea, eo, merged;
            const bool ok = !__builtin_mul_overflow(P.sa[d], P.shape[d], &ea) &&
                            !__builtin_mul_overflow(P.so[d], P.shape[d], &eo);
            if (ok && ea == P.sa[k] && eo == P.so[k] &&
                !__builtin_mul_overflow(P.shape[k], P.shape[d], &merged)) {
                P.shape[k] = merged;
                P.sa[k] = P.sa[d];
                P.so[k] = P.so[d];
            } else {
                ++k;
                P.shape[k] = P.shape[d];
                P.sa[k] = P.sa[d];
                P.so[k] = P.so[d];
            }
        }
        nd = k + 1;
    }
    P.nd = nd;
    int64_t outputs = 1;
    for (int d = 0; d < nd; ++d)
        if (__builtin_mul_overflow(outputs, P.shape[d], &outputs)) return ARRPY_STATUS_UNSUPPORTED;
    const bool contiguous_k = abs64(P.stride) == isz;
    P.row_mode = nd > 0 && !contiguous_k && P.sa[nd - 1] == isz && n > 0;

    // Cost in bytes of input, scalar paths weighted x4.
    int64_t bytes;
    if (__builtin_mul_overflow(outputs, n, &bytes) || __builtin_mul_overflow(bytes, isz, &bytes))
        bytes = INT64_MAX / 8;
    const bool scalar_path = in >= ARRPY_COMPLEX64 || (op == ARRPY_PROD && is_inexact(out_dt)) ||
                             (!contiguous_k && !P.row_mode) || in == ARRPY_BOOL;
    if (scalar_path) bytes = bytes > INT64_MAX / 8 ? INT64_MAX / 2 : bytes * 4;
    if (n == 0) bytes = outputs;  // identities only
    const int nthreads = arrpy::pool::num_threads_fast();
    const bool parallel = nthreads > 1 && bytes >= kParallelMinBytes;

    if (nd == 0) {
        if (parallel && split_single(P, nthreads, kParallelMinBytes)) return ARRPY_OK;
        P.one(n, P.a, P.stride, P.o);
        return ARRPY_OK;
    }
    if (P.row_mode) {
        const int64_t m = P.shape[nd - 1];
        const int64_t outer = outputs / m;
        if (parallel && outer == 1 && m < 2 * nthreads * kCols && split_rows(P, nthreads)) return ARRPY_OK;
        const int64_t units = outer * ((m + kCols - 1) / kCols);
        if (parallel && units >= 2) {
            const int64_t per_unit = bytes / units > 0 ? bytes / units : 1;
            const int64_t min_units = kParallelMinBytes / 2 / per_unit;
            arrpy::pool::parallel_for(units, min_units, [&](int64_t b, int64_t e) { run_row_units(P, b, e); });
        } else {
            run_row_units(P, 0, units);
        }
        return ARRPY_OK;
    }
    if (parallel && outputs >= 2) {
        const int64_t per_out = bytes / outputs > 0 ? bytes / outputs : 1;
        const int64_t min_outs = kParallelMinBytes / 2 / per_out;
        arrpy::pool::parallel_for(outputs, min_outs, [&](int64_t b, int64_t e) { run_outputs(P, b, e); });
        return ARRPY_OK;
    }
    run_outputs(P, 0, outputs);
    return ARRPY_OK;
}

}  // namespace

extern "C" {

int arrpy_cpp_reduce_nd(int op, int in_dtype, int out_dtype, int ndim, const int64_t *shape,
                        const char *a, const int64_t *sa, int64_t n, int64_t stride, char *out,
                        const int64_t *so) {
    return reduce_impl(op, in_dtype, out_dtype, ndim, shape, a, sa, n, stride, out, so);
}

int arrpy_cpp_reduce_supported(int op, int in_dtype, int out_dtype) {
    return arrpy_cpp_is_reduce_supported(op, in_dtype, out_dtype) ? 1 : 0;
}

const char *arrpy_cpp_reduce_simd_target(void) { return table()->name; }

}  // extern "C"
