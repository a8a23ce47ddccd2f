/*
 * The N-d iteration every elementwise driver shares (binary, comparison, unary): K operands
 * with byte strides over one index space, the last operand being the output.
 *
 *   prepare(): drop size-1 dims; walk a dim backwards when no operand has a positive stride in
 *     it and one has a negative one (as NumPy's iterator does: a[::-1] += b[::-1] becomes
 *     contiguous); order dims by decreasing output stride (the output is written in memory
 *     order); merge dims that are contiguous with the previous one in every operand.
 *   for_rows(): run the flat index range [begin, end) in C order as calls of a 1-D loop over
 *     the innermost dim.
 *   split_output(): cut [0, total) into chunks for the thread pool, in units of 64 bytes of
 *     output aligned to the output's cache lines (no two threads write one line).
 */
#ifndef ARRPY_ND_ITER_HPP
#define ARRPY_ND_ITER_HPP

#include <stdint.h>

#include "thread_pool.hpp"

namespace arrpy {
namespace nd {

constexpr int kMaxDims = 64;  // after dropping size-1 dims, more than 63 would overflow int64

template <int K>
struct Space {
    int nd = 0;
    int64_t shape[kMaxDims];
    int64_t stride[K][kMaxDims];
    const char *ptr[K];
    int64_t total = 0;  // number of elements

