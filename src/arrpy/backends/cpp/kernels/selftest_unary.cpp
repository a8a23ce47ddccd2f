// Standalone self-test of the arrpy C++ unary kernels (not part of the library build); run by
// run_selftest.sh for both SIMD paths (ARRPY_SIMD=scalar forces the scalar one) and under
// ASan/UBSan. Checks: special values of every op against NumPy's answers (hard-coded), integer
// edge cases, the SIMD flavour against the scalar one (bit for bit on random data, every
// supported (op, dtype)), N-d layouts (strided, negative, broadcast, transposed, 0-d, empty)
// against one-element calls, and threaded runs against single-threaded ones.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <complex>
#include <limits>
#include <random>
#include <type_traits>
#include <vector>

#include "arrpy_cpp.hpp"
#include "thread_pool.hpp"
#include "unary_table.hpp"

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

const char *kNames[ARRPY_NUM_UNARY_OPS] = {
    "negative", "positive", "absolute", "reciprocal", "square", "sqrt", "cbrt", "exp", "exp2",
    "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "arcsin", "arccos", "arctan",
    "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "deg2rad", "rad2deg", "floor", "ceil",
    "trunc", "rint", "sign", "conjugate", "invert", "isnan", "isinf", "isfinite", "signbit",
    "logical_not"};

const int64_t kItem[ARRPY_NUM_DTYPES] = {1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 8, 16};

const double kInf = std::numeric_limits<double>::infinity();
const double kNan = std::numeric_limits<double>::quiet_NaN();

// 1-D contiguous call.
int run1(int op, int dtype, const void *in, void *out, int64_t n) {
    const int64_t shape[1] = {n}, sa[1] = {kItem[dtype]},
                  so[1] = {kItem[arrpy_cpp_unary_out_dtype(op, dtype)]};
    return arrpy_cpp_unary_nd(op, dtype, 1, shape, static_cast<const char *>(in), sa,
                              static_cast<char *>(out), so);
}

// The floating-point status the kernels report for r = OP(x) (abi.h, "Floating-point status").
int float_rule(int op, double x, double r) {
    switch (op) {
        case ARRPY_RECIPROCAL: case ARRPY_SQUARE: case ARRPY_SQRT: case ARRPY_EXP: case ARRPY_EXP2:
        case ARRPY_EXPM1: case ARRPY_LOG: case ARRPY_LOG2: case ARRPY_LOG10: case ARRPY_LOG1P:
        case ARRPY_SIN: case ARRPY_COS: case ARRPY_TAN: case ARRPY_ARCSIN: case ARRPY_ARCCOS:
        case ARRPY_SINH: case ARRPY_COSH: case ARRPY_ARCCOSH: case ARRPY_ARCTANH:
        case ARRPY_DEG2RAD: case ARRPY_RAD2DEG: break;
        default: return ARRPY_OK;
    }
    if (isnan(r)) return isnan(x) ? ARRPY_OK : ARRPY_STATUS_INVALID;
    if (!isinf(r)) return ARRPY_OK;
    const bool pole = ((op == ARRPY_LOG || op == ARRPY_LOG2 || op == ARRPY_LOG10 ||
                        op == ARRPY_RECIPROCAL) && x == 0) ||
                      (op == ARRPY_LOG1P && x == -1) || (op == ARRPY_ARCTANH && (x == 1 || x == -1));
    if (pole) return ARRPY_STATUS_DIVIDE_BY_ZERO;
    return isfinite(x) ? ARRPY_STATUS_OVERFLOW : ARRPY_OK;
}

// The rule over n float32 / float64 inputs and results (0 for the other dtypes).
int float_rule_of(int op, int dtype, const unsigned char *in, const unsigned char *out, int64_t n) {
    int status = ARRPY_OK;
    for (int64_t i = 0; i < n; ++i) {
        if (dtype == ARRPY_FLOAT64) {
            double x, r;
            memcpy(&x, in + 8 * i, 8);
            memcpy(&r, out + 8 * i, 8);
            status |= float_rule(op, x, r);
        } else if (dtype == ARRPY_FLOAT32 && arrpy_cpp_unary_out_dtype(op, dtype) == ARRPY_FLOAT32) {
            float x, r;
            memcpy(&x, in + 4 * i, 4);
            memcpy(&r, out + 4 * i, 4);
            status |= float_rule(op, x, r);
        }
    }
    return status;
}

