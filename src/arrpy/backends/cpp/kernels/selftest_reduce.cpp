// Standalone self-test of the arrpy C++ reduction kernels (not part of the library build); run by
// run_selftest.sh and tests/test_cpp_kernels.py for both SIMD paths (ARRPY_SIMD=scalar forces the
// scalar one) and under ASan/UBSan. Every supported (op, in, out) triple is checked against an
// independent sequential reference (NumPy's rules: wrapping integers, nan propagation, first
// index, first nan) on random data with special values (signed zeros, inf, nan, integer
// extremes), through layouts: contiguous rows, axis 0 (row kernel), strided, reversed, 3-d outer
// spaces with strided outputs, n == 0 / 1, single long reductions (SIMD blocks and tails), and
// threaded runs (outer split and k split). Float sums are compared with a long double sum within
// 4 eps log2(n+1) sum|x|; everything else exactly (nan == nan, -0 == 0).
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <random>
#include <vector>

#include "arrpy_cpp.hpp"
#include "reduce_table.hpp"
#include "thread_pool.hpp"

namespace {

long g_pass = 0, g_fail = 0;

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

const int64_t kItem[ARRPY_NUM_DTYPES] = {1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 8, 16};
const char *kOps[ARRPY_NUM_REDUCE_OPS] = {"sum", "prod", "min", "max", "all", "any", "argmin", "argmax", "sumsqdev"};

template <class R> struct Cx { R re, im; };
template <int D> struct Ty;
template <> struct Ty<ARRPY_BOOL> { typedef uint8_t T; };
template <> struct Ty<ARRPY_INT8> { typedef int8_t T; };
template <> struct Ty<ARRPY_UINT8> { typedef uint8_t T; };
template <> struct Ty<ARRPY_INT16> { typedef int16_t T; };
template <> struct Ty<ARRPY_UINT16> { typedef uint16_t T; };
template <> struct Ty<ARRPY_INT32> { typedef int32_t T; };
template <> struct Ty<ARRPY_UINT32> { typedef uint32_t T; };
template <> struct Ty<ARRPY_INT64> { typedef int64_t T; };
template <> struct Ty<ARRPY_UINT64> { typedef uint64_t T; };
template <> struct Ty<ARRPY_FLOAT32> { typedef float T; };
template <> struct Ty<ARRPY_FLOAT64> { typedef double T; };
template <> struct Ty<ARRPY_COMPLEX64> { typedef Cx<float> T; };
template <> struct Ty<ARRPY_COMPLEX128> { typedef Cx<double> T; };

constexpr bool is_cx(int d) { return d == ARRPY_COMPLEX64 || d == ARRPY_COMPLEX128; }
constexpr bool is_fl(int d) { return d == ARRPY_FLOAT32 || d == ARRPY_FLOAT64; }

template <class T> T ld(const char *p) { T v; memcpy(&v, p, sizeof v); return v; }

// Random test data of any dtype.
void fill(int dt, char *buf, int64_t count, std::mt19937_64 &rng, bool special, bool small = false) {
    std::normal_distribution<double> nd(0.0, 1.0);
    std::uniform_int_distribution<int> e(-2, 2), pick(0, 99), sp(0, 5);
    const double specials[6] = {0.0, -0.0, INFINITY, -INFINITY, NAN, 1.0};
    auto real = [&]() {
        if (special && pick(rng) < 3) return specials[sp(rng)];
        return small ? nd(rng) * 0.5 : nd(rng) * pow(10.0, e(rng));
    };
    for (int64_t i = 0; i < count; ++i) {
        char *p = buf + i * kItem[dt];
        const uint64_t bits = rng();
        const bool small_int = pick(rng) < 50;
        const int64_t sv = static_cast<int64_t>(bits % 7) - 3;
        switch (dt) {
            case ARRPY_BOOL: { uint8_t v = pick(rng) < 70; memcpy(p, &v, 1); break; }
            case ARRPY_FLOAT32: { float v = static_cast<float>(real()); memcpy(p, &v, 4); break; }
            case ARRPY_FLOAT64: { double v = real(); memcpy(p, &v, 8); break; }
            case ARRPY_COMPLEX64: { float v[2] = {static_cast<float>(real()), static_cast<float>(real())}; memcpy(p, v, 8); break; }
            case ARRPY_COMPLEX128: { double v[2] = {real(), real()}; memcpy(p, v, 16); break; }
            default: {
                uint64_t v = small_int ? static_cast<uint64_t>(sv) : bits;
                if (dt == ARRPY_UINT8 || dt == ARRPY_UINT16 || dt == ARRPY_UINT32 || dt == ARRPY_UINT64)
                    if (small_int) v = static_cast<uint64_t>(sv + 3);
                memcpy(p, &v, static_cast<size_t>(kItem[dt]));  // little-endian low bytes
            }
        }
    }
}

template <int I> double to_d(typename Ty<I>::T x) {
    if constexpr (I == ARRPY_BOOL) return x != 0;
    else if constexpr (is_cx(I)) return static_cast<double>(x.re);
    else return static_cast<double>(x);
}
template <int I> bool isnan_e(typename Ty<I>::T x) {
    if constexpr (is_cx(I)) return x.re != x.re || x.im != x.im;
    else if constexpr (is_fl(I)) return x != x;
    else return false;
}
template <class T> bool same_val(T a, T b) {
    if constexpr (std::is_floating_point<T>::value) return a == b || (a != a && b != b);
    else return a == b;
}
template <class R> bool same_val(Cx<R> a, Cx<R> b) { return same_val(a.re, b.re) && same_val(a.im, b.im); }

// NumPy-order comparisons for min/max/argmin/argmax of one input type.
template <int I, bool MAX> bool better(typename Ty<I>::T x, typename Ty<I>::T b) {  // x strictly better than b
    if constexpr (is_cx(I)) return MAX ? (x.re > b.re || (x.re == b.re && x.im > b.im))
                                       : (x.re < b.re || (x.re == b.re && x.im < b.im));
    else if constexpr (I == ARRPY_BOOL) return MAX ? (x != 0) > (b != 0) : (x != 0) < (b != 0);
    else return MAX ? x > b : x < b;
}

// Reference for one reduction; returns true if `got` matches.
template <int OP, int I, int O>
bool ref_check(int64_t n, const char *a, int64_t stride, const char *got_p, char *msg) {
    typedef typename Ty<I>::T T;
    typedef typename Ty<O>::T A;
    const A got = ld<A>(got_p);
    if constexpr (OP == ARRPY_SUMSQDEV) {  // two passes in long double, tolerance
        constexpr int C = is_cx(I) ? 2 : 1;
        const long double eps = O == ARRPY_FLOAT32 ? 1.1920929e-07L : 2.220446e-16L;
        long double mean[2] = {0, 0}, dev = 0, mag = 0;
        for (int pass = 0; pass < 2; ++pass) {
            for (int64_t k = 0; k < n; ++k) {
                const T x = ld<T>(a + k * stride);
                for (int c = 0; c < C; ++c) {
                    long double v;
                    if constexpr (is_cx(I)) v = c == 0 ? x.re : x.im;
                    else if constexpr (I == ARRPY_BOOL) v = x != 0;
                    else v = static_cast<long double>(x);
                    if (pass == 0) {
                        mean[c] += v;
                    } else {
                        dev += (v - mean[c]) * (v - mean[c]);
                        if (v == v) mag += (fabsl(v) + fabsl(mean[c])) * (fabsl(v) + fabsl(mean[c]));
                    }
                }
            }
            if (pass == 0)
                for (int c = 0; c < C; ++c) mean[c] /= static_cast<long double>(n > 0 ? n : 1);
        }
        const double g = got;
        const double want = static_cast<double>(dev);
        snprintf(msg, 200, "sumsqdev got %.17g want %.17g (n=%lld)", g, want, (long long)n);
        if (want != want || g != g) return want != want && g != g;
        if (isinf(want) || isinf(g)) return g == want;
        const long double bound = 8 * eps * log2l(static_cast<long double>(n) + 1) * mag + 1e-300L;
        return fabsl(static_cast<long double>(g) - dev) <= bound;
    } else if constexpr (OP == ARRPY_SUM || OP == ARRPY_PROD) {
        if constexpr (O == ARRPY_BOOL) {
            bool r = OP == ARRPY_PROD;
            for (int64_t k = 0; k < n; ++k) {
                const bool t = ld<T>(a + k * stride) != 0;
                r = OP == ARRPY_SUM ? (r || t) : (r && t);
            }
            snprintf(msg, 200, "got %d want %d", int(got), int(r));
            return got == static_cast<A>(r);
        } else if constexpr (!is_fl(O) && !is_cx(O)) {
            uint64_t r = OP == ARRPY_SUM ? 0 : 1;
            for (int64_t k = 0; k < n; ++k) {
                const T x = ld<T>(a + k * stride);
                const uint64_t v = I == ARRPY_BOOL ? uint64_t(x != 0) : static_cast<uint64_t>(static_cast<A>(x));
                r = OP == ARRPY_SUM ? r + v : r * v;
            }
            snprintf(msg, 200, "got %lld want %lld", (long long)got, (long long)static_cast<A>(r));
            return got == static_cast<A>(r);
        } else if constexpr (OP == ARRPY_PROD) {  // sequential, exact
            A r;
            if constexpr (is_cx(O)) {
                r = A{1, 0};
                for (int64_t k = 0; k < n; ++k) {
                    const T x = ld<T>(a + k * stride);
                    const auto re = r.re * x.re - r.im * x.im;
                    const auto im = r.re * x.im + r.im * x.re;
                    r = A{re, im};
                }
            } else {
                r = 1;
                for (int64_t k = 0; k < n; ++k) {
                    const T x = ld<T>(a + k * stride);
                    r *= I == ARRPY_BOOL ? A(x != 0) : static_cast<A>(x);
                }
            }
            if constexpr (is_cx(O)) snprintf(msg, 200, "prod got (%g, %g) want (%g, %g) (n=%lld)", double(got.re), double(got.im), double(r.re), double(r.im), (long long)n);
            else snprintf(msg, 200, "prod got %g want %g (n=%lld)", double(got), double(r), (long long)n);
            return same_val(got, r);
        } else {  // float / complex sum: long double, tolerance
            constexpr int C = is_cx(O) ? 2 : 1;
            const long double eps = (O == ARRPY_FLOAT32 || O == ARRPY_COMPLEX64) ? 1.1920929e-07L : 2.220446e-16L;
            for (int c = 0; c < C; ++c) {
                long double s = 0, mag = 0;
                for (int64_t k = 0; k < n; ++k) {
                    const T x = ld<T>(a + k * stride);
                    long double v;
                    if constexpr (is_cx(I)) v = c == 0 ? x.re : x.im;
                    else if constexpr (I == ARRPY_BOOL) v = x != 0;
                    else v = static_cast<typename std::conditional<is_cx(O), double, A>::type>(x);
                    s += v;
                    if (v == v) mag += fabsl(v);
                }
                double g;
                if constexpr (is_cx(O)) g = c == 0 ? got.re : got.im;
                else g = got;
                const double want = static_cast<double>(s);
                snprintf(msg, 200, "sum got %.17g want %.17g (n=%lld)", g, want, (long long)n);
                if (want != want || g != g) { if (!(want != want && g != g)) return false; continue; }
                if (isinf(want) || isinf(g)) { if (g != want) return false; continue; }
                const long double bound = 4 * eps * log2l(static_cast<long double>(n) + 1) * (mag + fabsl(s)) + 1e-300L;
                if (fabsl(static_cast<long double>(g) - s) > bound) return false;
            }
            return true;
        }
    } else if constexpr (OP == ARRPY_ALL || OP == ARRPY_ANY) {
        bool r = OP == ARRPY_ALL;
        for (int64_t k = 0; k < n; ++k) {
            const T x = ld<T>(a + k * stride);
            bool t;
            if constexpr (is_cx(I)) t = x.re != 0 || x.im != 0;
            else t = x != 0;
            r = OP == ARRPY_ALL ? (r && t) : (r || t);
        }
        snprintf(msg, 200, "got %d want %d", int(ld<uint8_t>(got_p)), int(r));
        return ld<uint8_t>(got_p) == static_cast<uint8_t>(r);
    } else {  // MIN, MAX, ARGMIN, ARGMAX: first index of the extreme, or of the first nan
        constexpr bool MAX = OP == ARRPY_MAX || OP == ARRPY_ARGMAX;
        int64_t bi = 0;
        T b = ld<T>(a);
        for (int64_t k = 1; k < n && !isnan_e<I>(b); ++k) {
            const T x = ld<T>(a + k * stride);
            if (isnan_e<I>(x) || better<I, MAX>(x, b)) { b = x; bi = k; }
        }
        if constexpr (OP == ARRPY_ARGMIN || OP == ARRPY_ARGMAX) {
            snprintf(msg, 200, "got %lld want %lld (n=%lld)", (long long)ld<int64_t>(got_p), (long long)bi, (long long)n);
            return ld<int64_t>(got_p) == bi;
        } else {
            const T g = ld<T>(got_p);
            snprintf(msg, 200, "min/max got %g want %g (n=%lld)", to_d<I>(g), to_d<I>(b), (long long)n);
            if constexpr (I == ARRPY_BOOL) return (g != 0) == (b != 0) && g <= 1;
            else return same_val(g, b);
        }
    }
}

typedef bool (*ref_fn)(int64_t, const char *, int64_t, const char *, char *);
ref_fn g_ref[ARRPY_NUM_REDUCE_OPS][ARRPY_NUM_DTYPES][ARRPY_NUM_DTYPES];

template <int OP, int I, int O> void reg1() {
    if constexpr (arrpy_cpp_is_reduce_supported(OP, I, O)) g_ref[OP][I][O] = &ref_check<OP, I, O>;
}
template <int OP, int I> void reg_in() {
    reg1<OP, I, 0>(); reg1<OP, I, 1>(); reg1<OP, I, 2>(); reg1<OP, I, 3>(); reg1<OP, I, 4>();
    reg1<OP, I, 5>(); reg1<OP, I, 6>(); reg1<OP, I, 7>(); reg1<OP, I, 8>(); reg1<OP, I, 9>();
    reg1<OP, I, 10>(); reg1<OP, I, 11>(); reg1<OP, I, 12>();
}
template <int OP> void reg_op() {
    reg_in<OP, 0>(); reg_in<OP, 1>(); reg_in<OP, 2>(); reg_in<OP, 3>(); reg_in<OP, 4>();
    reg_in<OP, 5>(); reg_in<OP, 6>(); reg_in<OP, 7>(); reg_in<OP, 8>(); reg_in<OP, 9>();
    reg_in<OP, 10>(); reg_in<OP, 11>(); reg_in<OP, 12>();
}

// Runs reduce_nd on an outer space (shape, sa, so in bytes) and checks every output.
void check_layout(const char *what, int op, int in, int out, int ndim, const int64_t *shape,
                  const char *a, const int64_t *sa, int64_t n, int64_t stride, const int64_t *so,
                  int64_t out_bytes, int64_t out_origin) {
    std::vector<char> obuf(static_cast<size_t>(out_bytes) + 64, 0x5a);
    char *o = obuf.data() + out_origin;
    const int st = arrpy_cpp_reduce_nd(op, in, out, ndim, shape, a, sa, n, stride, o, so);
    CHECK(st == 0, "%s %s %d->%d: status %d", what, kOps[op], in, out, st);
    int64_t total = 1;
    for (int d = 0; d < ndim; ++d) total *= shape[d];
    char msg[200];
    int fails = 0;
    for (int64_t u = 0; u < total && fails < 3; ++u) {
        int64_t rem = u, oa = 0, oo = 0;
        for (int d = ndim - 1; d >= 0; --d) {
            const int64_t i = rem % shape[d];
            rem /= shape[d];
            oa += i * sa[d];
            oo += i * so[d];
        }
        const bool ok = g_ref[op][in][out](n, a + oa, stride, o + oo, msg);
        if (!ok) ++fails;
        CHECK(ok, "%s %s %d->%d output %lld: %s", what, kOps[op], in, out, (long long)u, msg);
    }
}

bool needs_elements(int op) {
    return op == ARRPY_MIN || op == ARRPY_MAX || op == ARRPY_ARGMIN || op == ARRPY_ARGMAX;
}

void test_triple(int op, int in, int out, std::mt19937_64 &rng, bool big) {
    const int64_t is = kItem[in], os = kItem[out];
    const bool products = op == ARRPY_PROD && (is_fl(out) || is_cx(out));
    // A 37 x 1100 matrix (rows longer than the SIMD blocks), and a 3-d block.
    const int64_t R = 37, K = 1100;
    std::vector<char> m(static_cast<size_t>(R * K * is));
    fill(in, m.data(), R * K, rng, true, products);
    {
        const int64_t shape[1] = {R}, sa[1] = {K * is}, so[1] = {os};
        check_layout("rows", op, in, out, 1, shape, m.data(), sa, K, is, so, R * os, 0);
    }
    {
        const int64_t shape[1] = {K}, sa[1] = {is}, so[1] = {os};
        check_layout("axis0", op, in, out, 1, shape, m.data(), sa, R, K * is, so, K * os, 0);
    }
    {
        const int64_t shape[1] = {R / 2}, sa[1] = {2 * K * is}, so[1] = {2 * os};
        check_layout("strided", op, in, out, 1, shape, m.data(), sa, K / 3, 3 * is, so, R * os, 0);
    }
    {
        const int64_t shape[1] = {R}, sa[1] = {-K * is}, so[1] = {-os};
        const char *last = m.data() + (R * K - 1) * is;
        check_layout("reversed", op, in, out, 1, shape, last, sa, K, -is, so, R * os, (R - 1) * os);
    }
    {
        const int64_t shape[1] = {K}, sa[1] = {-is}, so[1] = {os};
        const char *last = m.data() + (R * K - 1) * is;
        check_layout("axis0 reversed", op, in, out, 1, shape, last, sa, R, -K * is, so, K * os, 0);
    }
    {  // 3-d (4, 5, 6) C array reduced over the middle axis; output (4, 6) transposed in memory
        const int64_t shape[2] = {4, 6}, sa[2] = {30 * is, is}, so[2] = {os, 4 * os};
        check_layout("3-d", op, in, out, 2, shape, m.data(), sa, 5, 6 * is, so, 24 * os, 0);
    }
    {  // single reductions of many lengths (SIMD tails), 0-d outer
        for (int64_t n : {1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65, 127, 129, 511, 513, 1023, 1025, 4097}) {
            if (n > R * K) continue;
            const int64_t off = (n * 7) % 13;
            check_layout("single", op, in, out, 0, nullptr, m.data() + off * is, nullptr, n, is, nullptr, os, 0);
        }
    }
    if (!needs_elements(op)) {  // n == 0: identities
        const int64_t shape[1] = {3}, sa[1] = {0}, so[1] = {os};
        check_layout("empty", op, in, out, 1, shape, m.data(), sa, 0, is, so, 3 * os, 0);
        check_layout("empty 0-d", op, in, out, 0, nullptr, m.data(), nullptr, 0, is, nullptr, os, 0);
    } else {
        char o[16];
        CHECK(arrpy_cpp_reduce_nd(op, in, out, 0, nullptr, m.data(), nullptr, 0, is, o, nullptr) ==
                  ARRPY_STATUS_UNSUPPORTED, "n == 0 %s", kOps[op]);
    }
    if (big) {  // threaded: one long reduction (k split) and a long-row matrix both ways
        const int64_t N = (int64_t(1) << 20) + 77;
        std::vector<char> v(static_cast<size_t>(N * is));
        fill(in, v.data(), N, rng, false, products);
        check_layout("long", op, in, out, 0, nullptr, v.data(), nullptr, N, is, nullptr, os, 0);
        const int64_t R2 = 1024, K2 = N / 1024;
        const int64_t s1[1] = {R2}, a1[1] = {K2 * is}, o1[1] = {os};
        check_layout("long rows", op, in, out, 1, s1, v.data(), a1, K2, is, o1, R2 * os, 0);
        const int64_t s0[1] = {K2}, a0[1] = {is}, o0[1] = {os};
        check_layout("long axis0", op, in, out, 1, s0, v.data(), a0, R2, K2 * is, o0, K2 * os, 0);
    }
}

void test_special_cases() {
    // first nan wins, ties give the first index, -0 == 0
    const double x[8] = {1, 3, 3, NAN, 1, NAN, -INFINITY, INFINITY};
    int64_t r;
    arrpy_cpp_reduce_nd(ARRPY_ARGMAX, ARRPY_FLOAT64, ARRPY_INT64, 0, nullptr, reinterpret_cast<const char *>(x), nullptr, 3, 8, reinterpret_cast<char *>(&r), nullptr);
    CHECK(r == 1, "argmax tie: %lld", (long long)r);
    arrpy_cpp_reduce_nd(ARRPY_ARGMIN, ARRPY_FLOAT64, ARRPY_INT64, 0, nullptr, reinterpret_cast<const char *>(x), nullptr, 8, 8, reinterpret_cast<char *>(&r), nullptr);
    CHECK(r == 3, "argmin first nan: %lld", (long long)r);
    double d;
    arrpy_cpp_reduce_nd(ARRPY_MAX, ARRPY_FLOAT64, ARRPY_FLOAT64, 0, nullptr, reinterpret_cast<const char *>(x), nullptr, 8, 8, reinterpret_cast<char *>(&d), nullptr);
    CHECK(d != d, "max nan: %g", d);
    // a leading inf in a long contiguous run (SIMD paths), and a leading -inf for argmin
    std::vector<double> lead(100, 2.0);
    lead[0] = INFINITY;
    lead[57] = -INFINITY;
    arrpy_cpp_reduce_nd(ARRPY_ARGMAX, ARRPY_FLOAT64, ARRPY_INT64, 0, nullptr, reinterpret_cast<const char *>(lead.data()), nullptr, 100, 8, reinterpret_cast<char *>(&r), nullptr);
    CHECK(r == 0, "argmax leading inf: %lld", (long long)r);
    arrpy_cpp_reduce_nd(ARRPY_ARGMIN, ARRPY_FLOAT64, ARRPY_INT64, 0, nullptr, reinterpret_cast<const char *>(lead.data()), nullptr, 100, 8, reinterpret_cast<char *>(&r), nullptr);
    CHECK(r == 57, "argmin -inf: %lld", (long long)r);
    arrpy_cpp_reduce_nd(ARRPY_MIN, ARRPY_FLOAT64, ARRPY_FLOAT64, 0, nullptr, reinterpret_cast<const char *>(lead.data()), nullptr, 100, 8, reinterpret_cast<char *>(&d), nullptr);
    CHECK(d == -INFINITY, "min with inf: %g", d);
    // float32 sum of 10^7 x 0.1: pairwise keeps it near the exact value (a running sum does not)
    std::vector<float> f(10000000, 0.1f);
    float s;
    arrpy_cpp_reduce_nd(ARRPY_SUM, ARRPY_FLOAT32, ARRPY_FLOAT32, 0, nullptr, reinterpret_cast<const char *>(f.data()), nullptr, 10000000, 4, reinterpret_cast<char *>(&s), nullptr);
    const double exact = 10000000.0 * static_cast<double>(0.1f);
    CHECK(fabs(s - exact) < 1e-6 * exact, "float32 sum 1e7: %.9g vs %.9g", double(s), exact);
    // integer wrap and counting
    const int8_t i8[4] = {100, 100, 100, -1};
    int8_t s8;
    arrpy_cpp_reduce_nd(ARRPY_SUM, ARRPY_INT8, ARRPY_INT8, 0, nullptr, reinterpret_cast<const char *>(i8), nullptr, 4, 1, reinterpret_cast<char *>(&s8), nullptr);
    CHECK(s8 == static_cast<int8_t>(299 - 256), "int8 sum wraps: %d", int(s8));
    // unsupported triples
    CHECK(arrpy_cpp_reduce_supported(ARRPY_SUM, ARRPY_FLOAT64, ARRPY_INT64) == 0, "sum f64->i64");
    CHECK(arrpy_cpp_reduce_supported(ARRPY_SUM, ARRPY_INT8, ARRPY_UINT64) == 0, "sum i8->u64");
    CHECK(arrpy_cpp_reduce_supported(ARRPY_MIN, ARRPY_INT8, ARRPY_INT64) == 0, "min i8->i64");
    CHECK(arrpy_cpp_reduce_supported(ARRPY_ARGMAX, ARRPY_COMPLEX64, ARRPY_INT64) == 1, "argmax c64");
}

}  // namespace

