// arrpy C++ backend: scans (cumsum / cumprod) along one axis. Exported entry points, run-time
// SIMD selection, the loop-order choice and the thread split (scan_table.hpp has the two loop
// shapes, scan_impl.hpp the loops).
//
// Loop order, after dropping size-1 outer dims, flipping outer dims with a negative input stride
// (an output line stays paired with its input line), ordering them by decreasing input stride and
// merging the mergeable ones:
//   * the innermost outer dim contiguous in both the input and the output, and the scanned axis
//     not (axis 0 of a C matrix): the row kernel over blocks of kCols adjacent lines,
//     out[row k] = out[row k-1] OP a[row k] with contiguous vectorised inner loops and no copy;
//   * otherwise one line at a time (contiguous fast path inside the line kernel).
// Threads: from kParallelMinBytes of input the outer space is split across the pool (in units of
// one line, or of one block of kCols lines in row mode). A line itself is never split: every
// output depends on the previous one (and a floating scan must keep NumPy's order).
#include <stdint.h>

#include "arrpy_cpp.hpp"
#include "dtypes.hpp"
#include "scan_table.hpp"
#include "simd_flavour.hpp"
#include "thread_pool.hpp"

namespace {

struct MergedScanTable {
    arrpy_scan_table t;
    MergedScanTable() {
        t = *arrpy_scan_scalar::get_scan_table();
        const arrpy_scan_table *simd = nullptr;
        switch (arrpy::simd_flavour()) {
#if defined(__x86_64__)
            case arrpy::Flavour::avx2: simd = arrpy_scan_avx2::get_scan_table(); break;
#elif defined(__aarch64__)
            case arrpy::Flavour::neon: simd = arrpy_scan_neon::get_scan_table(); break;
#endif
            default: break;
        }
        if (simd != nullptr) {
            t.name = simd->name;
            for (int op = 0; op < ARRPY_NUM_SCAN_OPS; ++op)
                for (int i = 0; i < ARRPY_NUM_DTYPES; ++i)
                    for (int o = 0; o < ARRPY_NUM_DTYPES; ++o) {
                        if (simd->line[op][i][o] != nullptr) t.line[op][i][o] = simd->line[op][i][o];
                        if (simd->rows[op][i][o] != nullptr) t.rows[op][i][o] = simd->rows[op][i][o];
                    }
        }
    }
};

const arrpy_scan_table *scan_table() {
    static const MergedScanTable merged;
    return &merged.t;
}

// Parallel threshold in bytes of input. A scan reads and writes every element once (memory
// bound, like an elementwise op): below ~1 MiB a worker's wake-up costs more than it saves.
constexpr int64_t kParallelMinBytes = 1 << 20;
constexpr int kMaxDims = 64;
constexpr int64_t kCols = 2048;  // row mode: lines per block (the previous row stays in L1)

struct ScanPlan {
    arrpy_scan_line_fn line;
    arrpy_scan_rows_fn rows;
    bool row_mode;
    int nd;  // outer dims (row mode: the last one is the column dim)
    int64_t shape[kMaxDims], sa[kMaxDims], so[kMaxDims];
    const char *a;
    char *o;
    int64_t n, stride, out_stride, isz, osz;
};

// Line mode: lines [begin, end) of the flattened outer space (last dim fastest).
void run_lines(const ScanPlan &P, int64_t begin, int64_t end) {
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
        P.line(P.n, P.a + oa, P.stride, P.o + oo, P.out_stride);
        if (++u == end || last < 0) return;
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
void run_row_units(const ScanPlan &P, int64_t begin, int64_t end) {
    const int last = P.nd - 1;
    const int64_t m = P.shape[last];
    const int64_t nblocks = (m + kCols - 1) / kCols;
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
        P.rows(cols, P.n, P.a + oa + c0 * P.isz, P.stride, P.o + oo + c0 * P.osz, P.out_stride);
    }
}

int scan_impl(int op, int in, int out_dt, int ndim, const int64_t *shape, const char *a,
              const int64_t *sa, int64_t n, int64_t stride, char *out, const int64_t *so,
              int64_t out_stride) {
    if (!arrpy_cpp_is_scan_supported(op, in, out_dt) || ndim < 0 || n < 0 || ndim > kMaxDims)
        return ARRPY_STATUS_UNSUPPORTED;
    if (n == 0) return ARRPY_OK;
    for (int d = 0; d < ndim; ++d)
        if (shape[d] <= 0) return ARRPY_OK;
    const arrpy_scan_table *t = scan_table();
    ScanPlan P;
    P.line = t->line[op][in][out_dt];
    P.rows = t->rows[op][in][out_dt];
    if (P.line == nullptr || P.rows == nullptr) return ARRPY_STATUS_UNSUPPORTED;
    P.a = a;
    P.o = out;
    P.n = n;
    P.isz = arrpy_cpp_itemsize(in);
    P.osz = arrpy_cpp_itemsize(out_dt);
    // (n == 1: the strides are irrelevant; the contiguous ones take the fast path.)
    P.stride = n == 1 ? P.isz : stride;
    P.out_stride = n == 1 ? P.osz : out_stride;

    int nd = 0;
    for (int d = 0; d < ndim; ++d) {
        if (shape[d] == 1) continue;
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
    int64_t lines = 1;
    for (int d = 0; d < nd; ++d)
        if (__builtin_mul_overflow(lines, P.shape[d], &lines)) return ARRPY_STATUS_UNSUPPORTED;
    const bool contiguous_k = P.stride == P.isz && P.out_stride == P.osz;
    P.row_mode = nd > 0 && n > 1 && !contiguous_k && P.sa[nd - 1] == P.isz &&
                 P.so[nd - 1] == P.osz;

    int64_t bytes;
    if (__builtin_mul_overflow(lines, n, &bytes) || __builtin_mul_overflow(bytes, P.isz, &bytes))
        bytes = INT64_MAX / 8;
    const int nthreads = arrpy::pool::num_threads_fast();
    const bool parallel = nthreads > 1 && bytes >= kParallelMinBytes;

    if (P.row_mode) {
        const int64_t m = P.shape[nd - 1];
        const int64_t units = lines / m * ((m + kCols - 1) / kCols);
        if (parallel && units >= 2) {
            const int64_t per_unit = bytes / units > 0 ? bytes / units : 1;
            const int64_t min_units = kParallelMinBytes / 2 / per_unit;
            arrpy::pool::parallel_for(units, min_units,
                                      [&](int64_t b, int64_t e) { run_row_units(P, b, e); });
        } else {
            run_row_units(P, 0, units);
        }
        return ARRPY_OK;
    }
    if (parallel && lines >= 2) {
        const int64_t per_line = bytes / lines > 0 ? bytes / lines : 1;
        const int64_t min_lines = kParallelMinBytes / 2 / per_line;
        arrpy::pool::parallel_for(lines, min_lines,
                                  [&](int64_t b, int64_t e) { run_lines(P, b, e); });
        return ARRPY_OK;
    }
    run_lines(P, 0, lines);
    return ARRPY_OK;
}

}  // namespace

extern "C" {

int arrpy_cpp_scan_nd(int op, int in_dtype, int out_dtype, int ndim, const int64_t *shape,
                      const char *a, const int64_t *sa, int64_t n, int64_t stride, char *out,
                      const int64_t *so, int64_t out_stride) {
    return scan_impl(op, in_dtype, out_dtype, ndim, shape, a, sa, n, stride, out, so, out_stride);
}

int arrpy_cpp_scan_supported(int op, int in_dtype, int out_dtype) {
    return arrpy_cpp_is_scan_supported(op, in_dtype, out_dtype) ? 1 : 0;
}

}  // extern "C"