template <class T>
T call1(int op, int dtype, T x) {
    T r;
    const int st = arrpy_cpp_unary_nd(op, dtype, 0, nullptr, reinterpret_cast<const char *>(&x), nullptr,
                                      reinterpret_cast<char *>(&r), nullptr);
    int want = ARRPY_OK;
    if constexpr (std::is_floating_point<T>::value) want = float_rule(op, double(x), double(r));
    CHECK(st == want, "%s status %d, want %d", kNames[op], st, want);
    return r;
}

bool same_bits(double a, double b) {
    if (a != a && b != b) return true;
    return memcmp(&a, &b, sizeof a) == 0;
}
bool same_bits_f(float a, float b) {
    if (a != a && b != b) return true;
    return memcmp(&a, &b, sizeof a) == 0;
}

// Float64 (and float32, converted) results of exact ops on special inputs, against NumPy 2.4.
void test_float_specials() {
    struct Case { int op; double x, expect; };
    const double m0 = -0.0;
    const Case cases[] = {
        {ARRPY_NEGATIVE, 0.0, m0}, {ARRPY_NEGATIVE, m0, 0.0}, {ARRPY_NEGATIVE, kInf, -kInf},
        {ARRPY_ABSOLUTE, m0, 0.0}, {ARRPY_ABSOLUTE, -kInf, kInf}, {ARRPY_ABSOLUTE, -2.5, 2.5},
        {ARRPY_RECIPROCAL, 0.0, kInf}, {ARRPY_RECIPROCAL, m0, -kInf}, {ARRPY_RECIPROCAL, -kInf, m0},
        {ARRPY_RECIPROCAL, 4.0, 0.25}, {ARRPY_SQUARE, -3.0, 9.0}, {ARRPY_SQUARE, 1e200, kInf},
        {ARRPY_SQRT, m0, m0}, {ARRPY_SQRT, -1.0, kNan}, {ARRPY_SQRT, kInf, kInf}, {ARRPY_SQRT, 4.0, 2.0},
        {ARRPY_SQRT, -kInf, kNan},
        {ARRPY_FLOOR, -0.5, -1.0}, {ARRPY_FLOOR, m0, m0}, {ARRPY_FLOOR, 2.5, 2.0}, {ARRPY_FLOOR, -kInf, -kInf},
        {ARRPY_CEIL, -0.5, m0}, {ARRPY_CEIL, 0.2, 1.0}, {ARRPY_TRUNC, -0.7, m0}, {ARRPY_TRUNC, 1.7, 1.0},
        {ARRPY_RINT, 2.5, 2.0}, {ARRPY_RINT, 3.5, 4.0}, {ARRPY_RINT, -0.5, m0}, {ARRPY_RINT, 0.5, 0.0},
        {ARRPY_RINT, 4503599627370497.0, 4503599627370497.0},
        {ARRPY_SIGN, m0, 0.0}, {ARRPY_SIGN, -3.0, -1.0}, {ARRPY_SIGN, kInf, 1.0}, {ARRPY_SIGN, kNan, kNan},
        {ARRPY_DEG2RAD, 180.0, 3.141592653589793}, {ARRPY_RAD2DEG, 3.141592653589793, 180.0},
        {ARRPY_CONJUGATE, m0, m0}, {ARRPY_POSITIVE, m0, m0},
        {ARRPY_CBRT, -8.0, -2.0}, {ARRPY_CBRT, m0, m0}, {ARRPY_CBRT, -kInf, -kInf},
        {ARRPY_CBRT, 0.0008136745283182579, 0x1.7e64aa57dc1d9p-4},  // glibc: ...d6 (3 ulp)
        {ARRPY_EXP, -kInf, 0.0}, {ARRPY_EXP, kInf, kInf}, {ARRPY_EXP, 0.0, 1.0}, {ARRPY_EXP, 710.0, kInf},
        {ARRPY_EXP2, 10.0, 1024.0}, {ARRPY_EXPM1, m0, m0}, {ARRPY_EXPM1, -kInf, -1.0},
        {ARRPY_LOG, 0.0, -kInf}, {ARRPY_LOG, m0, -kInf}, {ARRPY_LOG, -1.0, kNan}, {ARRPY_LOG, 1.0, 0.0},
        {ARRPY_LOG, kInf, kInf}, {ARRPY_LOG2, 1024.0, 10.0}, {ARRPY_LOG10, 1000.0, 3.0},
        {ARRPY_LOG1P, -1.0, -kInf}, {ARRPY_LOG1P, m0, m0},
        {ARRPY_SIN, m0, m0}, {ARRPY_SIN, kInf, kNan}, {ARRPY_COS, 0.0, 1.0}, {ARRPY_COS, -kInf, kNan},
        {ARRPY_TAN, m0, m0}, {ARRPY_ARCSIN, 2.0, kNan}, {ARRPY_ARCSIN, m0, m0}, {ARRPY_ARCCOS, 1.0, 0.0},
        {ARRPY_ARCTAN, kInf, 1.5707963267948966}, {ARRPY_SINH, -kInf, -kInf}, {ARRPY_COSH, -kInf, kInf},
        {ARRPY_TANH, -kInf, -1.0}, {ARRPY_TANH, m0, m0}, {ARRPY_ARCSINH, -kInf, -kInf},
        {ARRPY_ARCCOSH, 1.0, 0.0}, {ARRPY_ARCCOSH, 0.5, kNan}, {ARRPY_ARCTANH, 1.0, kInf},
        {ARRPY_ARCTANH, -1.0, -kInf}, {ARRPY_ARCTANH, 2.0, kNan},
    };
    for (const Case &c : cases) {
        const double r = call1<double>(c.op, ARRPY_FLOAT64, c.x);
        CHECK(same_bits(r, c.expect), "%s(float64 %a) = %a, expected %a", kNames[c.op], c.x, r, c.expect);
        if (c.op == ARRPY_CBRT && c.x == 0.0008136745283182579) continue;
        if (c.op == ARRPY_DEG2RAD || c.op == ARRPY_RAD2DEG) continue;
        const float rf = call1<float>(c.op, ARRPY_FLOAT32, static_cast<float>(c.x));
        const float ef = static_cast<float>(c.expect);
        CHECK(same_bits_f(rf, ef) || (fabsf(rf - ef) <= 2e-7f * fabsf(ef)), "%s(float32 %a) = %a, expected %a",
              kNames[c.op], c.x, static_cast<double>(rf), static_cast<double>(ef));
    }
    // float32 deg2rad: one multiply by (float)pi / 180 computed in float (NumPy's NPY_PIf / 180.0f).
    const float d = call1<float>(ARRPY_DEG2RAD, ARRPY_FLOAT32, 90.0f);
    CHECK(d == 90.0f * (3.14159265358979323846f / 180.0f), "deg2rad float32 90 = %a", static_cast<double>(d));

    // bool results
    struct BCase { int op; double x; uint8_t expect; };
    const BCase bcases[] = {
        {ARRPY_ISNAN, kNan, 1}, {ARRPY_ISNAN, kInf, 0}, {ARRPY_ISINF, -kInf, 1}, {ARRPY_ISINF, kNan, 0},
        {ARRPY_ISFINITE, kNan, 0}, {ARRPY_ISFINITE, -kInf, 0}, {ARRPY_ISFINITE, 1e308, 1},
        {ARRPY_SIGNBIT, m0, 1}, {ARRPY_SIGNBIT, -kNan, 1}, {ARRPY_SIGNBIT, kNan, 0}, {ARRPY_SIGNBIT, 0.0, 0},
        {ARRPY_LOGICAL_NOT, m0, 1}, {ARRPY_LOGICAL_NOT, kNan, 0}, {ARRPY_LOGICAL_NOT, 5e-324, 0},
    };
    for (const BCase &c : bcases) {
        for (int dt : {ARRPY_FLOAT64, ARRPY_FLOAT32}) {
            if (dt == ARRPY_FLOAT32 && (fabs(c.x) == 1e308 || c.x == 5e-324)) continue;  // not float32 values
            // 19 copies so the SIMD body (8 per step) and the tail both see it.
            double xd[19];
            float xf[19];
            uint8_t out[19];
            for (int i = 0; i < 19; ++i) { xd[i] = i == 11 ? c.x : 1.0; xf[i] = static_cast<float>(xd[i]); }
            run1(c.op, dt, dt == ARRPY_FLOAT64 ? static_cast<const void *>(xd) : xf, out, 19);
            const uint8_t v1 = c.op == ARRPY_ISFINITE ? 1 : 0;
            bool ok = out[11] == c.expect;
            for (int i = 0; i < 19; ++i) ok = ok && (i == 11 || out[i] == v1);
            CHECK(ok, "%s(%s %a) = %d, expected %d", kNames[c.op], dt == ARRPY_FLOAT64 ? "float64" : "float32",
                  c.x, out[11], c.expect);
        }
    }
}

