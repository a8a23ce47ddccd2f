// arrpy C++ backend: selection (partition_nd in abi.h), the per-row algorithms.
//
// A row is partitioned around several increasing indices kth[0] < kth[1] < ... one after the
// other, each inside the part of the row after the previous one (which already holds nothing
// smaller). Three cases make the common calls cheap:
//   * an index right after the previous one (median's n/2 after n/2-1) or the last index of the
//     row (quantile's nan check): a single min / max scan and one swap;
//   * otherwise, for numbers (integers, and floats once their nans are out of the way), a
//     quickselect with a branch-free Lomuto partition: every element is moved with the same two
//     loads and two stores whatever its value, so there are no mispredicted branches (on random
//     data about 3x faster than std::nth_element, whose partition branches on every compare).
//     The pivot is the median of 3 (the ninther above 1024 elements). When few elements are
//     smaller than the pivot, a second branch-free pass groups the elements equal to it, so rows
//     full of duplicates stay linear. After 2 log2 n rounds without finishing (an adversarial
//     row) it hands over to std::nth_element (introselect), so the worst case is O(n log n);
//   * complex numbers: std::nth_element with NumPy's complex order.
// Floats first move their nans to the end of the row in one two-pointer pass, so the selection
// itself compares with plain `<` (no nan test per comparison); an index that falls among the nans
// is already in place (nans are equal in NumPy's sort order).
// Complex numbers use NumPy's order with its nan rules (abi.h) as the comparator.
#ifndef ARRPY_PARTITION_IMPL_HPP
#define ARRPY_PARTITION_IMPL_HPP

#include <stdint.h>

#include <algorithm>
#include <type_traits>
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

// Branch-free Lomuto partition of v[lo, hi) around the pivot element v[lo]: returns its final
// position p, with v[lo, p) < pivot <= v[p + 1, hi).
template <class T>
int64_t lomuto_less(T *v, int64_t lo, int64_t hi) {
    const T pivot = v[lo];
    int64_t i = lo + 1;  // v[lo + 1, i) < pivot <= v[i, j)
    for (int64_t j = lo + 1; j < hi; ++j) {
        const T x = v[j];
        v[j] = v[i];
        v[i] = x;
        i += (x < pivot);
    }
    std::swap(v[lo], v[i - 1]);
    return i - 1;
}

// With the pivot at v[lo] and nothing smaller in v[lo, hi): the elements equal to it to the
// front; returns the end of that run.
template <class T>
int64_t lomuto_equal(T *v, int64_t lo, int64_t hi) {
    const T pivot = v[lo];
    int64_t i = lo + 1;
    for (int64_t j = lo + 1; j < hi; ++j) {
        const T x = v[j];
        v[j] = v[i];
        v[i] = x;
        i += !(pivot < x);
    }
    return i;
}

template <class T>
inline int64_t median_of_3(const T *v, int64_t a, int64_t b, int64_t c) {
    if (v[a] < v[b]) {
        if (v[b] < v[c]) return b;
        return v[a] < v[c] ? c : a;
    }
    if (v[a] < v[c]) return a;
    return v[b] < v[c] ? c : b;
}

// Put the element of rank k of v[lo, hi) at k, nothing greater before it, nothing smaller after
// it. T has a total order under `<` (no nans).
template <class T>
void quickselect(T *v, int64_t lo, int64_t hi, int64_t k) {
    int depth = 0;
    for (int64_t s = hi - lo; s > 1; s >>= 1) depth += 2;
    while (hi - lo > 32) {
        if (depth-- == 0) {
            std::nth_element(v + lo, v + k, v + hi);  // introselect: O(n log n) at worst
            return;
        }
        const int64_t n = hi - lo, mid = lo + n / 2;
        int64_t pivot;
        if (n > 1024) {
            const int64_t s = n / 8;  // Tukey's ninther
            pivot = median_of_3(v, median_of_3(v, lo, lo + s, lo + 2 * s),
                                median_of_3(v, mid - s, mid, mid + s),
                                median_of_3(v, hi - 1 - 2 * s, hi - 1 - s, hi - 1));
        } else {
            pivot = median_of_3(v, lo, mid, hi - 1);
        }
        std::swap(v[lo], v[pivot]);
        const int64_t p = lomuto_less(v, lo, hi);
        if (k < p) {
            hi = p;
        } else if (k == p) {
            return;
        } else if (p - lo < n / 16) {
            // Few smaller values: perhaps many equal to the pivot (a duplicate-heavy row).
            const int64_t e = lomuto_equal(v, p, hi);
            if (k < e) return;
            lo = e;
        } else {
            lo = p + 1;
        }
    }
    std::sort(v + lo, v + hi);
}

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
            if constexpr (std::is_same<Less, PlainLess<T>>::value) {
                quickselect(v, lo, m, k);
            } else {
                std::nth_element(v + lo, v + k, v + m, less);
            }
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
