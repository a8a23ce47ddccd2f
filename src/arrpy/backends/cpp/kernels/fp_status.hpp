// Floating-point status of the elementwise kernels (abi.h, "Floating-point status"): NumPy's
// divide-by-zero / overflow / invalid warnings for float32 and float64.
//
// Two ways to the same flags, chosen per op:
//   * hardware: the correctly rounded add, subtract, multiply, divide, square, reciprocal and
//     sqrt raise exactly the IEEE exceptions the rule describes (their SIMD loops and scalar
//     tails are plain IEEE operations), so the dispatcher clears the exception flags before a
//     chunk and reads them after it: no cost per element. Flags are per thread, and every chunk
//     reads its own thread's.
//   * rule: the other ops (vectorised polynomials, libm calls, composite formulas) may raise a
//     flag spuriously (inf - inf inside exp's range reduction of an infinite input) or not at all
//     (an infinity built from its bits), so the rule of abi.h is applied to the inputs and the
//     results, block by block while they are in L1: a quick scan of the results for a non-finite
//     value (rare), and only then the classification element by element.
// Used by the dispatchers only (baseline code, never compiled with -mavx2).
#pragma once

#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "abi.h"

namespace arrpy {
namespace fpstatus {

enum Mode { kNone = 0, kHardware = 1, kRule = 2 };

// Elements per block of the rule (a block of inputs and results stays in L1).
constexpr int64_t kBlock = 1024;

inline bool is_real_float(int dtype) { return dtype == ARRPY_FLOAT32 || dtype == ARRPY_FLOAT64; }

// The ops whose results can meet one of the conditions; for every other op the rule never fires.
inline Mode binary_mode(int op, int dtype) {
    if (!is_real_float(dtype)) return kNone;
    switch (op) {
        case ARRPY_ADD: case ARRPY_SUBTRACT: case ARRPY_MULTIPLY: case ARRPY_DIVIDE:
            return kHardware;
        case ARRPY_FLOOR_DIVIDE: case ARRPY_REMAINDER: case ARRPY_POWER: case ARRPY_HYPOT:
            return kRule;
        default:
            return kNone;
    }
}

inline Mode unary_mode(int op, int dtype) {
    if (!is_real_float(dtype)) return kNone;
    switch (op) {
        case ARRPY_RECIPROCAL: case ARRPY_SQUARE: case ARRPY_SQRT:
            return kHardware;
        case ARRPY_EXP: case ARRPY_EXP2: case ARRPY_EXPM1: case ARRPY_LOG: case ARRPY_LOG2:
        case ARRPY_LOG10: case ARRPY_LOG1P: case ARRPY_SIN: case ARRPY_COS: case ARRPY_TAN:
        case ARRPY_ARCSIN: case ARRPY_ARCCOS: case ARRPY_SINH: case ARRPY_COSH:
        case ARRPY_ARCCOSH: case ARRPY_ARCTANH: case ARRPY_DEG2RAD: case ARRPY_RAD2DEG:
            return kRule;
        default:
            return kNone;
    }
}

constexpr int kWatched = FE_DIVBYZERO | FE_OVERFLOW | FE_INVALID;

inline void clear_hardware() { feclearexcept(kWatched); }

inline int hardware_status() {
    const int raised = fetestexcept(kWatched);
    return ((raised & FE_DIVBYZERO) ? ARRPY_STATUS_DIVIDE_BY_ZERO : 0) |
           ((raised & FE_OVERFLOW) ? ARRPY_STATUS_OVERFLOW : 0) |
           ((raised & FE_INVALID) ? ARRPY_STATUS_INVALID : 0);
}

template <class T>
inline T load(const char *p) {
    T v;
    memcpy(&v, p, sizeof(T));
    return v;
}

// True if one of the n values at p (byte stride s) is inf or nan: the exponent bits all set.
template <class T, class U>
inline bool any_non_finite(int64_t n, const char *p, int64_t s) {
    constexpr U exponent = sizeof(T) == 8 ? U(0x7ff0000000000000ull) : U(0x7f800000u);
    U hit = 0;
    if (s == int64_t(sizeof(T))) {
        for (int64_t i = 0; i < n; ++i) {
            U bits;
            memcpy(&bits, p + i * int64_t(sizeof(T)), sizeof(U));
            hit |= U((bits & exponent) == exponent);  // a branch-free loop the compiler vectorises
        }
    } else {
        for (int64_t i = 0; i < n; ++i) hit |= U((load<U>(p + i * s) & exponent) == exponent);
    }
    return hit != 0;
}

inline bool binary_pole(int op, double x, double y) {
    if (op == ARRPY_DIVIDE || op == ARRPY_FLOOR_DIVIDE) return y == 0 && isfinite(x);
    if (op == ARRPY_POWER) return x == 0 && y < 0;
    return false;
}

inline bool unary_pole(int op, double x) {
    switch (op) {
        case ARRPY_LOG: case ARRPY_LOG2: case ARRPY_LOG10: case ARRPY_RECIPROCAL: return x == 0;
        case ARRPY_LOG1P: return x == -1;
        case ARRPY_ARCTANH: return x == 1 || x == -1;
        default: return false;
    }
}

// Scans a block for a non-finite value: the flavour's vectorised scan, or the portable loop.
typedef bool (*NonFinite)(int64_t n, const char *p, int64_t s);

// The rule's flags for r[i] = x[i] OP y[i] (unary: y == nullptr).
template <class T, class U>
int rule_status(bool unary, int op, int64_t n, const char *x, int64_t sx, const char *y,
                int64_t sy, const char *r, int64_t sr, NonFinite scan) {
    if (!(scan != nullptr ? scan(n, r, sr) : any_non_finite<T, U>(n, r, sr))) return ARRPY_OK;
    int status = ARRPY_OK;
    for (int64_t i = 0; i < n; ++i) {
        const double result = load<T>(r + i * sr);
        if (isfinite(result)) continue;
        const double a = load<T>(x + i * sx);
        const double b = unary ? 0.0 : double(load<T>(y + i * sy));
        if (isnan(result)) {
            if (!isnan(a) && !isnan(b)) status |= ARRPY_STATUS_INVALID;
        } else if (unary ? unary_pole(op, a) : binary_pole(op, a, b)) {
            status |= ARRPY_STATUS_DIVIDE_BY_ZERO;
        } else if (isfinite(a) && isfinite(b)) {
            status |= ARRPY_STATUS_OVERFLOW;
        }
    }
    return status;
}

// Contiguous copies of the n inputs at p (stride s) when the result overwrites them (in-place
// ops): the rule needs the inputs after the kernel has run.
template <class T>
inline const char *saved(const char *p, int64_t s, int64_t n, const char *out, char *buffer) {
    if (p != out) return p;
    for (int64_t i = 0; i < n; ++i) memcpy(buffer + i * int64_t(sizeof(T)), p + i * s, sizeof(T));
    return buffer;
}

// Runs one row through `run(n, a, b, out)` (b: nullptr for unary ops) in blocks, applying the
// rule to each block; returns the or of the kernel's statuses and the rule's flags.
template <class T, class U, class Run>
int rule_row(bool unary, int op, int64_t n, const char *a, int64_t sa, const char *b, int64_t sb,
             char *out, int64_t so, NonFinite scan, Run run) {
    alignas(64) char copy_a[kBlock * sizeof(T)];
    alignas(64) char copy_b[kBlock * sizeof(T)];
    int status = ARRPY_OK;
    for (int64_t i0 = 0; i0 < n; i0 += kBlock) {
        const int64_t m = n - i0 < kBlock ? n - i0 : kBlock;
        const char *pa = a + i0 * sa;
        const char *pb = unary ? nullptr : b + i0 * sb;
        char *po = out + i0 * so;
        const char *xa = saved<T>(pa, sa, m, po, copy_a);
        const char *xb = unary ? nullptr : saved<T>(pb, sb, m, po, copy_b);
        status |= run(m, pa, pb, po);
        status |= rule_status<T, U>(unary, op, m, xa, xa == copy_a ? int64_t(sizeof(T)) : sa, xb,
                                    xb == copy_b ? int64_t(sizeof(T)) : sb, po, so, scan);
    }
    return status;
}

// rule_row for a float32 or float64 dtype (scan: the dtype's vectorised scan, or nullptr).
template <class Run>
int rule_row_of(int dtype, bool unary, int op, int64_t n, const char *a, int64_t sa,
                const char *b, int64_t sb, char *out, int64_t so, NonFinite scan, Run run) {
    if (dtype == ARRPY_FLOAT64)
        return rule_row<double, uint64_t>(unary, op, n, a, sa, b, sb, out, so, scan, run);
    return rule_row<float, uint32_t>(unary, op, n, a, sa, b, sb, out, so, scan, run);
}

}  // namespace fpstatus
}  // namespace arrpy