void test_int_specials() {
    CHECK(call1<int8_t>(ARRPY_NEGATIVE, ARRPY_INT8, INT8_MIN) == INT8_MIN, "negative int8 min");
    CHECK(call1<int64_t>(ARRPY_NEGATIVE, ARRPY_INT64, INT64_MIN) == INT64_MIN, "negative int64 min");
    CHECK(call1<uint16_t>(ARRPY_NEGATIVE, ARRPY_UINT16, 1) == 65535, "negative uint16 1");
    CHECK(call1<int32_t>(ARRPY_ABSOLUTE, ARRPY_INT32, INT32_MIN) == INT32_MIN, "absolute int32 min");
    CHECK(call1<int16_t>(ARRPY_ABSOLUTE, ARRPY_INT16, -7) == 7, "absolute int16");
    CHECK(call1<int32_t>(ARRPY_SQUARE, ARRPY_INT32, 65536) == 0, "square int32 wraps");
    CHECK(call1<uint8_t>(ARRPY_SQUARE, ARRPY_UINT8, 16) == 0, "square uint8 wraps");
    CHECK(call1<int64_t>(ARRPY_SQUARE, ARRPY_INT64, INT64_MIN) == 0, "square int64 min");
    // reciprocal: NumPy on x86-64
    CHECK(call1<int8_t>(ARRPY_RECIPROCAL, ARRPY_INT8, 0) == 0, "reciprocal int8 0");
    CHECK(call1<int32_t>(ARRPY_RECIPROCAL, ARRPY_INT32, 0) == INT32_MIN, "reciprocal int32 0");
    CHECK(call1<int64_t>(ARRPY_RECIPROCAL, ARRPY_INT64, 0) == INT64_MIN, "reciprocal int64 0");
    CHECK(call1<uint64_t>(ARRPY_RECIPROCAL, ARRPY_UINT64, 0) == 0, "reciprocal uint64 0");
    CHECK(call1<int16_t>(ARRPY_RECIPROCAL, ARRPY_INT16, -1) == -1, "reciprocal int16 -1");
    CHECK(call1<int16_t>(ARRPY_RECIPROCAL, ARRPY_INT16, 2) == 0, "reciprocal int16 2");
    CHECK(call1<uint32_t>(ARRPY_RECIPROCAL, ARRPY_UINT32, 1) == 1, "reciprocal uint32 1");
    CHECK(call1<int8_t>(ARRPY_SIGN, ARRPY_INT8, INT8_MIN) == -1, "sign int8");
    CHECK(call1<uint8_t>(ARRPY_SIGN, ARRPY_UINT8, 200) == 1, "sign uint8");
    CHECK(call1<int32_t>(ARRPY_INVERT, ARRPY_INT32, 0) == -1, "invert int32");
    CHECK(call1<uint8_t>(ARRPY_INVERT, ARRPY_UINT8, 1) == 254, "invert uint8");
    CHECK(call1<uint8_t>(ARRPY_INVERT, ARRPY_BOOL, 1) == 0, "invert bool");
    CHECK(call1<uint8_t>(ARRPY_INVERT, ARRPY_BOOL, 0) == 1, "invert bool 0");
    CHECK(call1<int64_t>(ARRPY_FLOOR, ARRPY_INT64, INT64_MAX) == INT64_MAX, "floor int64 copies");
    int32_t xi[3] = {0, -5, INT32_MIN};
    uint8_t ob[3];
    run1(ARRPY_LOGICAL_NOT, ARRPY_INT32, xi, ob, 3);
    CHECK(ob[0] == 1 && ob[1] == 0 && ob[2] == 0, "logical_not int32");
    run1(ARRPY_ISFINITE, ARRPY_INT32, xi, ob, 3);
    CHECK(ob[0] == 1 && ob[1] == 1 && ob[2] == 1, "isfinite int32");
    run1(ARRPY_ISNAN, ARRPY_INT32, xi, ob, 3);
    CHECK(ob[0] == 0 && ob[1] == 0 && ob[2] == 0, "isnan int32");
}

