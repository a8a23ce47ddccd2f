// What the linear-algebra self-tests (selftest_factor, _qr, _eigh, _eig, _svd) share: the CHECK
// counter, a reproducible random fill, and the float64 / complex128 helpers. Each self-test is
// its own executable, so everything here has internal linkage.
#pragma once

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <algorithm>
#include <complex>
#include <vector>

#include "arrpy_cpp.hpp"
#include "simd_flavour.hpp"
#include "thread_pool.hpp"

namespace {

long g_pass = 0, g_fail = 0;

// Counts a check; prints the first 40 failures (printf-style message).
#define CHECK(cond, ...)                                                  \
    do {                                                                  \
        if (cond) {                                                       \
            ++g_pass;                                                     \
        } else {                                                          \
            if (g_fail++ < 40) {                                          \
                fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);      \
                fprintf(stderr, __VA_ARGS__);                             \
                fprintf(stderr, "\n");                                    \
            }                                                             \
        }                                                                 \
    } while (0)

typedef std::complex<double> cd;

uint64_t g_state = 88172645463325252ull;
inline double uniform() {  // xorshift64, in [-1, 1)
    g_state ^= g_state << 13;
    g_state ^= g_state >> 7;
    g_state ^= g_state << 17;
    return double(g_state >> 11) / double(1ull << 52) - 1.0;
}
inline void fill(double *x) { *x = uniform(); }
inline void fill(cd *x) { *x = cd(uniform(), uniform()); }
inline double conj_(double x) { return x; }
inline cd conj_(cd x) { return std::conj(x); }
inline double imag_(double) { return 0; }
inline double imag_(cd x) { return x.imag(); }
template <class T> int dtype_of();
template <> inline int dtype_of<double>() { return ARRPY_FLOAT64; }
template <> inline int dtype_of<cd>() { return ARRPY_COMPLEX128; }

}  // namespace
