// Standalone self-test of the arrpy C++ kernels (not part of the library build).
//
// Build (from this directory) and run both SIMD paths:
//   F="-O3 -ffp-contract=off -std=c++17 -Wall -Wextra -fPIC -I../.. -I."
//   g++ $F -c elementwise_avx2.cpp -mavx2 -mfma -o /tmp/ew_avx2.o
//   g++ $F selftest.cpp elementwise_dispatch.cpp elementwise_baseline.cpp thread_pool.cpp
//       /tmp/ew_avx2.o -pthread -o /tmp/arrpy_selftest
//   /tmp/arrpy_selftest && ARRPY_SIMD=scalar /tmp/arrpy_selftest
// (see run_selftest.sh, which also runs it under -fsanitize=address,undefined).
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <mutex>
#include <set>
#include <thread>
#include <type_traits>
#include <vector>

#include "arrpy_cpp.hpp"
#include "thread_pool.hpp"

#if !defined(_WIN32)
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace {

std::atomic<long> g_pass{0}, g_fail{0};

#define CHECK(cond, ...)                                      \
    do {                                                      \
        if (cond) {                                           \
            g_pass.fetch_add(1);                              \
        } else {                                              \
            long nf = g_fail.fetch_add(1);                    \
            if (nf < 30) {                                    \
                fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
                fprintf(stderr, __VA_ARGS__);                 \
                fprintf(stderr, "\n");                        \
            }                                                 \
        }                                                     \
    } while (0)

const char *kBinOpNames[] = {"add",       "subtract",   "multiply", "divide",     "bitwise_and", "bitwise_or",
                             "bitwise_xor", "floor_divide", "remainder", "power",    "maximum",     "minimum",
                             "fmax",      "fmin",       "copysign", "hypot",      "arctan2",     "logaddexp",
                             "left_shift", "right_shift"};
const char *kCmpOpNames[] = {"equal",         "not_equal",   "less",       "less_equal", "greater",
                             "greater_equal", "logical_and", "logical_or", "logical_xor"};
static_assert(sizeof kBinOpNames / sizeof *kBinOpNames == ARRPY_NUM_BINARY_OPS, "op names");
static_assert(sizeof kCmpOpNames / sizeof *kCmpOpNames == ARRPY_NUM_COMPARE_OPS, "op names");

// Comparison mode (per thread): run_case tests arrpy_cpp_compare_nd (out is one byte per element)
// instead of arrpy_cpp_binary_nd, and op is an arrpy_compare_op.
thread_local bool g_cmp = false;
struct CmpMode {
    bool saved;
    explicit CmpMode(bool on) : saved(g_cmp) { g_cmp = on; }
    ~CmpMode() { g_cmp = saved; }
};
const char *op_name(int op) { return g_cmp ? kCmpOpNames[op] : kBinOpNames[op]; }
const char *kDtNames[] = {"bool",   "int8",    "uint8",   "int16",     "uint16",    "int32",     "uint32",
                          "int64",  "uint64",  "float32", "float64",   "complex64", "complex128"};
const int64_t kItem[] = {1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 8, 16};

bool expected_supported(int op, int dt) {
    if (op == ARRPY_ADD || op == ARRPY_MULTIPLY) return true;
    if (op == ARRPY_SUBTRACT) return dt != ARRPY_BOOL;
    if (op == ARRPY_BITWISE_AND || op == ARRPY_BITWISE_OR || op == ARRPY_BITWISE_XOR) return dt < ARRPY_FLOAT32;
    const bool is_int = dt > ARRPY_BOOL && dt < ARRPY_FLOAT32, is_float = dt == ARRPY_FLOAT32 || dt == ARRPY_FLOAT64;
    switch (op) {
        case ARRPY_FLOOR_DIVIDE:
        case ARRPY_REMAINDER: return is_int || is_float;
        case ARRPY_POWER: return dt != ARRPY_BOOL;
        case ARRPY_MAXIMUM:
        case ARRPY_MINIMUM:
        case ARRPY_FMAX:
        case ARRPY_FMIN: return true;
        case ARRPY_COPYSIGN:
        case ARRPY_HYPOT:
        case ARRPY_ARCTAN2:
        case ARRPY_LOGADDEXP: return is_float;
        case ARRPY_LEFT_SHIFT:
        case ARRPY_RIGHT_SHIFT: return is_int;
        default: break;
    }
    return dt >= ARRPY_FLOAT32;  // divide
}

struct Rng {
    uint64_t s;
    explicit Rng(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ULL + 12345) {}
    uint64_t next() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
    double unif() { return (next() >> 11) * (1.0 / 9007199254740992.0); }
};

// ------------------------------------------------------------------ reference (straightforward)

template <class T>
T loadv(const char *p) {
    T v;
    memcpy(&v, p, sizeof v);
    return v;
}
template <class T>
void storev(char *p, T v) {
    memcpy(p, &v, sizeof v);
}

// Status flags the reference expects from the kernel (or-ed over a case).
thread_local int g_ref_status = 0;

template <class T>
void ref_int(int op, const char *a, const char *b, char *o) {
    // wrap-around: compute in uint64 from the sign/zero-extended values, then truncate
    const uint64_t x = static_cast<uint64_t>(loadv<T>(a)), y = static_cast<uint64_t>(loadv<T>(b));
    const int bits = 8 * static_cast<int>(sizeof(T));
    const bool sgn = std::numeric_limits<T>::is_signed;
    const __int128 X = sgn ? __int128(int64_t(x)) : __int128(x), Y = sgn ? __int128(int64_t(y)) : __int128(y);
    uint64_t r = 0;
    if (op == ARRPY_FLOOR_DIVIDE || op == ARRPY_REMAINDER) {  // exact floor division in 128 bits
        if (Y == 0) {
            g_ref_status |= ARRPY_STATUS_DIVIDE_BY_ZERO;
        } else {
            __int128 q = X / Y;
            if (q * Y != X && ((X < 0) != (Y < 0))) q -= 1;
            if (op == ARRPY_FLOOR_DIVIDE) {
                if (q != __int128(T(q))) g_ref_status |= ARRPY_STATUS_OVERFLOW;  // MIN // -1
                r = static_cast<uint64_t>(q);
            } else {
                r = static_cast<uint64_t>(X - q * Y);
            }
        }
    }
    if (op == ARRPY_POWER) {
        if (sgn && Y < 0) {
            g_ref_status |= ARRPY_STATUS_NEGATIVE_INTEGER_POWER;
        } else {  // left-to-right binary exponentiation mod 2^64
            r = 1;
            for (int k = 63; k >= 0; --k) {
                r *= r;
                if ((y >> k) & 1) r *= x;
            }
        }
    }
    if (op == ARRPY_MAXIMUM || op == ARRPY_FMAX) r = X > Y ? x : y;
    if (op == ARRPY_MINIMUM || op == ARRPY_FMIN) r = X < Y ? x : y;
    if (op == ARRPY_LEFT_SHIFT) r = (Y >= 0 && Y < bits) ? x << int(Y) : 0;
    if (op == ARRPY_RIGHT_SHIFT) {
        const __int128 xs = X;  // value; shift the 128-bit value (arithmetic for negatives)
        r = (Y >= 0 && Y < bits) ? static_cast<uint64_t>(xs >> int(Y)) : (X < 0 ? ~uint64_t(0) : 0);
    }
    if (op == ARRPY_ADD) r = x + y;
    if (op == ARRPY_SUBTRACT) r = x - y;
    if (op == ARRPY_MULTIPLY) r = x * y;
    if (op == ARRPY_BITWISE_AND) r = x & y;
    if (op == ARRPY_BITWISE_OR) r = x | y;
    if (op == ARRPY_BITWISE_XOR) r = x ^ y;
    storev<T>(o, static_cast<T>(r));
}

// The floating-point status the kernels report for r = x OP y (abi.h, "Floating-point status").
template <class T>
int float_rule(int op, T x, T y, T r) {
    if (op != ARRPY_ADD && op != ARRPY_SUBTRACT && op != ARRPY_MULTIPLY && op != ARRPY_DIVIDE &&
        op != ARRPY_FLOOR_DIVIDE && op != ARRPY_REMAINDER && op != ARRPY_POWER && op != ARRPY_HYPOT)
        return ARRPY_OK;
    if (isnan(r)) return isnan(x) || isnan(y) ? ARRPY_OK : ARRPY_STATUS_INVALID;
    if (!isinf(r)) return ARRPY_OK;
    if (((op == ARRPY_DIVIDE || op == ARRPY_FLOOR_DIVIDE) && y == 0 && isfinite(x)) ||
        (op == ARRPY_POWER && x == 0 && y < 0))
        return ARRPY_STATUS_DIVIDE_BY_ZERO;
    return isfinite(x) && isfinite(y) ? ARRPY_STATUS_OVERFLOW : ARRPY_OK;
}

template <class T>
void ref_float(int op, const char *a, const char *b, char *o) {
    const T x = loadv<T>(a), y = loadv<T>(b);
    T r = 0;
    if (op == ARRPY_ADD) r = x + y;
    if (op == ARRPY_SUBTRACT) r = x - y;
    if (op == ARRPY_MULTIPLY) r = x * y;
    if (op == ARRPY_DIVIDE) r = x / y;
    if (op == ARRPY_FLOOR_DIVIDE || op == ARRPY_REMAINDER) {  // CPython's float divmod
        if (y == 0) {
            r = op == ARRPY_FLOOR_DIVIDE ? x / y : static_cast<T>(fmod(x, y));
        } else {
            T mod = static_cast<T>(fmod(x, y));
            T div = (x - mod) / y;
            if (mod != 0) {
                if ((y < 0) != (mod < 0)) {
                    mod += y;
                    div -= T(1);
                }
            } else {
                mod = copysign(T(0), y);
            }
            T fl;
            if (div != 0) {
                fl = static_cast<T>(floor(div));
                if (div - fl > T(0.5)) fl += T(1);
            } else {
                fl = copysign(T(0), x / y);
            }
            r = op == ARRPY_FLOOR_DIVIDE ? fl : mod;
        }
    }
    if (op == ARRPY_POWER) r = static_cast<T>(pow(x, y));
    if (op == ARRPY_MAXIMUM) r = isnan(x) ? x : isnan(y) ? y : (x >= y ? x : y);
    if (op == ARRPY_MINIMUM) r = isnan(x) ? x : isnan(y) ? y : (x <= y ? x : y);
    if (op == ARRPY_FMAX) r = isnan(y) ? x : isnan(x) ? y : (x >= y ? x : y);
    if (op == ARRPY_FMIN) r = isnan(y) ? x : isnan(x) ? y : (x <= y ? x : y);
    if (op == ARRPY_COPYSIGN) r = static_cast<T>(copysign(x, y));
    if (op == ARRPY_HYPOT) r = static_cast<T>(hypot(x, y));
    if (op == ARRPY_ARCTAN2) r = static_cast<T>(atan2(x, y));
    if (op == ARRPY_LOGADDEXP) {
        if (x == y) {
            r = x + static_cast<T>(M_LN2);
        } else {
            const T d = x - y;
            r = d > 0 ? x + static_cast<T>(log1p(exp(-d))) : d <= 0 ? y + static_cast<T>(log1p(exp(d))) : d;
        }
    }
    storev<T>(o, r);
    g_ref_status |= float_rule(op, x, y, r);
}

void sys_cpow(float ar, float ai, float br, float bi, float &re, float &im) {
    __complex__ float x, y, z;
    __real__ x = ar;
    __imag__ x = ai;
    __real__ y = br;
    __imag__ y = bi;
    z = __builtin_cpowf(x, y);
    re = __real__ z;
    im = __imag__ z;
}
void sys_cpow(double ar, double ai, double br, double bi, double &re, double &im) {
    __complex__ double x, y, z;
    __real__ x = ar;
    __imag__ x = ai;
    __real__ y = br;
    __imag__ y = bi;
    z = __builtin_cpow(x, y);
    re = __real__ z;
    im = __imag__ z;
}

// npy_cpow, with npymath's plain complex multiply (rounded products) and Smith division.
template <class R>
void ref_cmul(R ar, R ai, R br, R bi, R &re, R &im) {
    volatile R p1 = ar * br, p2 = ai * bi, p3 = ar * bi, p4 = ai * br;
    const R nr = R(p1) - R(p2), ni = R(p3) + R(p4);
    re = nr;
    im = ni;
}
template <class R>
void ref_cpow(R ar, R ai, R br, R bi, R &re, R &im) {
    if (br == 0 && bi == 0) { re = 1; im = 0; return; }
    if (ar == 0 && ai == 0) {
        re = im = br > 0 ? R(0) : std::numeric_limits<R>::quiet_NaN();
        return;
    }
    if (bi == 0 && br > -100 && br < 100 && br == trunc(br)) {
        const int n = static_cast<int>(br);
        if (n == 1) { re = ar; im = ai; return; }
        if (n == 2) { ref_cmul(ar, ai, ar, ai, re, im); return; }
        if (n == 3) {
            R sr, si;
            ref_cmul(ar, ai, ar, ai, sr, si);
            ref_cmul(ar, ai, sr, si, re, im);
            return;
        }
        const int m = n < 0 ? -n : n;
        R pr = ar, pi = ai, qr = 1, qi = 0;
        for (int bit = 0; (m >> bit) != 0; ++bit) {
            if (bit > 0) ref_cmul(pr, pi, pr, pi, pr, pi);
            if ((m >> bit) & 1) ref_cmul(qr, qi, pr, pi, qr, qi);
        }
        if (n < 0) {  // Smith: 1 / q
            const R abr = fabs(qr), abi = fabs(qi);
            if (abr >= abi) {
                if (abr == 0 && abi == 0) {
                    re = R(1) / abr;
                    im = R(0) / abr;
                } else {
                    const R rat = qi / qr, scl = R(1.0) / (qr + qi * rat);
                    re = (R(1) + R(0) * rat) * scl;
                    im = (R(0) - R(1) * rat) * scl;
                }
            } else {
                const R rat = qr / qi, scl = R(1.0) / (qi + qr * rat);
                re = (R(1) * rat + R(0)) * scl;
                im = (R(0) * rat - R(1)) * scl;
            }
        } else {
            re = qr;
            im = qi;
        }
        return;
    }
    sys_cpow(ar, ai, br, bi, re, im);
}

template <class R>
void ref_complex(int op, const char *a, const char *b, char *o) {
    const R ar = loadv<R>(a), ai = loadv<R>(a + sizeof(R));
    const R br = loadv<R>(b), bi = loadv<R>(b + sizeof(R));
    R re = 0, im = 0;
    if (op == ARRPY_ADD) { re = ar + br; im = ai + bi; }
    if (op == ARRPY_SUBTRACT) { re = ar - br; im = ai - bi; }
    if (op == ARRPY_MULTIPLY) {  // NumPy's fused formula (its SIMD loop on FMA hardware)
        volatile R p2 = ai * bi, p4 = ai * br;  // rounded products
        re = fma(ar, br, -R(p2));
        im = fma(ar, bi, R(p4));
    }
    if (op == ARRPY_DIVIDE) {
        const R abs_br = fabs(br), abs_bi = fabs(bi);
        if (abs_br >= abs_bi) {
            if (abs_br == 0 && abs_bi == 0) {
                re = ar / abs_br;
                im = ai / abs_br;
            } else {
                const R rat = bi / br;
                const R scl = R(1.0) / (br + bi * rat);
                re = (ar + ai * rat) * scl;
                im = (ai - ar * rat) * scl;
            }
        } else {
            const R rat = br / bi;
            const R scl = R(1.0) / (bi + br * rat);
            re = (ar * rat + ai) * scl;
            im = (ai * rat - ar) * scl;
        }
    }
    if (op >= ARRPY_MAXIMUM && op <= ARRPY_FMIN) {
        const bool nonan_i = !isnan(ai) && !isnan(bi);
        const bool ge = (ar > br && nonan_i) || (ar == br && ai >= bi);
        const bool le = (ar < br && nonan_i) || (ar == br && ai <= bi);
        const bool a_nan = isnan(ar) || isnan(ai), b_nan = isnan(br) || isnan(bi);
        bool take_a = false;
        if (op == ARRPY_MAXIMUM) take_a = a_nan || ge;
        if (op == ARRPY_MINIMUM) take_a = a_nan || le;
        if (op == ARRPY_FMAX) take_a = b_nan || ge;
        if (op == ARRPY_FMIN) take_a = b_nan || le;
        re = take_a ? ar : br;
        im = take_a ? ai : bi;
    }
    if (op == ARRPY_POWER) ref_cpow(ar, ai, br, bi, re, im);
    storev<R>(o, re);
    storev<R>(o + sizeof(R), im);
}

void ref_elem(int op, int dt, const char *a, const char *b, char *o) {
    switch (dt) {
        case ARRPY_BOOL: {
            const uint8_t x = *a != 0, y = *b != 0;
            uint8_t r = 0;
            if (op == ARRPY_ADD || op == ARRPY_BITWISE_OR || op == ARRPY_MAXIMUM || op == ARRPY_FMAX) r = x | y;
            if (op == ARRPY_MULTIPLY || op == ARRPY_BITWISE_AND || op == ARRPY_MINIMUM || op == ARRPY_FMIN) r = x & y;
            if (op == ARRPY_BITWISE_XOR) r = x ^ y;
            *o = static_cast<char>(r);
            break;
        }
        case ARRPY_INT8: ref_int<int8_t>(op, a, b, o); break;
        case ARRPY_UINT8: ref_int<uint8_t>(op, a, b, o); break;
        case ARRPY_INT16: ref_int<int16_t>(op, a, b, o); break;
        case ARRPY_UINT16: ref_int<uint16_t>(op, a, b, o); break;
        case ARRPY_INT32: ref_int<int32_t>(op, a, b, o); break;
        case ARRPY_UINT32: ref_int<uint32_t>(op, a, b, o); break;
        case ARRPY_INT64: ref_int<int64_t>(op, a, b, o); break;
        case ARRPY_UINT64: ref_int<uint64_t>(op, a, b, o); break;
        case ARRPY_FLOAT32: ref_float<float>(op, a, b, o); break;
        case ARRPY_FLOAT64: ref_float<double>(op, a, b, o); break;
        case ARRPY_COMPLEX64: ref_complex<float>(op, a, b, o); break;
        case ARRPY_COMPLEX128: ref_complex<double>(op, a, b, o); break;
    }
}

// Comparisons and logical ops, written from the definitions in abi.h.
bool ref_logical(int op, bool x, bool y) {
    if (op == ARRPY_LOGICAL_AND) return x && y;
    if (op == ARRPY_LOGICAL_OR) return x || y;
    return x != y;  // LOGICAL_XOR
}
template <class T>
bool ref_cmp_real(int op, T x, T y) {
    switch (op) {
        case ARRPY_LOGICAL_AND:
        case ARRPY_LOGICAL_OR:
        case ARRPY_LOGICAL_XOR: return ref_logical(op, x != 0, y != 0);  // nan != 0, -0.0 == 0
        case ARRPY_EQUAL: return x == y;
        case ARRPY_NOT_EQUAL: return x != y;
        case ARRPY_LESS: return x < y;
        case ARRPY_LESS_EQUAL: return x <= y;
        case ARRPY_GREATER: return x > y;
        case ARRPY_GREATER_EQUAL: return x >= y;
    }
    return false;
}
template <class R>
bool ref_cmp_complex(int op, const char *a, const char *b) {
    const R xr = loadv<R>(a), xi = loadv<R>(a + sizeof(R));
    const R yr = loadv<R>(b), yi = loadv<R>(b + sizeof(R));
    const bool eq = xr == yr && xi == yi;
    const bool nonan_i = !isnan(xi) && !isnan(yi);
    switch (op) {
        case ARRPY_LOGICAL_AND:
        case ARRPY_LOGICAL_OR:
        case ARRPY_LOGICAL_XOR: return ref_logical(op, xr != 0 || xi != 0, yr != 0 || yi != 0);
        case ARRPY_EQUAL: return eq;
        case ARRPY_NOT_EQUAL: return !eq;
        case ARRPY_LESS: return (xr < yr && nonan_i) || (xr == yr && xi < yi);
        case ARRPY_LESS_EQUAL: return (xr < yr && nonan_i) || (xr == yr && xi <= yi);
        case ARRPY_GREATER: return (xr > yr && nonan_i) || (xr == yr && xi > yi);
        case ARRPY_GREATER_EQUAL: return (xr > yr && nonan_i) || (xr == yr && xi >= yi);
    }
    return false;
}
void ref_cmp(int op, int dt, const char *a, const char *b, char *o) {
    bool r = false;
    switch (dt) {
        case ARRPY_BOOL: r = ref_cmp_real<int>(op, *a != 0, *b != 0); break;
        case ARRPY_INT8: r = ref_cmp_real(op, loadv<int8_t>(a), loadv<int8_t>(b)); break;
        case ARRPY_UINT8: r = ref_cmp_real(op, loadv<uint8_t>(a), loadv<uint8_t>(b)); break;
        case ARRPY_INT16: r = ref_cmp_real(op, loadv<int16_t>(a), loadv<int16_t>(b)); break;
        case ARRPY_UINT16: r = ref_cmp_real(op, loadv<uint16_t>(a), loadv<uint16_t>(b)); break;
        case ARRPY_INT32: r = ref_cmp_real(op, loadv<int32_t>(a), loadv<int32_t>(b)); break;
        case ARRPY_UINT32: r = ref_cmp_real(op, loadv<uint32_t>(a), loadv<uint32_t>(b)); break;
        case ARRPY_INT64: r = ref_cmp_real(op, loadv<int64_t>(a), loadv<int64_t>(b)); break;
        case ARRPY_UINT64: r = ref_cmp_real(op, loadv<uint64_t>(a), loadv<uint64_t>(b)); break;
        case ARRPY_FLOAT32: r = ref_cmp_real(op, loadv<float>(a), loadv<float>(b)); break;
        case ARRPY_FLOAT64: r = ref_cmp_real(op, loadv<double>(a), loadv<double>(b)); break;
        case ARRPY_COMPLEX64: r = ref_cmp_complex<float>(op, a, b); break;
        case ARRPY_COMPLEX128: r = ref_cmp_complex<double>(op, a, b); break;
    }
    *o = static_cast<char>(r ? 1 : 0);
}

// Equal bit for bit, except that any NaN equals any NaN (payloads are not specified).
bool same_elem(int dt, const char *x, const char *y) {
    if (dt == ARRPY_FLOAT32 || dt == ARRPY_COMPLEX64) {
        for (int k = 0; k < (dt == ARRPY_FLOAT32 ? 1 : 2); ++k) {
            const float u = loadv<float>(x + 4 * k), v = loadv<float>(y + 4 * k);
            if (isnan(u) && isnan(v)) continue;
            if (memcmp(x + 4 * k, y + 4 * k, 4) != 0) return false;
        }
        return true;
    }
    if (dt == ARRPY_FLOAT64 || dt == ARRPY_COMPLEX128) {
        for (int k = 0; k < (dt == ARRPY_FLOAT64 ? 1 : 2); ++k) {
            const double u = loadv<double>(x + 8 * k), v = loadv<double>(y + 8 * k);
            if (isnan(u) && isnan(v)) continue;
            if (memcmp(x + 8 * k, y + 8 * k, 8) != 0) return false;
        }
        return true;
    }
    return memcmp(x, y, static_cast<size_t>(kItem[dt])) == 0;
}

// ------------------------------------------------------------------ random data

template <class T>
T rand_float(Rng &r, bool zeros) {
    if (g_cmp && r.next() % 2 == 0) {  // comparisons: a small set, so that ties are frequent
        static const double pool[] = {0.0, -0.0, 1.0, -1.0, 2.0, 1e300, -1e-300, HUGE_VAL, -HUGE_VAL, NAN};
        return static_cast<T>(pool[r.next() % 10]);
    }
    const uint64_t k = r.next() % 32;
    const T inf = std::numeric_limits<T>::infinity();
    switch (k) {
        case 0: return zeros ? T(0) : T(1);
        case 1: return zeros ? -T(0) : T(-2);
        case 2: return inf;
        case 3: return -inf;
        case 4: return std::numeric_limits<T>::quiet_NaN();
        case 5: return std::numeric_limits<T>::denorm_min() * T(r.next() % 1000 + 1);
        case 6: return std::numeric_limits<T>::max() * T(r.unif());
        case 7: return T(static_cast<int>(r.next() % 200) - 100);
        default: {
            const double m = r.unif() * 2 - 1;
            const int e = static_cast<int>(r.next() % 40) - 20;
            return static_cast<T>(ldexp(m, e));
        }
    }
}

void fill(int dt, char *p, int64_t nbytes, Rng &r) {
    const int64_t is = kItem[dt];
    for (int64_t i = 0; i + is <= nbytes; i += is) {
        switch (dt) {
            case ARRPY_BOOL: {  // mostly 0/1, sometimes other nonzero bytes
                const uint64_t k = r.next() % 8;
                p[i] = static_cast<char>(k < 3 ? 0 : (k < 7 ? 1 : static_cast<int>(r.next() % 255) + 1));
                break;
            }
            case ARRPY_FLOAT32: storev<float>(p + i, rand_float<float>(r, true)); break;
            case ARRPY_FLOAT64: storev<double>(p + i, rand_float<double>(r, true)); break;
            case ARRPY_COMPLEX64:
                storev<float>(p + i, rand_float<float>(r, true));
                storev<float>(p + i + 4, rand_float<float>(r, true));
                break;
            case ARRPY_COMPLEX128:
                storev<double>(p + i, rand_float<double>(r, true));
                storev<double>(p + i + 8, rand_float<double>(r, true));
                break;
            default: {  // integers: full range, plus extremes and small values
                const uint64_t k = r.next() % 8;
                uint64_t v = r.next();
                if (k == 0) v = 0;
                if (k == 1) v = ~uint64_t(0);
                if (k == 2) v = uint64_t(1) << (8 * is - 1);  // INT_MIN pattern
                if (k == 3) v = (uint64_t(1) << (8 * is - 1)) - 1;  // INT_MAX pattern
                if (k == 4) v = r.next() % 7;
                if (k == 5 && g_cmp) v = uint64_t(0) - r.next() % 3;  // -1, -2 patterns
                memcpy(p + i, &v, static_cast<size_t>(is));  // little endian: low bytes
            }
        }
    }
}

// ------------------------------------------------------------------ generic case runner

enum Inplace { kNone = 0, kOutIsA = 1, kOutIsB = 2 };

struct Span {  // byte buffer that holds an operand with the given element strides
    std::vector<char> buf;
    int64_t base = 0;  // byte offset of the first element
};

void make_span(Span &s, int ndim, const int64_t *shape, const int64_t *st_el, int64_t is, int64_t misalign) {
    int64_t lo = 0, hi = 0;
    bool empty = false;
    for (int d = 0; d < ndim; ++d) {
        if (shape[d] == 0) empty = true;
        const int64_t e = (shape[d] - 1) * st_el[d];
        if (e < 0) lo += e; else hi += e;
    }
    if (empty) lo = hi = 0;
    const int64_t pad = 64;
    s.buf.assign(static_cast<size_t>((hi - lo + 1) * is + 2 * pad + misalign), 0);
    s.base = pad + misalign + (-lo) * is;
}

// Runs one case and compares the whole output buffer (written elements against the reference,
// everything else must be untouched).
void run_case(Rng &rng, int op, int dt, int ndim, const int64_t *shape, const int64_t *sa_el,
              const int64_t *sb_el, const int64_t *so_el, Inplace inplace, const char *what,
              int64_t misalign = 0) {
    const int64_t is = kItem[dt];
    const int odt = g_cmp ? ARRPY_BOOL : dt;  // output dtype
    const int64_t ois = kItem[odt];
    if (inplace != kNone && ois != is) return;  // out cannot be identical to an input
    Span A, B, O;
    make_span(A, ndim, shape, sa_el, is, misalign);
    make_span(B, ndim, shape, sb_el, is, 0);
    make_span(O, ndim, shape, so_el, ois, misalign);
    fill(dt, A.buf.data(), static_cast<int64_t>(A.buf.size()), rng);
    fill(dt, B.buf.data(), static_cast<int64_t>(B.buf.size()), rng);
    if (inplace == kNone) {
        memset(O.buf.data(), 0xA5, O.buf.size());
    } else if (inplace == kOutIsA) {
        O = A;
    } else {
        O = B;
    }
    const std::vector<char> a0 = A.buf, b0 = B.buf;  // originals (in-place cases)
    std::vector<char> expect = O.buf;
    std::vector<char> written(O.buf.size(), 0);

    int64_t sa[8], sb[8], so[8];
    for (int d = 0; d < ndim; ++d) {
        sa[d] = sa_el[d] * is;
        sb[d] = sb_el[d] * is;
        so[d] = so_el[d] * ois;
    }
    // reference: naive odometer
    int64_t total = 1;
    for (int d = 0; d < ndim; ++d) total *= shape[d];
    int64_t idx[8] = {0};
    g_ref_status = 0;
    for (int64_t k = 0; k < total; ++k) {
        int64_t oa = A.base, ob = B.base, oo = O.base;
        for (int d = 0; d < ndim; ++d) {
            oa += idx[d] * sa[d];
            ob += idx[d] * sb[d];
            oo += idx[d] * so[d];
        }
        if (g_cmp) {
            ref_cmp(op, dt, a0.data() + oa, b0.data() + ob, expect.data() + oo);
        } else {
            ref_elem(op, dt, a0.data() + oa, b0.data() + ob, expect.data() + oo);
        }
        memset(written.data() + oo, 1, static_cast<size_t>(ois));
        for (int d = ndim - 1; d >= 0; --d) {
            if (++idx[d] < shape[d]) break;
            idx[d] = 0;
        }
    }
    char *pa = (inplace == kOutIsA ? O.buf.data() : A.buf.data()) + A.base;
    char *pb = (inplace == kOutIsB ? O.buf.data() : B.buf.data()) + B.base;
    const int rc = (g_cmp ? arrpy_cpp_compare_nd : arrpy_cpp_binary_nd)(op, dt, ndim, shape, pa, sa, pb, sb,
                                                                      O.buf.data() + O.base, so);
    const int want_rc = g_cmp ? ARRPY_OK : g_ref_status;
    CHECK(rc == want_rc, "%s %s %s: rc=%d want %d", what, op_name(op), kDtNames[dt], rc, want_rc);
    long bad = 0;
    int64_t first_bad = -1;
    for (int64_t i = 0; i < static_cast<int64_t>(expect.size());) {
        if (written[i]) {
            if (!same_elem(odt, O.buf.data() + i, expect.data() + i)) {
                if (first_bad < 0) first_bad = i;
                ++bad;
            }
            i += ois;
        } else {
            if (O.buf[i] != expect[i]) {
                if (first_bad < 0) first_bad = i;
                ++bad;
            }
            i += 1;
        }
    }
    char got_hex[80] = "", want_hex[80] = "";
    if (first_bad >= 0) {
        for (int64_t k = 0; k < ois && first_bad + ois - 1 - k < static_cast<int64_t>(expect.size()); ++k) {
            snprintf(got_hex + 2 * k, 3, "%02x", static_cast<unsigned char>(O.buf[first_bad + ois - 1 - k]));
            snprintf(want_hex + 2 * k, 3, "%02x", static_cast<unsigned char>(expect[first_bad + ois - 1 - k]));
        }
    }
    CHECK(bad == 0, "%s %s %s ndim=%d shape0=%lld: %ld bad elements/bytes, first at byte %lld: got 0x%s want 0x%s",
          what, op_name(op), kDtNames[dt], ndim, (long long)(ndim ? shape[0] : 1), bad, (long long)first_bad,
          got_hex, want_hex);
}

void for_each_supported(void (*f)(Rng &, int, int), Rng &rng) {
    for (int op = 0; op < ARRPY_NUM_BINARY_OPS; ++op)
        for (int dt = 0; dt < ARRPY_NUM_DTYPES; ++dt)
            if (expected_supported(op, dt)) f(rng, op, dt);
}

// Every comparison op x dtype, in comparison mode.
void for_each_compare(void (*f)(Rng &, int, int), Rng &rng) {
    CmpMode mode(true);
    for (int op = 0; op < ARRPY_NUM_COMPARE_OPS; ++op)
        for (int dt = 0; dt < ARRPY_NUM_DTYPES; ++dt) f(rng, op, dt);
}

// ------------------------------------------------------------------ layout tests

void layouts(Rng &rng, int op, int dt) {
    // 1-D contiguous, scalar-a, scalar-b, both scalar, strided, negative strides: sizes 0..70
    for (int64_t n = 0; n <= 70; ++n) {
        const int64_t sh[1] = {n}, c[1] = {1}, z[1] = {0}, s2[1] = {2}, s3[1] = {3}, m1[1] = {-1}, m2[1] = {-2};
        run_case(rng, op, dt, 1, sh, c, c, c, kNone, "contig");
        run_case(rng, op, dt, 1, sh, z, c, c, kNone, "scalar-a");
        run_case(rng, op, dt, 1, sh, c, z, c, kNone, "scalar-b");
        run_case(rng, op, dt, 1, sh, z, z, c, kNone, "scalar-ab");
        run_case(rng, op, dt, 1, sh, s2, s3, c, kNone, "strided-in");
        run_case(rng, op, dt, 1, sh, c, c, s2, kNone, "strided-out");
        run_case(rng, op, dt, 1, sh, m1, c, c, kNone, "neg-a");
        run_case(rng, op, dt, 1, sh, c, m2, c, kNone, "neg-b");
        run_case(rng, op, dt, 1, sh, m1, m1, m1, kNone, "neg-all");
        run_case(rng, op, dt, 1, sh, c, m1, m1, kNone, "neg-out");
        run_case(rng, op, dt, 1, sh, z, m1, m1, kNone, "neg-scalar");
        run_case(rng, op, dt, 1, sh, c, c, c, kOutIsA, "inplace-a");
        run_case(rng, op, dt, 1, sh, c, c, c, kOutIsB, "inplace-b");
        run_case(rng, op, dt, 1, sh, c, z, c, kOutIsA, "inplace-a-scalar-b");
        run_case(rng, op, dt, 1, sh, z, c, c, kOutIsB, "inplace-b-scalar-a");
        run_case(rng, op, dt, 1, sh, m1, c, m1, kOutIsA, "inplace-neg");
        run_case(rng, op, dt, 1, sh, c, c, c, kNone, "misaligned", 8 % kItem[dt] == 0 ? 8 : 0);
    }
    // 2-D: transposed, broadcast rows/columns, F-order output, sub-views
    const int64_t dims[][2] = {{1, 1}, {1, 7}, {7, 1}, {3, 5}, {5, 3}, {4, 16}, {17, 9}, {2, 33}, {0, 5}, {5, 0}};
    for (const auto &d : dims) {
        const int64_t m = d[0], n = d[1];
        const int64_t sh[2] = {m, n};
        const int64_t C[2] = {n, 1}, F[2] = {1, m}, row[2] = {0, 1}, col[2] = {1, 0}, z[2] = {0, 0};
        const int64_t sub[2] = {2 * n + 3, 2}, neg[2] = {-n, -1}, negrow[2] = {n, -1};
        run_case(rng, op, dt, 2, sh, C, C, C, kNone, "2d-C");
        run_case(rng, op, dt, 2, sh, F, C, C, kNone, "2d-transposed-a");
        run_case(rng, op, dt, 2, sh, C, F, C, kNone, "2d-transposed-b");
        run_case(rng, op, dt, 2, sh, F, F, F, kNone, "2d-F-all");
        run_case(rng, op, dt, 2, sh, F, C, F, kNone, "2d-F-out");
        run_case(rng, op, dt, 2, sh, row, C, C, kNone, "2d-bcast-row-a");
        run_case(rng, op, dt, 2, sh, C, col, C, kNone, "2d-bcast-col-b");
        run_case(rng, op, dt, 2, sh, col, row, C, kNone, "2d-outer");
        run_case(rng, op, dt, 2, sh, z, F, C, kNone, "2d-scalar-a");
        run_case(rng, op, dt, 2, sh, sub, C, C, kNone, "2d-subview");
        run_case(rng, op, dt, 2, sh, neg, C, C, kNone, "2d-neg-a");
        run_case(rng, op, dt, 2, sh, negrow, neg, neg, kNone, "2d-neg-out");
        run_case(rng, op, dt, 2, sh, F, C, F, kOutIsA, "2d-inplace-F");
    }
    // 3-D and 4-D with size-1 dims and partial contiguity
    {
        const int64_t sh[3] = {3, 4, 5}, C[3] = {20, 5, 1}, P[3] = {40, 5, 1}, B[3] = {0, 5, 1}, T[3] = {1, 3, 12};
        run_case(rng, op, dt, 3, sh, C, C, C, kNone, "3d-C");
        run_case(rng, op, dt, 3, sh, P, C, C, kNone, "3d-partial");
        run_case(rng, op, dt, 3, sh, B, P, C, kNone, "3d-bcast");
        run_case(rng, op, dt, 3, sh, T, C, P, kNone, "3d-transposed");
        const int64_t sh4[4] = {2, 1, 3, 1}, S4[4] = {3, 99, 1, 7}, Z4[4] = {0, 5, 0, 3};
        run_case(rng, op, dt, 4, sh4, S4, Z4, S4, kNone, "4d-size1");
        const int64_t sh0[3] = {2, 0, 3}, C0[3] = {0, 3, 1};
        run_case(rng, op, dt, 3, sh0, C0, C0, C0, kNone, "3d-empty");
    }
    // ndim 0
    run_case(rng, op, dt, 0, nullptr, nullptr, nullptr, nullptr, kNone, "ndim0");
}

void large(Rng &rng, int op, int dt) {
    const uint64_t before = arrpy::pool::parallel_jobs();
    const int64_t n = (int64_t(1) << 20) + 37;
    const int64_t sh[1] = {n}, c[1] = {1}, z[1] = {0}, m1[1] = {-1};
    run_case(rng, op, dt, 1, sh, c, c, c, kNone, "large-contig");
    run_case(rng, op, dt, 1, sh, c, z, c, kNone, "large-scalar-b");
    run_case(rng, op, dt, 1, sh, m1, c, c, kNone, "large-neg");
    run_case(rng, op, dt, 1, sh, c, c, c, kNone, "large-misaligned", 8 % kItem[dt] == 0 ? 8 : 0);
    const int64_t sh2[2] = {513, 1031}, C[2] = {1031, 1}, F[2] = {1, 513}, row[2] = {0, 1};
    run_case(rng, op, dt, 2, sh2, F, row, C, kNone, "large-2d-transposed");
    const int64_t sh3[2] = {3, 700001}, C3[2] = {700001, 1}, P3[2] = {700003, 1};
    run_case(rng, op, dt, 2, sh3, P3, C3, C3, kNone, "large-2d-rows");
    const uint64_t after = arrpy::pool::parallel_jobs();
    if (arrpy_cpp_get_num_threads() > 1) {
        CHECK(after - before >= 5, "large %s %s: only %llu parallel jobs", op_name(op), kDtNames[dt],
              (unsigned long long)(after - before));
    }
}

// ------------------------------------------------------------------ specific values

template <class T>
void expect1(int op, int dt, T a, T b, T want, const char *what) {
    T out;
    memset(&out, 0x5A, sizeof out);
    const int rc = arrpy_cpp_binary_nd(op, dt, 0, nullptr, reinterpret_cast<const char *>(&a), nullptr,
                                       reinterpret_cast<const char *>(&b), nullptr,
                                       reinterpret_cast<char *>(&out), nullptr);
    int want_rc = ARRPY_OK;
    if constexpr (std::is_floating_point<T>::value) want_rc = float_rule(op, a, b, want);
    CHECK(rc == want_rc && same_elem(dt, reinterpret_cast<const char *>(&out), reinterpret_cast<const char *>(&want)),
          "%s", what);
    // and through the contiguous / broadcast SIMD paths (incl. tails)
    for (int n : {1, 5, 40}) {
        std::vector<T> va(n, a), vb(n, b), vo(n);
        const int64_t sh[1] = {n}, c[1] = {int64_t(sizeof(T))}, z[1] = {0};
        arrpy_cpp_binary_nd(op, dt, 1, sh, reinterpret_cast<const char *>(va.data()), c,
                            reinterpret_cast<const char *>(vb.data()), c, reinterpret_cast<char *>(vo.data()), c);
        bool ok = true;
        for (int i = 0; i < n; ++i)
            ok &= same_elem(dt, reinterpret_cast<const char *>(&vo[i]), reinterpret_cast<const char *>(&want));
        arrpy_cpp_binary_nd(op, dt, 1, sh, reinterpret_cast<const char *>(&a), z,
                            reinterpret_cast<const char *>(vb.data()), c, reinterpret_cast<char *>(vo.data()), c);
        for (int i = 0; i < n; ++i)
            ok &= same_elem(dt, reinterpret_cast<const char *>(&vo[i]), reinterpret_cast<const char *>(&want));
        arrpy_cpp_binary_nd(op, dt, 1, sh, reinterpret_cast<const char *>(va.data()), c,
                            reinterpret_cast<const char *>(&b), z, reinterpret_cast<char *>(vo.data()), c);
        for (int i = 0; i < n; ++i)
            ok &= same_elem(dt, reinterpret_cast<const char *>(&vo[i]), reinterpret_cast<const char *>(&want));
        CHECK(ok, "%s (n=%d)", what, n);
    }
}

struct cf { float re, im; };
struct cd { double re, im; };

void specific_values() {
    const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
    const float finf = std::numeric_limits<float>::infinity(), fnan = std::numeric_limits<float>::quiet_NaN();
    // bool
    expect1<uint8_t>(ARRPY_ADD, ARRPY_BOOL, 2, 0, 1, "bool 2 or 0");
    expect1<uint8_t>(ARRPY_ADD, ARRPY_BOOL, 0, 0, 0, "bool 0 or 0");
    expect1<uint8_t>(ARRPY_MULTIPLY, ARRPY_BOOL, 2, 128, 1, "bool 2 and 128");
    expect1<uint8_t>(ARRPY_MULTIPLY, ARRPY_BOOL, 255, 0, 0, "bool 255 and 0");
    // bitwise ops: bool is logical (any nonzero byte true, result 0/1), integers plain bitwise
    expect1<uint8_t>(ARRPY_BITWISE_AND, ARRPY_BOOL, 2, 128, 1, "bool 2 & 128");
    expect1<uint8_t>(ARRPY_BITWISE_AND, ARRPY_BOOL, 255, 0, 0, "bool 255 & 0");
    expect1<uint8_t>(ARRPY_BITWISE_OR, ARRPY_BOOL, 2, 0, 1, "bool 2 | 0");
    expect1<uint8_t>(ARRPY_BITWISE_OR, ARRPY_BOOL, 0, 0, 0, "bool 0 | 0");
    expect1<uint8_t>(ARRPY_BITWISE_XOR, ARRPY_BOOL, 2, 1, 0, "bool 2 ^ 1");
    expect1<uint8_t>(ARRPY_BITWISE_XOR, ARRPY_BOOL, 254, 0, 1, "bool 254 ^ 0");
    expect1<uint8_t>(ARRPY_BITWISE_XOR, ARRPY_BOOL, 0, 0, 0, "bool 0 ^ 0");
    expect1<int8_t>(ARRPY_BITWISE_AND, ARRPY_INT8, -1, 0x55, 0x55, "int8 -1 & 0x55");
    expect1<int8_t>(ARRPY_BITWISE_OR, ARRPY_INT8, -128, 1, -127, "int8 -128 | 1");
    expect1<int8_t>(ARRPY_BITWISE_XOR, ARRPY_INT8, -1, 127, -128, "int8 -1 ^ 127");
    expect1<uint8_t>(ARRPY_BITWISE_XOR, ARRPY_UINT8, 0xF0, 0xFF, 0x0F, "uint8 0xf0 ^ 0xff");
    expect1<int16_t>(ARRPY_BITWISE_AND, ARRPY_INT16, -256, 0x1FF, 0x100, "int16 -256 & 0x1ff");
    expect1<uint16_t>(ARRPY_BITWISE_OR, ARRPY_UINT16, 0x8000, 1, 0x8001, "uint16 0x8000 | 1");
    expect1<int32_t>(ARRPY_BITWISE_XOR, ARRPY_INT32, -2147483647 - 1, -1, 2147483647, "int32 min ^ -1");
    expect1<uint32_t>(ARRPY_BITWISE_AND, ARRPY_UINT32, 0xDEADBEEFu, 0xFFFF0000u, 0xDEAD0000u, "uint32 and");
    expect1<int64_t>(ARRPY_BITWISE_OR, ARRPY_INT64, INT64_MIN, 1, INT64_MIN + 1, "int64 min | 1");
    expect1<uint64_t>(ARRPY_BITWISE_XOR, ARRPY_UINT64, UINT64_MAX, 1, UINT64_MAX - 1, "uint64 max ^ 1");
    // integer wrap-around
    expect1<int8_t>(ARRPY_ADD, ARRPY_INT8, 127, 1, -128, "int8 127+1");
    expect1<int8_t>(ARRPY_SUBTRACT, ARRPY_INT8, -128, 1, 127, "int8 -128-1");
    expect1<int8_t>(ARRPY_MULTIPLY, ARRPY_INT8, -128, -1, -128, "int8 -128*-1");
    expect1<int8_t>(ARRPY_MULTIPLY, ARRPY_INT8, 16, 16, 0, "int8 16*16");
    expect1<uint8_t>(ARRPY_ADD, ARRPY_UINT8, 255, 1, 0, "uint8 255+1");
    expect1<uint8_t>(ARRPY_SUBTRACT, ARRPY_UINT8, 0, 1, 255, "uint8 0-1");
    expect1<int16_t>(ARRPY_MULTIPLY, ARRPY_INT16, 300, 300, 24464, "int16 300*300");
    expect1<uint16_t>(ARRPY_MULTIPLY, ARRPY_UINT16, 65535, 65535, 1, "uint16 65535*65535");
    expect1<int32_t>(ARRPY_ADD, ARRPY_INT32, 2147483647, 1, -2147483647 - 1, "int32 max+1");
    expect1<int32_t>(ARRPY_MULTIPLY, ARRPY_INT32, -2147483647 - 1, -1, -2147483647 - 1, "int32 min*-1");
    expect1<uint32_t>(ARRPY_MULTIPLY, ARRPY_UINT32, 4294967295u, 4294967295u, 1u, "uint32 max*max");
    expect1<int64_t>(ARRPY_SUBTRACT, ARRPY_INT64, INT64_MIN, 1, INT64_MAX, "int64 min-1");
    expect1<int64_t>(ARRPY_MULTIPLY, ARRPY_INT64, INT64_MIN, -1, INT64_MIN, "int64 min*-1");
    expect1<int64_t>(ARRPY_MULTIPLY, ARRPY_INT64, 3037000500LL, 3037000500LL, -9223372036709301616LL, "int64 sq");
    expect1<uint64_t>(ARRPY_SUBTRACT, ARRPY_UINT64, 0, 1, UINT64_MAX, "uint64 0-1");
    expect1<uint64_t>(ARRPY_MULTIPLY, ARRPY_UINT64, UINT64_MAX, UINT64_MAX, 1, "uint64 max*max");
    // float division by zero
    expect1<double>(ARRPY_DIVIDE, ARRPY_FLOAT64, 1.0, 0.0, inf, "f64 1/0");
    expect1<double>(ARRPY_DIVIDE, ARRPY_FLOAT64, -1.0, 0.0, -inf, "f64 -1/0");
    expect1<double>(ARRPY_DIVIDE, ARRPY_FLOAT64, 1.0, -0.0, -inf, "f64 1/-0");
    expect1<double>(ARRPY_DIVIDE, ARRPY_FLOAT64, 0.0, 0.0, nan, "f64 0/0");
    expect1<double>(ARRPY_SUBTRACT, ARRPY_FLOAT64, inf, inf, nan, "f64 inf-inf");
    expect1<double>(ARRPY_ADD, ARRPY_FLOAT64, -0.0, -0.0, -0.0, "f64 -0+-0");
    expect1<double>(ARRPY_ADD, ARRPY_FLOAT64, 0.1, 0.2, 0.30000000000000004, "f64 0.1+0.2");
    expect1<float>(ARRPY_DIVIDE, ARRPY_FLOAT32, 1.0f, 0.0f, finf, "f32 1/0");
    expect1<float>(ARRPY_DIVIDE, ARRPY_FLOAT32, -3.0f, 0.0f, -finf, "f32 -3/0");
    expect1<float>(ARRPY_DIVIDE, ARRPY_FLOAT32, 0.0f, 0.0f, fnan, "f32 0/0");
    expect1<float>(ARRPY_DIVIDE, ARRPY_FLOAT32, 1.0f, 3.0f, 0.333333343f, "f32 1/3 (in float)");
    expect1<float>(ARRPY_MULTIPLY, ARRPY_FLOAT32, 1e30f, 1e30f, finf, "f32 overflow");
    // complex division by zero and nan (NumPy results)
    expect1<cd>(ARRPY_DIVIDE, ARRPY_COMPLEX128, {1, 1}, {0, 0}, {inf, inf}, "c128 (1+1j)/0");
    expect1<cd>(ARRPY_DIVIDE, ARRPY_COMPLEX128, {-1, 0}, {0, 0}, {-inf, nan}, "c128 -1/0");
    expect1<cd>(ARRPY_DIVIDE, ARRPY_COMPLEX128, {0, 0}, {0, 0}, {nan, nan}, "c128 0/0");
    expect1<cd>(ARRPY_DIVIDE, ARRPY_COMPLEX128, {1, 1}, {-0.0, 0}, {inf, inf}, "c128 (1+1j)/-0");
    expect1<cd>(ARRPY_DIVIDE, ARRPY_COMPLEX128, {1, 1}, {nan, 0}, {nan, nan}, "c128 /nan");
    expect1<cd>(ARRPY_DIVIDE, ARRPY_COMPLEX128, {1, 1}, {0, inf}, {0, -0.0}, "c128 /inf j");
    expect1<cd>(ARRPY_DIVIDE, ARRPY_COMPLEX128, {1, 2}, {3, 4}, {0.44, 0.08}, "c128 (1+2j)/(3+4j)");
    expect1<cd>(ARRPY_DIVIDE, ARRPY_COMPLEX128, {4, 2}, {1, 1}, {3, -1}, "c128 (4+2j)/(1+1j)");
    expect1<cf>(ARRPY_DIVIDE, ARRPY_COMPLEX64, {1, 1}, {0, 0}, {finf, finf}, "c64 (1+1j)/0");
    expect1<cf>(ARRPY_DIVIDE, ARRPY_COMPLEX64, {0, 0}, {0, 0}, {fnan, fnan}, "c64 0/0");
    expect1<cf>(ARRPY_DIVIDE, ARRPY_COMPLEX64, {1, 1}, {1, fnan}, {fnan, fnan}, "c64 /nan");
    // complex multiply: plain formula, not Annex G
    expect1<cd>(ARRPY_MULTIPLY, ARRPY_COMPLEX128, {inf, 0}, {1, 0}, {inf, nan}, "c128 inf*1");
    expect1<cd>(ARRPY_MULTIPLY, ARRPY_COMPLEX128, {inf, inf}, {0, 1}, {nan, nan}, "c128 (inf+infj)*1j");
    expect1<cd>(ARRPY_MULTIPLY, ARRPY_COMPLEX128, {1, 2}, {3, 4}, {-5, 10}, "c128 (1+2j)*(3+4j)");
    expect1<cf>(ARRPY_MULTIPLY, ARRPY_COMPLEX64, {1, 2}, {3, 4}, {-5, 10}, "c64 (1+2j)*(3+4j)");
    expect1<cf>(ARRPY_MULTIPLY, ARRPY_COMPLEX64, {finf, 0}, {1, 0}, {finf, fnan}, "c64 inf*1");
    // (1+e + 1j) * (1-e + 1j), e = 2^-30: re = (1 - e^2) - 1 is -2^-60 fused (0 with the plain formula)
    {
        const double e = ldexp(1.0, -30);
        expect1<cd>(ARRPY_MULTIPLY, ARRPY_COMPLEX128, {1 + e, 1}, {1 - e, 1}, {-ldexp(1.0, -60), 2.0},
                    "c128 cancellation (fused)");
        const float ef = ldexpf(1.0f, -13);
        expect1<cf>(ARRPY_MULTIPLY, ARRPY_COMPLEX64, {1 + ef, 1}, {1 - ef, 1}, {-ldexpf(1.0f, -26), 2.0f},
                    "c64 cancellation (fused)");
        // big*big overflow: (big+big j)^2, re = fma(big, big, -(big*big)) = fma(big, big, -inf) = -inf
        const double big = 1e200;
        expect1<cd>(ARRPY_MULTIPLY, ARRPY_COMPLEX128, {big, big}, {big, big}, {-inf, inf}, "c128 (big+bigj)^2");
    }
}

// One element with a known answer and status (0-d and contiguous paths).
template <class T>
void expect_st(int op, int dt, T a, T b, T want, int want_rc, const char *what) {
    for (int n : {1, 3, 40}) {
        std::vector<T> va(n, a), vb(n, b), vo(n);
        const int64_t sh[1] = {n}, c[1] = {int64_t(sizeof(T))}, z[1] = {0};
        const int rc1 = arrpy_cpp_binary_nd(op, dt, 1, sh, reinterpret_cast<const char *>(va.data()), c,
                                            reinterpret_cast<const char *>(vb.data()), c,
                                            reinterpret_cast<char *>(vo.data()), c);
        bool ok = rc1 == want_rc;
        for (int i = 0; i < n; ++i)
            ok &= same_elem(dt, reinterpret_cast<const char *>(&vo[i]), reinterpret_cast<const char *>(&want));
        const int rc2 = arrpy_cpp_binary_nd(op, dt, 1, sh, reinterpret_cast<const char *>(va.data()), c,
                                            reinterpret_cast<const char *>(&b), z,
                                            reinterpret_cast<char *>(vo.data()), c);
        ok &= rc2 == want_rc;
        for (int i = 0; i < n; ++i)
            ok &= same_elem(dt, reinterpret_cast<const char *>(&vo[i]), reinterpret_cast<const char *>(&want));
        CHECK(ok, "%s (n=%d): rc %d %d want %d", what, n, rc1, rc2, want_rc);
    }
}

// The ops after bitwise_xor: NumPy's answers for special values.
void specific_values_more() {
    const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
    const float finf = std::numeric_limits<float>::infinity(), fnan = std::numeric_limits<float>::quiet_NaN();
    const int DZ = ARRPY_STATUS_DIVIDE_BY_ZERO, OV = ARRPY_STATUS_OVERFLOW, NP = ARRPY_STATUS_NEGATIVE_INTEGER_POWER;
    // integer floor_divide / remainder
    expect_st<int8_t>(ARRPY_FLOOR_DIVIDE, ARRPY_INT8, 7, -2, -4, 0, "int8 7 // -2");
    expect_st<int8_t>(ARRPY_FLOOR_DIVIDE, ARRPY_INT8, -7, 2, -4, 0, "int8 -7 // 2");
    expect_st<int8_t>(ARRPY_FLOOR_DIVIDE, ARRPY_INT8, -128, -1, -128, OV, "int8 min // -1");
    expect_st<int8_t>(ARRPY_FLOOR_DIVIDE, ARRPY_INT8, 5, 0, 0, DZ, "int8 5 // 0");
    expect_st<int8_t>(ARRPY_REMAINDER, ARRPY_INT8, -128, -1, 0, 0, "int8 min % -1");
    expect_st<int8_t>(ARRPY_REMAINDER, ARRPY_INT8, 7, -2, -1, 0, "int8 7 % -2");
    expect_st<int8_t>(ARRPY_REMAINDER, ARRPY_INT8, -7, 2, 1, 0, "int8 -7 % 2");
    expect_st<int8_t>(ARRPY_REMAINDER, ARRPY_INT8, 3, 0, 0, DZ, "int8 3 % 0");
    expect_st<int32_t>(ARRPY_FLOOR_DIVIDE, ARRPY_INT32, -2147483647 - 1, -1, -2147483647 - 1, OV, "int32 min // -1");
    expect_st<int64_t>(ARRPY_FLOOR_DIVIDE, ARRPY_INT64, INT64_MIN, -1, INT64_MIN, OV, "int64 min // -1");
    expect_st<int64_t>(ARRPY_FLOOR_DIVIDE, ARRPY_INT64, INT64_MIN, 2, INT64_MIN / 2, 0, "int64 min // 2");
    expect_st<int64_t>(ARRPY_REMAINDER, ARRPY_INT64, INT64_MIN, -1, 0, 0, "int64 min % -1");
    expect_st<int64_t>(ARRPY_REMAINDER, ARRPY_INT64, INT64_MIN, 3, 1, 0, "int64 min % 3");
    expect_st<int64_t>(ARRPY_REMAINDER, ARRPY_INT64, INT64_MAX, INT64_MIN, -1, 0, "int64 max % min");
    expect_st<uint64_t>(ARRPY_FLOOR_DIVIDE, ARRPY_UINT64, UINT64_MAX, 2, UINT64_MAX / 2, 0, "uint64 max // 2");
    expect_st<uint64_t>(ARRPY_REMAINDER, ARRPY_UINT64, 5, 0, 0, DZ, "uint64 5 % 0");
    expect_st<uint8_t>(ARRPY_FLOOR_DIVIDE, ARRPY_UINT8, 255, 0, 0, DZ, "uint8 255 // 0");
    // integer power
    expect_st<int8_t>(ARRPY_POWER, ARRPY_INT8, 3, 5, -13, 0, "int8 3**5 wraps (243)");
    expect_st<int8_t>(ARRPY_POWER, ARRPY_INT8, 0, 0, 1, 0, "int8 0**0");
    expect_st<int8_t>(ARRPY_POWER, ARRPY_INT8, 2, -1, 0, NP, "int8 2**-1");
    expect_st<int64_t>(ARRPY_POWER, ARRPY_INT64, 2, 63, INT64_MIN, 0, "int64 2**63 wraps");
    expect_st<int64_t>(ARRPY_POWER, ARRPY_INT64, 2, 64, 0, 0, "int64 2**64 wraps to 0");
    expect_st<int64_t>(ARRPY_POWER, ARRPY_INT64, -1, INT64_MAX, -1, 0, "int64 -1**max");
    expect_st<uint64_t>(ARRPY_POWER, ARRPY_UINT64, 3, UINT64_MAX, 0xAAAAAAAAAAAAAAABULL, 0, "uint64 3**max");
    expect_st<uint16_t>(ARRPY_POWER, ARRPY_UINT16, 65535, 2, 1, 0, "uint16 max**2");
    // shifts
    expect_st<int8_t>(ARRPY_LEFT_SHIFT, ARRPY_INT8, 1, 7, -128, 0, "int8 1 << 7");
    expect_st<int8_t>(ARRPY_LEFT_SHIFT, ARRPY_INT8, 1, 8, 0, 0, "int8 1 << 8");
    expect_st<int8_t>(ARRPY_LEFT_SHIFT, ARRPY_INT8, -1, -1, 0, 0, "int8 -1 << -1");
    expect_st<int8_t>(ARRPY_RIGHT_SHIFT, ARRPY_INT8, -128, 7, -1, 0, "int8 min >> 7");
    expect_st<int8_t>(ARRPY_RIGHT_SHIFT, ARRPY_INT8, -128, 8, -1, 0, "int8 min >> 8");
    expect_st<int8_t>(ARRPY_RIGHT_SHIFT, ARRPY_INT8, 100, 100, 0, 0, "int8 100 >> 100");
    expect_st<int8_t>(ARRPY_RIGHT_SHIFT, ARRPY_INT8, -5, -1, -1, 0, "int8 -5 >> -1");
    expect_st<uint8_t>(ARRPY_RIGHT_SHIFT, ARRPY_UINT8, 255, 7, 1, 0, "uint8 255 >> 7");
    expect_st<int64_t>(ARRPY_LEFT_SHIFT, ARRPY_INT64, 3, 63, INT64_MIN, 0, "int64 3 << 63");
    expect_st<int64_t>(ARRPY_LEFT_SHIFT, ARRPY_INT64, 3, 64, 0, 0, "int64 3 << 64");
    expect_st<int64_t>(ARRPY_RIGHT_SHIFT, ARRPY_INT64, INT64_MIN, 64, -1, 0, "int64 min >> 64");
    expect_st<uint64_t>(ARRPY_RIGHT_SHIFT, ARRPY_UINT64, UINT64_MAX, 64, 0, 0, "uint64 max >> 64");
    expect_st<uint64_t>(ARRPY_LEFT_SHIFT, ARRPY_UINT64, 1, 63, uint64_t(1) << 63, 0, "uint64 1 << 63");
    // float floor_divide / remainder (npy_divmod)
    expect1<double>(ARRPY_FLOOR_DIVIDE, ARRPY_FLOAT64, 1.0, 0.0, inf, "f64 1 // 0");
    expect1<double>(ARRPY_FLOOR_DIVIDE, ARRPY_FLOAT64, -1.0, 0.0, -inf, "f64 -1 // 0");
    expect1<double>(ARRPY_FLOOR_DIVIDE, ARRPY_FLOAT64, 0.0, 0.0, nan, "f64 0 // 0");
    expect1<double>(ARRPY_FLOOR_DIVIDE, ARRPY_FLOAT64, -7.0, 2.0, -4.0, "f64 -7 // 2");
    expect1<double>(ARRPY_FLOOR_DIVIDE, ARRPY_FLOAT64, 1.0, 0.1, 9.0, "f64 1 // 0.1");
    expect1<double>(ARRPY_FLOOR_DIVIDE, ARRPY_FLOAT64, -0.0, 3.0, -0.0, "f64 -0 // 3");
    expect1<double>(ARRPY_FLOOR_DIVIDE, ARRPY_FLOAT64, 0.5, -3.0, -1.0, "f64 0.5 // -3");
    expect1<double>(ARRPY_FLOOR_DIVIDE, ARRPY_FLOAT64, inf, 2.0, nan, "f64 inf // 2");
    expect1<double>(ARRPY_FLOOR_DIVIDE, ARRPY_FLOAT64, 2.0, inf, 0.0, "f64 2 // inf");
    expect1<double>(ARRPY_FLOOR_DIVIDE, ARRPY_FLOAT64, -2.0, inf, -1.0, "f64 -2 // inf");
    expect1<double>(ARRPY_REMAINDER, ARRPY_FLOAT64, 1.0, 0.0, nan, "f64 1 % 0");
    expect1<double>(ARRPY_REMAINDER, ARRPY_FLOAT64, -7.0, 2.0, 1.0, "f64 -7 % 2");
    expect1<double>(ARRPY_REMAINDER, ARRPY_FLOAT64, 7.0, -2.0, -1.0, "f64 7 % -2");
    expect1<double>(ARRPY_REMAINDER, ARRPY_FLOAT64, 6.0, -2.0, -0.0, "f64 6 % -2");
    expect1<double>(ARRPY_REMAINDER, ARRPY_FLOAT64, -6.0, 2.0, 0.0, "f64 -6 % 2");
    expect1<double>(ARRPY_REMAINDER, ARRPY_FLOAT64, 1.0, 0.1, 0.09999999999999995, "f64 1 % 0.1");
    expect1<double>(ARRPY_REMAINDER, ARRPY_FLOAT64, -2.0, inf, inf, "f64 -2 % inf");
    expect1<double>(ARRPY_REMAINDER, ARRPY_FLOAT64, inf, 2.0, nan, "f64 inf % 2");
    expect1<float>(ARRPY_FLOOR_DIVIDE, ARRPY_FLOAT32, -7.0f, 2.0f, -4.0f, "f32 -7 // 2");
    expect1<float>(ARRPY_REMAINDER, ARRPY_FLOAT32, -7.0f, 2.0f, 1.0f, "f32 -7 % 2");
    expect1<float>(ARRPY_FLOOR_DIVIDE, ARRPY_FLOAT32, 1.0f, 0.0f, finf, "f32 1 // 0");
    // maximum / minimum / fmax / fmin (nan rules), copysign
    expect1<double>(ARRPY_MAXIMUM, ARRPY_FLOAT64, nan, 1.0, nan, "f64 max(nan, 1)");
    expect1<double>(ARRPY_MAXIMUM, ARRPY_FLOAT64, 1.0, nan, nan, "f64 max(1, nan)");
    expect1<double>(ARRPY_MINIMUM, ARRPY_FLOAT64, -inf, nan, nan, "f64 min(-inf, nan)");
    expect1<double>(ARRPY_FMAX, ARRPY_FLOAT64, nan, 1.0, 1.0, "f64 fmax(nan, 1)");
    expect1<double>(ARRPY_FMAX, ARRPY_FLOAT64, 1.0, nan, 1.0, "f64 fmax(1, nan)");
    expect1<double>(ARRPY_FMIN, ARRPY_FLOAT64, nan, -inf, -inf, "f64 fmin(nan, -inf)");
    expect1<double>(ARRPY_FMIN, ARRPY_FLOAT64, nan, nan, nan, "f64 fmin(nan, nan)");
    expect1<double>(ARRPY_MAXIMUM, ARRPY_FLOAT64, -inf, 3.0, 3.0, "f64 max(-inf, 3)");
    expect1<float>(ARRPY_MAXIMUM, ARRPY_FLOAT32, fnan, 1.0f, fnan, "f32 max(nan, 1)");
    expect1<float>(ARRPY_MINIMUM, ARRPY_FLOAT32, 1.0f, fnan, fnan, "f32 min(1, nan)");
    expect1<float>(ARRPY_FMAX, ARRPY_FLOAT32, 1.0f, fnan, 1.0f, "f32 fmax(1, nan)");
    expect1<float>(ARRPY_FMIN, ARRPY_FLOAT32, fnan, 2.0f, 2.0f, "f32 fmin(nan, 2)");
    expect1<int64_t>(ARRPY_MAXIMUM, ARRPY_INT64, INT64_MIN, -1, -1, "int64 max(min, -1)");
    expect1<uint64_t>(ARRPY_MAXIMUM, ARRPY_UINT64, UINT64_MAX, 1, UINT64_MAX, "uint64 max(max, 1)");
    expect1<uint64_t>(ARRPY_MINIMUM, ARRPY_UINT64, uint64_t(1) << 63, 1, 1, "uint64 min(2^63, 1)");
    expect1<int8_t>(ARRPY_FMIN, ARRPY_INT8, -128, 127, -128, "int8 fmin");
    expect1<uint32_t>(ARRPY_FMAX, ARRPY_UINT32, 0x80000000u, 1u, 0x80000000u, "uint32 fmax");
    expect1<uint8_t>(ARRPY_MAXIMUM, ARRPY_BOOL, 2, 0, 1, "bool max(2, 0)");
    expect1<uint8_t>(ARRPY_MINIMUM, ARRPY_BOOL, 2, 128, 1, "bool min(2, 128)");
    expect1<double>(ARRPY_COPYSIGN, ARRPY_FLOAT64, 3.0, -0.0, -3.0, "f64 copysign(3, -0)");
    expect1<double>(ARRPY_COPYSIGN, ARRPY_FLOAT64, -inf, 1.0, inf, "f64 copysign(-inf, 1)");
    expect1<double>(ARRPY_COPYSIGN, ARRPY_FLOAT64, 2.0, -nan, -2.0, "f64 copysign(2, -nan)");
    expect1<float>(ARRPY_COPYSIGN, ARRPY_FLOAT32, -0.0f, 1.0f, 0.0f, "f32 copysign(-0, 1)");
    // complex maximum / fmax
    expect1<cd>(ARRPY_MAXIMUM, ARRPY_COMPLEX128, {1, 5}, {2, 0}, {2, 0}, "c128 max(1+5j, 2)");
    expect1<cd>(ARRPY_MAXIMUM, ARRPY_COMPLEX128, {1, nan}, {2, 0}, {1, nan}, "c128 max(1+nanj, 2)");
    expect1<cd>(ARRPY_MAXIMUM, ARRPY_COMPLEX128, {3, 0}, {2, nan}, {2, nan}, "c128 max(3, 2+nanj)");
    expect1<cd>(ARRPY_FMAX, ARRPY_COMPLEX128, {3, 0}, {2, nan}, {3, 0}, "c128 fmax(3, 2+nanj)");
    expect1<cd>(ARRPY_FMIN, ARRPY_COMPLEX128, {nan, 0}, {2, 1}, {2, 1}, "c128 fmin(nan, 2+1j)");
    expect1<cf>(ARRPY_MINIMUM, ARRPY_COMPLEX64, {1, 5}, {1, 4}, {1, 4}, "c64 min(1+5j, 1+4j)");
    // transcendental specials
    expect1<double>(ARRPY_POWER, ARRPY_FLOAT64, 0.0, -1.0, inf, "f64 0 ** -1");
    expect1<double>(ARRPY_POWER, ARRPY_FLOAT64, -8.0, 1.0 / 3, nan, "f64 -8 ** (1/3)");
    expect1<double>(ARRPY_POWER, ARRPY_FLOAT64, nan, 0.0, 1.0, "f64 nan ** 0");
    expect1<double>(ARRPY_POWER, ARRPY_FLOAT64, 2.0, 10.0, 1024.0, "f64 2 ** 10");
    expect1<double>(ARRPY_HYPOT, ARRPY_FLOAT64, inf, nan, inf, "f64 hypot(inf, nan)");
    expect1<double>(ARRPY_HYPOT, ARRPY_FLOAT64, 3.0, 4.0, 5.0, "f64 hypot(3, 4)");
    expect1<double>(ARRPY_ARCTAN2, ARRPY_FLOAT64, 0.0, -0.0, M_PI, "f64 atan2(0, -0)");
    expect1<double>(ARRPY_ARCTAN2, ARRPY_FLOAT64, -0.0, 0.0, -0.0, "f64 atan2(-0, 0)");
    expect1<double>(ARRPY_LOGADDEXP, ARRPY_FLOAT64, inf, inf, inf, "f64 logaddexp(inf, inf)");
    expect1<double>(ARRPY_LOGADDEXP, ARRPY_FLOAT64, -inf, -inf, -inf, "f64 logaddexp(-inf, -inf)");
    expect1<double>(ARRPY_LOGADDEXP, ARRPY_FLOAT64, inf, -inf, inf, "f64 logaddexp(inf, -inf)");
    expect1<double>(ARRPY_LOGADDEXP, ARRPY_FLOAT64, 0.0, 0.0, M_LN2, "f64 logaddexp(0, 0)");
    expect1<double>(ARRPY_LOGADDEXP, ARRPY_FLOAT64, nan, 1.0, nan, "f64 logaddexp(nan, 1)");
    expect1<float>(ARRPY_LOGADDEXP, ARRPY_FLOAT32, 1000.0f, 0.0f, 1000.0f, "f32 logaddexp(1000, 0)");
    // complex power (npy_cpow)
    expect1<cd>(ARRPY_POWER, ARRPY_COMPLEX128, {nan, nan}, {0, 0}, {1, 0}, "c128 nan ** 0");
    expect1<cd>(ARRPY_POWER, ARRPY_COMPLEX128, {0, 0}, {2, 1}, {0, 0}, "c128 0 ** (2+1j)");
    expect1<cd>(ARRPY_POWER, ARRPY_COMPLEX128, {0, 0}, {-1, 0}, {nan, nan}, "c128 0 ** -1");
    expect1<cd>(ARRPY_POWER, ARRPY_COMPLEX128, {1, 1}, {2, 0}, {0, 2}, "c128 (1+1j) ** 2");
    expect1<cd>(ARRPY_POWER, ARRPY_COMPLEX128, {1, 1}, {-2, 0}, {0, -0.5}, "c128 (1+1j) ** -2");
    expect1<cd>(ARRPY_POWER, ARRPY_COMPLEX128, {0, 1}, {4, 0}, {1, 0}, "c128 1j ** 4");
    expect1<cd>(ARRPY_POWER, ARRPY_COMPLEX128, {inf, 0}, {1, 0}, {inf, 0}, "c128 inf ** 1");
    expect1<cd>(ARRPY_POWER, ARRPY_COMPLEX128, {1e300, 1e300}, {2, 0}, {nan, inf}, "c128 (big+bigj) ** 2");
    expect1<cf>(ARRPY_POWER, ARRPY_COMPLEX64, {1, 1}, {3, 0}, {-2, 2}, "c64 (1+1j) ** 3");
}

// Comparisons with known answers: want[op] for EQ, NE, LT, LE, GT, GE (as a string of 0/1).
// expect_logical: the same for LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR.
template <class T>
void expect_cmp(int dt, T a, T b, const char *want, const char *what, int first_op = ARRPY_EQUAL) {
    const int nops = static_cast<int>(strlen(want));
    CHECK(first_op + nops <= ARRPY_NUM_COMPARE_OPS, "%s: bad want string", what);
    for (int op = first_op; op < first_op + nops && op < ARRPY_NUM_COMPARE_OPS; ++op) {
        const uint8_t w = static_cast<uint8_t>(want[op - first_op] == '1');
        uint8_t out = 0x5A;
        const int rc = arrpy_cpp_compare_nd(op, dt, 0, nullptr, reinterpret_cast<const char *>(&a), nullptr,
                                            reinterpret_cast<const char *>(&b), nullptr,
                                            reinterpret_cast<char *>(&out), nullptr);
        CHECK(rc == 0 && out == w, "%s %s: got %d want %d", what, kCmpOpNames[op], out, w);
        for (int n : {1, 5, 16, 40}) {  // contiguous / broadcast (SIMD blocks and tails)
            std::vector<T> va(n, a), vb(n, b);
            std::vector<uint8_t> vo(n + 1, 0x5A);
            const int64_t sh[1] = {n}, c[1] = {int64_t(sizeof(T))}, z[1] = {0}, o1[1] = {1};
            bool ok = true;
            for (int mode = 0; mode < 3; ++mode) {
                std::fill(vo.begin(), vo.end(), 0x5A);
                const char *pa = reinterpret_cast<const char *>(mode == 1 ? &a : va.data());
                const char *pb = reinterpret_cast<const char *>(mode == 2 ? &b : vb.data());
                ok &= arrpy_cpp_compare_nd(op, dt, 1, sh, pa, mode == 1 ? z : c, pb, mode == 2 ? z : c,
                                           reinterpret_cast<char *>(vo.data()), o1) == 0;
                for (int i = 0; i < n; ++i) ok &= vo[i] == w;
                ok &= vo[n] == 0x5A;
            }
            CHECK(ok, "%s %s (n=%d)", what, kCmpOpNames[op], n);
        }
    }
}

template <class T>
void expect_logical(int dt, T a, T b, const char *want, const char *what) {
    expect_cmp<T>(dt, a, b, want, what, ARRPY_LOGICAL_AND);
}

void compare_values() {
    const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
    const float finf = std::numeric_limits<float>::infinity(), fnan = std::numeric_limits<float>::quiet_NaN();
    //                                            EQ NE LT LE GT GE
    expect_cmp<uint8_t>(ARRPY_BOOL, 2, 1, "100101", "bool 2 vs 1");
    expect_cmp<uint8_t>(ARRPY_BOOL, 0, 255, "011100", "bool 0 vs 255");
    expect_cmp<uint8_t>(ARRPY_BOOL, 128, 0, "010011", "bool 128 vs 0");
    expect_cmp<int8_t>(ARRPY_INT8, -128, 127, "011100", "int8 min vs max");
    expect_cmp<uint8_t>(ARRPY_UINT8, 200, 100, "010011", "uint8 200 vs 100");
    expect_cmp<int16_t>(ARRPY_INT16, -1, 1, "011100", "int16 -1 vs 1");
    expect_cmp<uint16_t>(ARRPY_UINT16, 65535, 1, "010011", "uint16 max vs 1");
    expect_cmp<int32_t>(ARRPY_INT32, -2147483647 - 1, 0, "011100", "int32 min vs 0");
    expect_cmp<uint32_t>(ARRPY_UINT32, 4294967295u, 0u, "010011", "uint32 max vs 0");
    expect_cmp<int64_t>(ARRPY_INT64, INT64_MIN, INT64_MAX, "011100", "int64 min vs max");
    expect_cmp<uint64_t>(ARRPY_UINT64, UINT64_MAX, 1, "010011", "uint64 max vs 1");
    expect_cmp<uint64_t>(ARRPY_UINT64, 7, 7, "100101", "uint64 7 vs 7");
    expect_cmp<double>(ARRPY_FLOAT64, 0.0, -0.0, "100101", "f64 0 vs -0");
    expect_cmp<double>(ARRPY_FLOAT64, nan, nan, "010000", "f64 nan vs nan");
    expect_cmp<double>(ARRPY_FLOAT64, nan, 1.0, "010000", "f64 nan vs 1");
    expect_cmp<double>(ARRPY_FLOAT64, -inf, inf, "011100", "f64 -inf vs inf");
    expect_cmp<double>(ARRPY_FLOAT64, inf, inf, "100101", "f64 inf vs inf");
    expect_cmp<float>(ARRPY_FLOAT32, -0.0f, 0.0f, "100101", "f32 -0 vs 0");
    expect_cmp<float>(ARRPY_FLOAT32, 1.0f, fnan, "010000", "f32 1 vs nan");
    expect_cmp<float>(ARRPY_FLOAT32, 1.0f, finf, "011100", "f32 1 vs inf");
    // complex: lexicographic; nan in an imaginary part blocks the real-part decision
    expect_cmp<cd>(ARRPY_COMPLEX128, {1, 5}, {2, 0}, "011100", "c128 (1+5j) vs 2");
    expect_cmp<cd>(ARRPY_COMPLEX128, {1, 5}, {1, 6}, "011100", "c128 (1+5j) vs (1+6j)");
    expect_cmp<cd>(ARRPY_COMPLEX128, {1, -0.0}, {1, 0}, "100101", "c128 (1-0j) vs (1+0j)");
    expect_cmp<cd>(ARRPY_COMPLEX128, {1, nan}, {2, 0}, "010000", "c128 (1+nanj) vs 2");
    expect_cmp<cd>(ARRPY_COMPLEX128, {1, 0}, {2, nan}, "010000", "c128 1 vs (2+nanj)");
    expect_cmp<cd>(ARRPY_COMPLEX128, {1, nan}, {1, nan}, "010000", "c128 (1+nanj) vs same");
    expect_cmp<cd>(ARRPY_COMPLEX128, {nan, 0}, {1, 0}, "010000", "c128 nan vs 1");
    expect_cmp<cd>(ARRPY_COMPLEX128, {nan, 0}, {nan, 1}, "010000", "c128 nan vs (nan+1j)");
    expect_cmp<cd>(ARRPY_COMPLEX128, {3, inf}, {2, -inf}, "010011", "c128 (3+infj) vs (2-infj)");
    expect_cmp<cf>(ARRPY_COMPLEX64, {1, 5}, {2, 0}, "011100", "c64 (1+5j) vs 2");
    expect_cmp<cf>(ARRPY_COMPLEX64, {2, 1}, {2, 0}, "010011", "c64 (2+1j) vs 2");
    expect_cmp<cf>(ARRPY_COMPLEX64, {1, fnan}, {2, 0}, "010000", "c64 (1+nanj) vs 2");
    expect_cmp<cf>(ARRPY_COMPLEX64, {2, 0}, {1, fnan}, "010000", "c64 2 vs (1+nanj)");
    expect_cmp<cf>(ARRPY_COMPLEX64, {fnan, 1}, {fnan, 1}, "010000", "c64 nan vs nan");

    // logical ops: truth(x) = x != 0 (nan true, -0.0 false; complex: either part nonzero)
    //                                                 AND OR XOR
    expect_logical<uint8_t>(ARRPY_BOOL, 2, 128, "110", "bool 2, 128");
    expect_logical<uint8_t>(ARRPY_BOOL, 255, 0, "011", "bool 255, 0");
    expect_logical<uint8_t>(ARRPY_BOOL, 0, 0, "000", "bool 0, 0");
    expect_logical<uint8_t>(ARRPY_BOOL, 1, 1, "110", "bool 1, 1");
    expect_logical<int8_t>(ARRPY_INT8, -128, 0, "011", "int8 min, 0");
    expect_logical<uint8_t>(ARRPY_UINT8, 0, 0, "000", "uint8 0, 0");
    expect_logical<int16_t>(ARRPY_INT16, 256, -1, "110", "int16 256, -1");
    expect_logical<uint16_t>(ARRPY_UINT16, 0, 65535, "011", "uint16 0, max");
    expect_logical<int32_t>(ARRPY_INT32, 65536, 65536, "110", "int32 65536 (low half zero)");
    expect_logical<uint32_t>(ARRPY_UINT32, 0, 0, "000", "uint32 0, 0");
    expect_logical<int64_t>(ARRPY_INT64, INT64_MIN, 0, "011", "int64 min (low bits zero), 0");
    expect_logical<uint64_t>(ARRPY_UINT64, uint64_t(1) << 32, uint64_t(1) << 63, "110", "uint64 2^32, 2^63");
    expect_logical<double>(ARRPY_FLOAT64, nan, 1.0, "110", "f64 nan, 1");
    expect_logical<double>(ARRPY_FLOAT64, -0.0, nan, "011", "f64 -0, nan");
    expect_logical<double>(ARRPY_FLOAT64, 0.0, -0.0, "000", "f64 0, -0");
    expect_logical<double>(ARRPY_FLOAT64, -0.0, -0.0, "000", "f64 -0, -0");
    expect_logical<double>(ARRPY_FLOAT64, nan, nan, "110", "f64 nan, nan");
    expect_logical<double>(ARRPY_FLOAT64, -inf, 4.9e-324, "110", "f64 -inf, denorm");
    expect_logical<double>(ARRPY_FLOAT64, 0.0, inf, "011", "f64 0, inf");
    expect_logical<float>(ARRPY_FLOAT32, fnan, -0.0f, "011", "f32 nan, -0");
    expect_logical<float>(ARRPY_FLOAT32, -0.0f, 0.0f, "000", "f32 -0, 0");
    expect_logical<float>(ARRPY_FLOAT32, fnan, -finf, "110", "f32 nan, -inf");
    expect_logical<float>(ARRPY_FLOAT32, 1e-45f, 0.0f, "011", "f32 denorm, 0");
    expect_logical<cd>(ARRPY_COMPLEX128, {0, nan}, {-0.0, -0.0}, "011", "c128 nanj, -0-0j");
    expect_logical<cd>(ARRPY_COMPLEX128, {nan, 0}, {0, 1e-300}, "110", "c128 nan, 1e-300j");
    expect_logical<cd>(ARRPY_COMPLEX128, {-0.0, 0}, {0, -0.0}, "000", "c128 -0, -0j");
    expect_logical<cd>(ARRPY_COMPLEX128, {0, -inf}, {2, 0}, "110", "c128 -infj, 2");
    expect_logical<cd>(ARRPY_COMPLEX128, {0, 0}, {nan, nan}, "011", "c128 0, nan+nanj");
    expect_logical<cf>(ARRPY_COMPLEX64, {-0.0f, fnan}, {0, 0}, "011", "c64 nanj, 0");
    expect_logical<cf>(ARRPY_COMPLEX64, {-0.0f, -0.0f}, {-0.0f, 0}, "000", "c64 -0-0j, -0");
    expect_logical<cf>(ARRPY_COMPLEX64, {fnan, 0}, {0, 1}, "110", "c64 nan, 1j");
    expect_logical<cf>(ARRPY_COMPLEX64, {3, 0}, {0, -0.0f}, "011", "c64 3, -0j");
}

void unsupported() {
    char sentinel[32];
    memset(sentinel, 0x77, sizeof sentinel);
    char out[32];
    for (int op = -1; op <= ARRPY_NUM_BINARY_OPS; ++op) {
        for (int dt = -1; dt <= ARRPY_NUM_DTYPES; ++dt) {
            const bool sup = op >= 0 && op < ARRPY_NUM_BINARY_OPS && dt >= 0 && dt < ARRPY_NUM_DTYPES &&
                             expected_supported(op, dt);
            CHECK(arrpy_cpp_binary_supported(op, dt) == (sup ? 1 : 0), "supported(%d,%d)", op, dt);
            if (sup) continue;
            memcpy(out, sentinel, sizeof out);
            const int64_t sh[1] = {2}, st[1] = {1};
            // a and b are null: must not be read
            const int rc = arrpy_cpp_binary_nd(op, dt, 1, sh, nullptr, st, nullptr, st, out, st);
            CHECK(rc == ARRPY_STATUS_UNSUPPORTED && memcmp(out, sentinel, sizeof out) == 0,
                  "unsupported(%d,%d) rc=%d", op, dt, rc);
        }
    }
    for (int op = -2; op <= ARRPY_NUM_COMPARE_OPS + 1; ++op) {
        for (int dt = -1; dt <= ARRPY_NUM_DTYPES; ++dt) {
            const bool sup = op >= 0 && op < ARRPY_NUM_COMPARE_OPS && dt >= 0 && dt < ARRPY_NUM_DTYPES;
            CHECK(arrpy_cpp_compare_supported(op, dt) == (sup ? 1 : 0), "compare_supported(%d,%d)", op, dt);
            if (sup) continue;
            memcpy(out, sentinel, sizeof out);
            const int64_t sh[1] = {2}, st[1] = {1};
            const int rc = arrpy_cpp_compare_nd(op, dt, 1, sh, nullptr, st, nullptr, st, out, st);
            CHECK(rc == ARRPY_STATUS_UNSUPPORTED && memcmp(out, sentinel, sizeof out) == 0,
                  "compare unsupported(%d,%d) rc=%d", op, dt, rc);
        }
    }
}

// ------------------------------------------------------------------ thread pool

void pool_tests() {
    const int nt0 = arrpy_cpp_get_num_threads();
    arrpy_cpp_set_num_threads(2);
    CHECK(arrpy_cpp_get_num_threads() == 2, "set_num_threads(2)");
    for (int64_t n : {int64_t(1), int64_t(7), int64_t(1000), int64_t(100000), int64_t(1) << 22}) {
        for (int64_t mc : {int64_t(1), int64_t(3), int64_t(1000), int64_t(1) << 20}) {
            std::vector<uint8_t> hits(static_cast<size_t>(n), 0);
            std::mutex mu;
            std::set<std::thread::id> ids;
            bool short_chunk = false;
            arrpy::pool::parallel_for(n, mc, [&](int64_t b, int64_t e) {
                if (e - b < mc && e - b != n) short_chunk = true;
                for (int64_t i = b; i < e; ++i) hits[static_cast<size_t>(i)]++;
                if (n >= 100000 && mc <= 1000) std::this_thread::sleep_for(std::chrono::microseconds(500));
                std::lock_guard<std::mutex> lk(mu);
                ids.insert(std::this_thread::get_id());
            });
            bool once = true;
            for (uint8_t h : hits) once &= (h == 1);
            CHECK(once, "parallel_for(%lld, %lld) covers each index once", (long long)n, (long long)mc);
            CHECK(!short_chunk, "parallel_for(%lld, %lld) chunk shorter than min_chunk", (long long)n, (long long)mc);
            if (n >= 100000 && mc <= 1000)
                CHECK(ids.size() == 2, "parallel_for(%lld, %lld) used %zu threads", (long long)n, (long long)mc, ids.size());
            if (n / 2 < mc)
                CHECK(ids.size() == 1 && *ids.begin() == std::this_thread::get_id(), "small work inline");
        }
    }
    // nested parallel_for runs serially, no deadlock
    {
        std::atomic<int64_t> sum{0};
        arrpy::pool::parallel_for(1000, 10, [&](int64_t b, int64_t e) {
            arrpy::pool::parallel_for(e - b, 1, [&](int64_t b2, int64_t e2) { sum += e2 - b2; });
        });
        CHECK(sum.load() == 1000, "nested parallel_for");
    }
    // resizing between calls
    for (int t : {1, 3, 2, 4, 2}) {
        arrpy_cpp_set_num_threads(t);
        CHECK(arrpy_cpp_get_num_threads() == t, "set_num_threads(%d)", t);
        std::atomic<int64_t> sum{0};
        std::mutex mu;
        std::set<std::thread::id> ids;
        const auto t0 = std::chrono::steady_clock::now();
        arrpy::pool::parallel_for(1 << 16, 1 << 10, [&](int64_t b, int64_t e) {
            sum += e - b;
            std::this_thread::sleep_for(std::chrono::microseconds(2000));
            std::lock_guard<std::mutex> lk(mu);
            ids.insert(std::this_thread::get_id());
        });
        CHECK(sum.load() == (1 << 16), "parallel_for after resize to %d", t);
        CHECK(static_cast<int>(ids.size()) <= t && (t == 1 || ids.size() >= 2), "threads used %zu with %d (took %.0f us)",
              ids.size(), t, std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    }
    arrpy_cpp_set_num_threads(0);
    CHECK(arrpy_cpp_get_num_threads() == 1, "set_num_threads(0) -> 1");
    arrpy_cpp_set_num_threads(nt0 > 1 ? nt0 : 2);
}

// Several threads calling kernels at once (pool busy -> serial fallback), results correct.
void concurrent_callers() {
    arrpy_cpp_set_num_threads(2);
    std::vector<std::thread> ts;
    for (int t = 0; t < 4; ++t) {
        ts.emplace_back([t] {
            Rng rng(1000 + t);
            for (int it = 0; it < 6; ++it) {
                const int dt = (t + it) % 2 ? ARRPY_FLOAT64 : ARRPY_INT32;
                const int op = (t + it) % 4 == 3 && dt == ARRPY_INT32 ? ARRPY_ADD : (t + it) % 4;
                const int64_t n = 300000 + 17 * it, sh[1] = {n}, c[1] = {1}, z[1] = {0};
                run_case(rng, op, dt, 1, sh, c, it % 3 ? c : z, c, kNone, "concurrent");
                const int64_t sh2[2] = {700, 701}, F[2] = {1, 700}, C[2] = {701, 1};
                run_case(rng, op, dt, 2, sh2, F, C, C, kNone, "concurrent-2d");
            }
        });
    }
    for (auto &t : ts) t.join();
}

// fork() while the pool has workers: the child must get a working pool of its own.
void fork_test() {
#if !defined(_WIN32)
    arrpy_cpp_set_num_threads(2);
    Rng rng(77);
    const int64_t n = 1 << 21, sh[1] = {n}, c[1] = {1};
    run_case(rng, ARRPY_ADD, ARRPY_FLOAT64, 1, sh, c, c, c, kNone, "before-fork");
    fflush(stdout);
    fflush(stderr);
    const pid_t pid = fork();
    if (pid == 0) {
        const long fails = g_fail.load();
        const uint64_t before = arrpy::pool::parallel_jobs();
        run_case(rng, ARRPY_MULTIPLY, ARRPY_FLOAT64, 1, sh, c, c, c, kNone, "in-child");
        const bool parallel = arrpy::pool::parallel_jobs() > before;
        if (g_fail.load() != fails || !parallel)
            fprintf(stderr, "child: %ld new failures, parallel job ran: %d\n", g_fail.load() - fails, (int)parallel);
        _exit(g_fail.load() == fails && parallel ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0, "kernel call in a forked child");
    run_case(rng, ARRPY_SUBTRACT, ARRPY_FLOAT64, 1, sh, c, c, c, kNone, "after-fork");
#endif
}

}  // namespace

int main() {
    const char *target = arrpy_cpp_simd_target();
    const char *env = getenv("ARRPY_SIMD");
    printf("simd target: %s (ARRPY_SIMD=%s), threads: %d\n", target, env ? env : "", arrpy_cpp_get_num_threads());
    if (env && strcmp(env, "scalar") == 0) CHECK(strcmp(target, "scalar") == 0, "ARRPY_SIMD=scalar honoured");
#if defined(__x86_64__)
    if (!env && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        CHECK(strcmp(target, "avx2") == 0, "avx2 selected");
#endif
    if (getenv("SELFTEST_POOL_ONLY")) {
        for (int i = 0; i < atoi(getenv("SELFTEST_POOL_ONLY")); ++i) {
            pool_tests();
            concurrent_callers();
        }
        printf("%ld passed, %ld failed\n", g_pass.load(), g_fail.load());
        return g_fail.load() == 0 ? 0 : 1;
    }
    Rng rng(42);
    unsupported();
    specific_values();
    specific_values_more();
    compare_values();
    for_each_supported(layouts, rng);
    for_each_compare(layouts, rng);
    if (getenv("SELFTEST_SKIP_LARGE")) {  // e.g. under qemu: values and layouts only
        printf("%ld passed, %ld failed (large inputs, pool and fork tests skipped)\n", g_pass.load(), g_fail.load());
        return g_fail.load() == 0 ? 0 : 1;
    }
    pool_tests();
    arrpy_cpp_set_num_threads(2);
    for (int op = 0; op < ARRPY_FLOOR_DIVIDE; ++op)  // the arithmetic ops: every dtype
        for (int dt = 0; dt < ARRPY_NUM_DTYPES; ++dt)
            if (expected_supported(op, dt)) large(rng, op, dt);
    for (int op = ARRPY_FLOOR_DIVIDE; op < ARRPY_NUM_BINARY_OPS; ++op) {  // the others: a rotation
        int k = 0;
        for (int dt = 0; dt < ARRPY_NUM_DTYPES; ++dt)
            if (expected_supported(op, dt) && (k++ + op) % 3 == 0) large(rng, op, dt);
    }
    for (int dt : {ARRPY_INT8, ARRPY_INT32, ARRPY_UINT64, ARRPY_INT64}) {  // status flags from pool threads
        large(rng, ARRPY_FLOOR_DIVIDE, dt);
        large(rng, ARRPY_REMAINDER, dt);
        large(rng, ARRPY_POWER, dt);
    }
    for (int op = ARRPY_MAXIMUM; op <= ARRPY_FMIN; ++op) {
        large(rng, op, ARRPY_FLOAT64);
        large(rng, op, ARRPY_FLOAT32);
    }
    {  // comparisons, large: every dtype with one op (rotating), and every op for float64/float32
        CmpMode mode(true);
        for (int dt = 0; dt < ARRPY_NUM_DTYPES; ++dt) large(rng, dt % ARRPY_NUM_COMPARE_OPS, dt);
        for (int op = 0; op < ARRPY_NUM_COMPARE_OPS; ++op) {
            large(rng, op, ARRPY_FLOAT64);
            large(rng, op, ARRPY_FLOAT32);
        }
        for (int op = ARRPY_LOGICAL_AND; op <= ARRPY_LOGICAL_XOR; ++op) {  // logical: the other loops
            large(rng, op, ARRPY_BOOL);
            large(rng, op, ARRPY_COMPLEX128);
        }
    }
    concurrent_callers();
    fork_test();
    // single-threaded large run too
    arrpy_cpp_set_num_threads(1);
    {
        const int64_t n = 1 << 20, sh[1] = {n}, c[1] = {1};
        run_case(rng, ARRPY_ADD, ARRPY_FLOAT64, 1, sh, c, c, c, kNone, "large-1thread");
    }
    arrpy_cpp_set_num_threads(2);
    printf("%ld passed, %ld failed\n", g_pass.load(), g_fail.load());
    return g_fail.load() == 0 ? 0 : 1;
}