bool cplx_same(std::complex<double> a, double re, double im) {
    return same_bits(a.real(), re) && same_bits(a.imag(), im);
}

void test_complex_specials() {
    typedef std::complex<double> C;
    const double m0 = -0.0;
    struct Case { int op; C x; double re, im; };
    const Case cases[] = {
        {ARRPY_SIGN, C(kInf, 1.0), 1.0, 0.0}, {ARRPY_SIGN, C(-kInf, kNan), -1.0, 0.0},
        {ARRPY_SIGN, C(2.0, -kInf), 0.0, -1.0}, {ARRPY_SIGN, C(kInf, kInf), kNan, kNan},
        {ARRPY_SIGN, C(kNan, 0.0), kNan, kNan}, {ARRPY_SIGN, C(0.0, m0), 0.0, 0.0},
        {ARRPY_SIGN, C(3.0, 4.0), 0.6, 0.8},
        {ARRPY_SQRT, C(-1.0, 0.0), 0.0, 1.0}, {ARRPY_SQRT, C(-1.0, m0), 0.0, -1.0},
        {ARRPY_SQRT, C(-4.0, 0.0), 0.0, 2.0}, {ARRPY_SQRT, C(kNan, kInf), kInf, kInf},
        {ARRPY_EXP, C(-kInf, 0.0), 0.0, 0.0}, {ARRPY_EXP, C(0.0, m0), 1.0, m0},
        {ARRPY_LOG, C(0.0, 0.0), -kInf, 0.0}, {ARRPY_LOG, C(-1.0, 0.0), 0.0, 3.141592653589793},
        {ARRPY_LOG, C(-1.0, m0), 0.0, -3.141592653589793},
        {ARRPY_SQUARE, C(1.7976931348623157e308, 1.7976931348623157e308), -kInf, kInf},
        {ARRPY_SQUARE, C(2.0, 3.0), -5.0, 12.0},
        {ARRPY_RECIPROCAL, C(0.0, 2.0), 0.0, -0.5}, {ARRPY_RECIPROCAL, C(2.0, 0.0), 0.5, m0},
        {ARRPY_CONJUGATE, C(1.0, 0.0), 1.0, m0}, {ARRPY_NEGATIVE, C(0.0, m0), m0, 0.0},
        {ARRPY_RINT, C(2.5, -1.5), 2.0, -2.0}, {ARRPY_EXP2, C(3.0, 0.0), 7.999999999999998, 0.0},  // NumPy: cexp(3 ln2)
        {ARRPY_ARCTANH, C(1.0, 0.0), kInf, 0.0}, {ARRPY_TANH, C(kInf, 1.0), 1.0, 0.0},
    };
    for (const Case &c : cases) {
        const C r = call1<C>(c.op, ARRPY_COMPLEX128, c.x);
        const bool ok = c.op == ARRPY_SIGN && c.re == 0.6
                            ? fabs(r.real() - 0.6) < 1e-15 && fabs(r.imag() - 0.8) < 1e-15
                            : cplx_same(r, c.re, c.im);
        CHECK(ok, "%s(complex128 %g%+gj) = %g%+gj, expected %g%+gj", kNames[c.op], c.x.real(), c.x.imag(),
              r.real(), r.imag(), c.re, c.im);
    }
    // complex64 square uses the fused formula too
    typedef std::complex<float> CF;
    const CF sq = call1<CF>(ARRPY_SQUARE, ARRPY_COMPLEX64, CF(1e20f, 1e20f));
    CHECK(sq.real() == -INFINITY && sq.imag() == INFINITY, "square complex64 (1e20+1e20j)");
    // absolute: real output
    C z[3] = {C(3.0, 4.0), C(kInf, kNan), C(kNan, 1.0)};
    double a[3];
    run1(ARRPY_ABSOLUTE, ARRPY_COMPLEX128, z, a, 3);
    CHECK(a[0] == 5.0 && a[1] == kInf && a[2] != a[2], "absolute complex128");
    uint8_t b[3];
    run1(ARRPY_ISINF, ARRPY_COMPLEX128, z, b, 3);
    CHECK(b[0] == 0 && b[1] == 1 && b[2] == 0, "isinf complex128");
    run1(ARRPY_ISNAN, ARRPY_COMPLEX128, z, b, 3);
    CHECK(b[0] == 0 && b[1] == 1 && b[2] == 1, "isnan complex128");
    run1(ARRPY_LOGICAL_NOT, ARRPY_COMPLEX128, z, b, 3);
    CHECK(b[0] == 0 && b[1] == 0 && b[2] == 0, "logical_not complex128");
}

