// arrpy C++ backend: selection (partition_nd in abi.h), the per-row algorithms.
//
// A row is partitioned around several increasing indices kth[0] < kth[1] < ... one after the
// other, each inside the part of the row after the previous one (which already holds nothing
// smaller). Three cases make the common calls cheap:
//   * an index right after the previous one (median's n/2 after n/2-1) or the last index of the
//     row (quantile's nan check): a single min / max scan and one swap;
//   * otherwise introselect (std::nth_element: median-of-3 quickselect with a heapselect
//     fallback, so the worst case stays O(n log n)).
// Floats first move their nans to the end of the row in one two-pointer pass, so the selection
// itself compares with plain `<` (no nan test per comparison); an index that falls among the nans
// is already in place (nans are equal in NumPy's sort order).
// Complex numbers use NumPy's order with its nan rules (abi.h) as the comparator.
#ifndef ARRPY_PARTITION_IMPL_HPP
#define ARRPY_PARTITION_IMPL_HPP

#include <stdint.h>

#include <algorithm>
#include <utility>

namespace arrpy {
namespace part {

template <class T>
struct Complex {
    T re, im;
};

// NumPy's complex "less than" (npysort's CFLOAT_LT / CDOUBLE_LT).
template <class T>
struct ComplexLess {
    bool operator()(const Complex<T> &a, const Complex<T> &b) const {
        if (a.re < b.re) return a.im == a.im || b.im != b.im;
        if (a.re > b.re) return b.im != b.im && a.im == a.im;
        if (a.re == b.re || (a.re != a.re && b.re != b.re))
            return a.im < b.im || (b.im != b.im && a.im == a.im);
        return b.re != b.re;
    }
};

template <class T>
struct PlainLess {
    bool operator()(const T &a, const T &b) const { return a < b; }
};

// Partition v[0, m) around the increasing indices kth[0..nkth) that are < m; `less` is a strict
// weak order on v[0, m).
template <class T, class Less>
void select_sorted(T *v, int64_t m, const int64_t *kth, int64_t nkth, Less less) {
    int64_t lo = 0;
    for (int64_t j = 0; j < nkth; ++j) {
        const int64_t k = kth[j];
        if (k >= m) break;
        if (k == lo) {
            // the smallest of [lo, m) to lo
            int64_t best = lo;
            for (int64_t i = lo + 1; i < m; ++i)
                if (less(v[i], v[best])) best = i;
            std::swap(v[lo], v[best]);
        } else if (k == m - 1) {
            // the largest of [lo, m) to m - 1
            int64_t best = lo;
            for (int64_t i = lo + 1; i < m; ++i)
                if (!less(v[i], v[best])) best = i;
            std::swap(v[m - 1], v[best]);
        } else {
            std::nth_element(v + lo, v + k, v + m, less);
        }
        lo = k + 1;
    }
}

// Moves the nans of v[0, n) to its end; returns the number of non-nan values (they come first).
template <class T>
int64_t nans_last(T *v, int64_t n) {
    int64_t i = 0, j = n;
    for (;;) {
        while (i < j && v[i] == v[i]) ++i;       // numbers stay
        while (i < j && v[j - 1] != v[j - 1]) --j;  // nans at the end stay
        if (i >= j) return i;
        std::swap(v[i], v[j - 1]);
        ++i;
        --j;
    }
}

template <class T>
void partition_row_float(T *v, int64_t n, const int64_t *kth, int64_t nkth) {
    const int64_t m = nans_last(v, n);
    select_sorted(v, m, kth, nkth, PlainLess<T>());
}

template <class T>
void partition_row_plain(T *v, int64_t n, const int64_t *kth, int64_t nkth) {
    select_sorted(v, n, kth, nkth, PlainLess<T>());
}

template <class T>
void partition_row_complex(Complex<T> *v, int64_t n, const int64_t *kth, int64_t nkth) {
    select_sorted(v, n, kth, nkth, ComplexLess<T>());
}

}  // namespace part
}  // namespace arrpy

#endif  // ARRPY_PARTITION_IMPL_HPP
