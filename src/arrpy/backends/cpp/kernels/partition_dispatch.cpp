// arrpy C++ backend: selection (partition_nd in abi.h). The exported entry points, the walk over
// the outer rows and the thread split; partition_impl.hpp has the per-row algorithms.
//
// A row whose elements are adjacent (stride == itemsize) is partitioned where it is. A strided
// or reversed row is gathered into a scratch buffer, partitioned there and scattered back: the
// selection touches each element several times in random order, which costs far more on a
// strided row than the two copies. Many rows are split across the thread pool (each chunk of
// rows has its own scratch buffer); a single row runs on the calling thread.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <atomic>

#include "arrpy_cpp.hpp"
#include "dtypes.hpp"
#include "partition_impl.hpp"
#include "thread_pool.hpp"

namespace {

using arrpy::part::Complex;

// Rows of at least this many elements in total are split across threads.
constexpr int64_t kParallelMinElements = 1 << 16;

template <class T>
void partition_row(T *v, int64_t n, const int64_t *kth, int64_t nkth, int dtype) {
    switch (dtype) {
        case ARRPY_FLOAT32:
        case ARRPY_FLOAT64:
            arrpy::part::partition_row_float(v, n, kth, nkth);
            break;
        default:
            arrpy::part::partition_row_plain(v, n, kth, nkth);
            break;
    }
}

template <class T>
void partition_row_c(Complex<T> *v, int64_t n, const int64_t *kth, int64_t nkth, int) {
    arrpy::part::partition_row_complex(v, n, kth, nkth);
}

struct Job {
    int dtype;
    int ndim;
    const int64_t *shape;
    char *a;
    const int64_t *sa;
    int64_t n;
    int64_t stride;
    const int64_t *kth;
    int64_t nkth;
};

// Byte offset of outer row r (C order over shape[0..ndim)).
inline int64_t row_offset(const Job &J, int64_t r) {
    int64_t off = 0;
    for (int d = J.ndim - 1; d >= 0; --d) {
        const int64_t extent = J.shape[d];
        off += (r % extent) * J.sa[d];
        r /= extent;
    }
    return off;
}

// Rows [r0, r1) of the job with element type T; returns arrpy_status flags.
template <class T, class RowFn>
int run_rows(const Job &J, int64_t r0, int64_t r1, RowFn row_fn) {
    const int64_t isz = (int64_t)sizeof(T);
    const bool contiguous = J.stride == isz;
    T *scratch = nullptr;
    if (!contiguous) {
        scratch = static_cast<T *>(malloc((size_t)J.n * sizeof(T)));
        if (scratch == nullptr) return ARRPY_STATUS_UNSUPPORTED;  // out of memory
    }
    for (int64_t r = r0; r < r1; ++r) {
        char *row = J.a + row_offset(J, r);
        if (contiguous) {
            row_fn(reinterpret_cast<T *>(row), J.n, J.kth, J.nkth, J.dtype);
            continue;
        }
        for (int64_t i = 0; i < J.n; ++i) memcpy(&scratch[i], row + i * J.stride, sizeof(T));
        row_fn(scratch, J.n, J.kth, J.nkth, J.dtype);
        for (int64_t i = 0; i < J.n; ++i) memcpy(row + i * J.stride, &scratch[i], sizeof(T));
    }
    free(scratch);
    return ARRPY_OK;
}

template <class T, class RowFn>
int run_typed(const Job &J, RowFn row_fn) {
    int64_t rows = 1;
    for (int d = 0; d < J.ndim; ++d) rows *= J.shape[d];
    if (rows == 0 || J.n == 0 || J.nkth == 0) return ARRPY_OK;
    if (rows == 1 || rows * J.n < kParallelMinElements)
        return run_rows<T>(J, 0, rows, row_fn);
    std::atomic<int> status(0);
    int64_t min_rows = kParallelMinElements / (2 * J.n);
    if (min_rows < 1) min_rows = 1;
    arrpy::pool::parallel_for(rows, min_rows, [&](int64_t b, int64_t e) {
        const int st = run_rows<T>(J, b, e, row_fn);
        if (st != 0) status.fetch_or(st, std::memory_order_relaxed);
    });
    return status.load();
}

}  // namespace

extern "C" int arrpy_cpp_partition_supported(int dtype) {
    return dtype >= 0 && dtype < ARRPY_NUM_DTYPES;
}

extern "C" int arrpy_cpp_partition_nd(int dtype, int ndim, const int64_t *shape, char *a,
                                      const int64_t *sa, int64_t n, int64_t stride,
                                      const int64_t *kth, int64_t nkth) {
    if (!arrpy_cpp_partition_supported(dtype) || ndim < 0) return ARRPY_STATUS_UNSUPPORTED;
    const Job J{dtype, ndim, shape, a, sa, n, stride, kth, nkth};
    switch (dtype) {
        case ARRPY_BOOL:
        case ARRPY_UINT8: return run_typed<uint8_t>(J, partition_row<uint8_t>);
        case ARRPY_INT8: return run_typed<int8_t>(J, partition_row<int8_t>);
        case ARRPY_INT16: return run_typed<int16_t>(J, partition_row<int16_t>);
        case ARRPY_UINT16: return run_typed<uint16_t>(J, partition_row<uint16_t>);
        case ARRPY_INT32: return run_typed<int32_t>(J, partition_row<int32_t>);
        case ARRPY_UINT32: return run_typed<uint32_t>(J, partition_row<uint32_t>);
        case ARRPY_INT64: return run_typed<int64_t>(J, partition_row<int64_t>);
        case ARRPY_UINT64: return run_typed<uint64_t>(J, partition_row<uint64_t>);
        case ARRPY_FLOAT32: return run_typed<float>(J, partition_row<float>);
        case ARRPY_FLOAT64: return run_typed<double>(J, partition_row<double>);
        case ARRPY_COMPLEX64: return run_typed<Complex<float>>(J, partition_row_c<float>);
        default: return run_typed<Complex<double>>(J, partition_row_c<double>);
    }
}