// Random bytes that are mostly ordinary numbers of the dtype, with specials sprinkled in.
std::vector<unsigned char> random_data(int dtype, int64_t n, std::mt19937_64 &rng) {
    std::vector<unsigned char> v(static_cast<size_t>(n * kItem[dtype]));
    const double specials[] = {0.0, -0.0, kInf, -kInf, kNan, 1.0, -1.0, 0.5, 2.5, -2.5, 5e-324, 1e308};
    std::uniform_real_distribution<double> u(-20.0, 20.0);
    for (int64_t i = 0; i < n; ++i) {
        unsigned char *p = v.data() + i * kItem[dtype];
        const bool sp = rng() % 8 == 0;
        const double d = sp ? specials[rng() % 12] : u(rng);
        const double d2 = rng() % 8 == 0 ? specials[rng() % 12] : u(rng);
        switch (dtype) {
            case ARRPY_BOOL: p[0] = rng() & 1; break;
            case ARRPY_FLOAT32: { float f = static_cast<float>(d); memcpy(p, &f, 4); break; }
            case ARRPY_FLOAT64: memcpy(p, &d, 8); break;
            case ARRPY_COMPLEX64: { float f[2] = {static_cast<float>(d), static_cast<float>(d2)}; memcpy(p, f, 8); break; }
            case ARRPY_COMPLEX128: { double f[2] = {d, d2}; memcpy(p, f, 16); break; }
            default: { uint64_t r = rng(); if (rng() % 4 == 0) r = (rng() & 1) ? 0 : uint64_t(1) << (8 * kItem[dtype] - 1); memcpy(p, &r, static_cast<size_t>(kItem[dtype])); }
        }
    }
    return v;
}