    char *out() const { return const_cast<char *>(ptr[K - 1]); }
};

inline int64_t abs64(int64_t x) { return x < 0 ? -x : x; }

// Fills `s` from the caller's shape, strides and pointers (ptrs[K-1] is the output). Returns
// false if the space cannot be represented (more than 2^63 elements). An empty space gives
// total == 0; a single element nd == 0, total == 1.
template <int K>
bool prepare(Space<K> &s, int ndim, const int64_t *shape, const int64_t *const strides[K],
             const char *const ptrs[K]) {
    for (int k = 0; k < K; ++k) s.ptr[k] = ptrs[k];
    s.total = 0;
    for (int d = 0; d < ndim; ++d) {
        if (shape[d] <= 0) return true;  // empty
    }
    int nd = 0;
    for (int d = 0; d < ndim; ++d) {
        if (shape[d] == 1) continue;
        if (nd == kMaxDims) return false;
        bool none_positive = true, some_negative = false;
        for (int k = 0; k < K; ++k) {
            none_positive &= strides[k][d] <= 0;
            some_negative |= strides[k][d] < 0;
        }
        const bool flip = none_positive && some_negative;
        for (int k = 0; k < K; ++k) {
            int64_t st = strides[k][d];
            if (flip) {
                s.ptr[k] += (shape[d] - 1) * st;
                st = -st;
            }
            s.stride[k][nd] = st;
        }
        s.shape[nd] = shape[d];
        ++nd;
    }
    for (int i = 1; i < nd; ++i) {  // decreasing |output stride|, stable insertion sort
        const int64_t sh = s.shape[i];
        int64_t st[K];
        for (int k = 0; k < K; ++k) st[k] = s.stride[k][i];
        int j = i;
        while (j > 0 && abs64(s.stride[K - 1][j - 1]) < abs64(st[K - 1])) {
            s.shape[j] = s.shape[j - 1];
            for (int k = 0; k < K; ++k) s.stride[k][j] = s.stride[k][j - 1];
            --j;
        }
        s.shape[j] = sh;
        for (int k = 0; k < K; ++k) s.stride[k][j] = st[k];
    }
    int kept = 0;
    for (int d = 1; d < nd; ++d) {
        bool mergeable = true;
        for (int k = 0; k < K && mergeable; ++k) {
            int64_t extent;
            mergeable = !__builtin_mul_overflow(s.stride[k][d], s.shape[d], &extent) &&
                        extent == s.stride[k][kept];
        }
        int64_t merged;
        if (mergeable && !__builtin_mul_overflow(s.shape[kept], s.shape[d], &merged)) {
            s.shape[kept] = merged;
        } else {
            ++kept;
            s.shape[kept] = s.shape[d];
        }
        for (int k = 0; k < K; ++k) s.stride[k][kept] = s.stride[k][d];
    }
    s.nd = nd == 0 ? 0 : kept + 1;
    int64_t total = 1;
    for (int d = 0; d < s.nd; ++d) {
        if (__builtin_mul_overflow(total, s.shape[d], &total)) return false;
    }
    s.total = total;
    return true;
}

// Calls row(len, ptrs, inner_strides) for the rows of [begin, end); returns the status flags
// of the calls, or-ed (row returns int).
template <int K, class Row>
int for_rows(const Space<K> &s, int64_t begin, int64_t end, Row &&row) {
    if (begin >= end) return 0;
    if (s.nd == 0) {
        const int64_t zero[K] = {};
        return row(int64_t(1), s.ptr, zero);
    }
    const int last = s.nd - 1;
    const int64_t inner = s.shape[last];
    int64_t inner_stride[K];
    for (int k = 0; k < K; ++k) inner_stride[k] = s.stride[k][last];
    const char *p[K];
    if (s.nd == 1) {
        for (int k = 0; k < K; ++k) p[k] = s.ptr[k] + begin * inner_stride[k];
        return row(end - begin, p, inner_stride);
    }
    int64_t idx[kMaxDims];
    int64_t r = begin / inner;
    int64_t col = begin % inner;
    int64_t offset[K] = {};  // byte offsets of the current row
    for (int d = last - 1; d >= 0; --d) {
        idx[d] = r % s.shape[d];
        r /= s.shape[d];
        for (int k = 0; k < K; ++k) offset[k] += idx[d] * s.stride[k][d];
    }
    int64_t remaining = end - begin;
    int status = 0;
    for (;;) {
        int64_t len = inner - col;
        if (len > remaining) len = remaining;
        for (int k = 0; k < K; ++k) p[k] = s.ptr[k] + (offset[k] + col * inner_stride[k]);
        status |= row(len, p, inner_stride);
        remaining -= len;
        if (remaining == 0) return status;
        col = 0;
        for (int d = last - 1;; --d) {  // remaining > 0, so some outer index can still advance
            for (int k = 0; k < K; ++k) offset[k] += s.stride[k][d];
            if (++idx[d] < s.shape[d]) break;
            for (int k = 0; k < K; ++k) offset[k] -= s.stride[k][d] * s.shape[d];
            idx[d] = 0;
        }
    }
}

// Runs chunk(begin, end) over [0, total) on the thread pool, chunks of at least about
// min_total / 2 elements, cut at 64-byte boundaries of a contiguous output.
template <class Chunk>
void split_output(int64_t total, int64_t out_item, int64_t out_stride, const char *out,
                  int64_t min_total, Chunk &&chunk) {
    const int64_t unit = out_item >= 64 ? 1 : 64 / out_item;
    int64_t first = 0;  // elements before the first 64-byte boundary of out
    if (out_stride == out_item) {
        const int64_t mis = static_cast<int64_t>(reinterpret_cast<uintptr_t>(out) & 63);
        first = ((64 - mis) & 63) / out_item;
        if (first > total) first = total;
    }
    const int64_t nunits = 1 + (total - first + unit - 1) / unit;
    auto unit_start = [&](int64_t u) -> int64_t {
        if (u == 0) return 0;
        const int64_t start = first + (u - 1) * unit;
        return start < total ? start : total;
    };
    const int64_t min_units = (min_total / 2 + unit - 1) / unit;
    arrpy::pool::parallel_for(nunits, min_units, [&](int64_t ub, int64_t ue) {
        chunk(unit_start(ub), unit_start(ue));
    });
}

}  // namespace nd
}  // namespace arrpy

#endif  // ARRPY_ND_ITER_HPP