int main() {
    reg_op<0>(); reg_op<1>(); reg_op<2>(); reg_op<3>(); reg_op<4>(); reg_op<5>(); reg_op<6>(); reg_op<7>();
    reg_op<8>();
    const char *env = getenv("ARRPY_SIMD");
    printf("reduce selftest (%s)\n", env != nullptr ? env : "auto");
    std::mt19937_64 rng(12345);
    test_special_cases();
    int triples = 0;
    for (int threads : {1, 2}) {
        arrpy::pool::set_num_threads(threads);
        for (int op = 0; op < ARRPY_NUM_REDUCE_OPS; ++op)
            for (int in = 0; in < ARRPY_NUM_DTYPES; ++in)
                for (int out = 0; out < ARRPY_NUM_DTYPES; ++out) {
                    if (!arrpy_cpp_reduce_supported(op, in, out)) continue;
                    CHECK(g_ref[op][in][out] != nullptr, "no reference");
                    if (g_ref[op][in][out] == nullptr) continue;
                    test_triple(op, in, out, rng, threads == 2);
                    triples += threads == 1;
                }
    }
    const uint64_t jobs = arrpy::pool::parallel_jobs();
    CHECK(jobs > 0, "no parallel job ran");
    printf("reduce selftest: %d triples, %llu parallel jobs; %ld passed, %ld failed\n", triples,
           (unsigned long long)jobs, g_pass, g_fail);
    return g_fail == 0 ? 0 : 1;
}