// Results compared bytewise, any nan equal to any nan.
bool same_results(int out_dtype, const unsigned char *a, const unsigned char *b, int64_t n) {
    if (memcmp(a, b, static_cast<size_t>(n * kItem[out_dtype])) == 0) return true;
    if (out_dtype < ARRPY_FLOAT32) return false;
    const bool f32 = out_dtype == ARRPY_FLOAT32 || out_dtype == ARRPY_COMPLEX64;
    const int64_t m = n * (out_dtype >= ARRPY_COMPLEX64 ? 2 : 1);
    for (int64_t i = 0; i < m; ++i) {
        if (f32) {
            float x, y;
            memcpy(&x, a + 4 * i, 4);
            memcpy(&y, b + 4 * i, 4);
            if (!same_bits_f(x, y)) return false;
        } else {
            double x, y;
            memcpy(&x, a + 8 * i, 8);
            memcpy(&y, b + 8 * i, 8);
            if (!same_bits(x, y)) return false;
        }
    }
    return true;
}

// Every supported (op, dtype): the selected flavour against the scalar one (bit for bit except
// exp/log/sin/cos/tanh on AVX2, which go through arrpy::simd: checked for specials only there), and
// N-d layouts against one-element calls.
void test_all_ops_layouts() {
    std::mt19937_64 rng(12345);
    const arrpy_unary_table *scalar = arrpy_un_scalar::get_unary_table();
    for (int op = 0; op < ARRPY_NUM_UNARY_OPS; ++op) {
        for (int dt = 0; dt < ARRPY_NUM_DTYPES; ++dt) {
            if (!arrpy_cpp_unary_supported(op, dt)) {
                CHECK(arrpy_cpp_unary_nd(op, dt, 0, nullptr, nullptr, nullptr, nullptr, nullptr) ==
                          ARRPY_STATUS_UNSUPPORTED, "%s %d should be unsupported", kNames[op], dt);
                continue;
            }
            CHECK(scalar->fn[op][dt] != nullptr, "scalar table misses %s %d", kNames[op], dt);
            const int odt = arrpy_cpp_unary_out_dtype(op, dt);
            const int64_t is = kItem[dt], os = kItem[odt];
            const int64_t n = 301;
            std::vector<unsigned char> in = random_data(dt, n, rng);
            std::vector<unsigned char> ref(static_cast<size_t>(n * os)), got(static_cast<size_t>(n * os));
            // reference: the scalar loop, element by element
            for (int64_t i = 0; i < n; ++i)
                scalar->fn[op][dt](1, reinterpret_cast<const char *>(in.data() + i * is), 0,
                                   reinterpret_cast<char *>(ref.data() + i * os), 0);
            const bool simd_math = (op == ARRPY_EXP || op == ARRPY_LOG || op == ARRPY_SIN || op == ARRPY_COS ||
                                    op == ARRPY_TANH) &&
                                   (dt == ARRPY_FLOAT32 || dt == ARRPY_FLOAT64) &&
                                   strcmp(arrpy_cpp_unary_simd_target(), "avx2") == 0;
            auto check_same = [&](const char *what, const unsigned char *r, const unsigned char *g, int64_t m) {
                if (simd_math) return;  // covered by simd_math's own tests (<= 2 ulp)
                CHECK(same_results(odt, r, g, m), "%s %d (%s): differs from the scalar reference", kNames[op], dt, what);
            };
            // contiguous
            CHECK(run1(op, dt, in.data(), got.data(), n) == float_rule_of(op, dt, in.data(), got.data(), n),
                  "status");
            check_same("contiguous", ref.data(), got.data(), n);
            // strided input (every 3rd), contiguous output
            {
                const int64_t m = n / 3;
                std::vector<unsigned char> o(static_cast<size_t>(m * os)), r(static_cast<size_t>(m * os));
                const int64_t shape[1] = {m}, sa[1] = {3 * is}, so[1] = {os};
                arrpy_cpp_unary_nd(op, dt, 1, shape, reinterpret_cast<const char *>(in.data()), sa,
                                   reinterpret_cast<char *>(o.data()), so);
                for (int64_t i = 0; i < m; ++i) memcpy(r.data() + i * os, ref.data() + 3 * i * os, static_cast<size_t>(os));
                check_same("strided", r.data(), o.data(), m);
            }
            // negative strides on both: reversed walk
            {
                std::vector<unsigned char> o(static_cast<size_t>(n * os));
                const int64_t shape[1] = {n}, sa[1] = {-is}, so[1] = {-os};
                arrpy_cpp_unary_nd(op, dt, 1, shape, reinterpret_cast<const char *>(in.data() + (n - 1) * is), sa,
                                   reinterpret_cast<char *>(o.data() + (n - 1) * os), so);
                check_same("negative", ref.data(), o.data(), n);
            }
            // 2-d transposed input (10 x 30 read column-major), broadcast row
            {
                const int64_t shape[2] = {30, 10}, sa[2] = {is, 30 * is}, so[2] = {10 * os, os};
                std::vector<unsigned char> o(static_cast<size_t>(300 * os)), r(static_cast<size_t>(300 * os));
                arrpy_cpp_unary_nd(op, dt, 2, shape, reinterpret_cast<const char *>(in.data()), sa,
                                   reinterpret_cast<char *>(o.data()), so);
                for (int64_t i = 0; i < 30; ++i)
                    for (int64_t j = 0; j < 10; ++j)
                        memcpy(r.data() + (i * 10 + j) * os, ref.data() + (j * 30 + i) * os, static_cast<size_t>(os));
                check_same("transposed", r.data(), o.data(), 300);
                const int64_t bshape[3] = {4, 1, 7}, bsa[3] = {0, 0, 0}, bso[3] = {7 * os, 7 * os, os};
                std::vector<unsigned char> ob(static_cast<size_t>(28 * os)), rb(static_cast<size_t>(28 * os));
                arrpy_cpp_unary_nd(op, dt, 3, bshape, reinterpret_cast<const char *>(in.data() + 5 * is), bsa,
                                   reinterpret_cast<char *>(ob.data()), bso);
                for (int64_t i = 0; i < 28; ++i) memcpy(rb.data() + i * os, ref.data() + 5 * os, static_cast<size_t>(os));
                check_same("broadcast", rb.data(), ob.data(), 28);
            }
            // empty: must not touch memory
            {
                const int64_t shape[2] = {3, 0}, s[2] = {0, 0};
                CHECK(arrpy_cpp_unary_nd(op, dt, 2, shape, nullptr, s, nullptr, s) == 0, "empty");
            }
            // in place (same dtype out)
            if (odt == dt) {
                std::vector<unsigned char> io = in;
                run1(op, dt, io.data(), io.data(), n);
                check_same("in place", ref.data(), io.data(), n);
            }
        }
    }
}

// Large inputs: 2 threads give the same bytes as 1 thread, and really split the work.
void test_threads() {
    std::mt19937_64 rng(7);
    const int ops[][2] = {{ARRPY_EXP, ARRPY_FLOAT64}, {ARRPY_SQRT, ARRPY_FLOAT32}, {ARRPY_SIN, ARRPY_COMPLEX128},
                          {ARRPY_NEGATIVE, ARRPY_INT16}, {ARRPY_ISNAN, ARRPY_FLOAT64},
                          {ARRPY_ABSOLUTE, ARRPY_COMPLEX64}, {ARRPY_TANH, ARRPY_FLOAT32}};
    for (const auto &p : ops) {
        const int op = p[0], dt = p[1], odt = arrpy_cpp_unary_out_dtype(op, dt);
        const int64_t n = 600001;
        std::vector<unsigned char> in = random_data(dt, n, rng);
        std::vector<unsigned char> o1(static_cast<size_t>(n * kItem[odt])), o2(o1.size());
        arrpy::pool::set_num_threads(1);
        run1(op, dt, in.data(), o1.data(), n);
        arrpy::pool::set_num_threads(2);
        const uint64_t before = arrpy::pool::parallel_jobs();
        // 2-d with a non-contiguous row step, so chunks start mid-row
        const int64_t shape[2] = {n / 7, 7}, sa[2] = {7 * kItem[dt], kItem[dt]}, so[2] = {7 * kItem[odt], kItem[odt]};
        arrpy_cpp_unary_nd(op, dt, 2, shape, reinterpret_cast<const char *>(in.data()), sa,
                           reinterpret_cast<char *>(o2.data()), so);
        CHECK(arrpy::pool::parallel_jobs() > before, "%s %d: not split across threads", kNames[op], dt);
        CHECK(same_results(odt, o1.data(), o2.data(), (n / 7) * 7), "%s %d: threaded result differs", kNames[op], dt);
    }
    arrpy::pool::set_num_threads(2);
}

}  // namespace

int main() {
    printf("unary selftest, simd target %s\n", arrpy_cpp_unary_simd_target());
    test_float_specials();
    test_int_specials();
    test_complex_specials();
    test_all_ops_layouts();
    if (!getenv("SELFTEST_NO_THREADS")) test_threads();
    printf("unary selftest: %ld passed, %ld failed\n", g_pass, g_fail);
    return g_fail == 0 ? 0 : 1;
}
