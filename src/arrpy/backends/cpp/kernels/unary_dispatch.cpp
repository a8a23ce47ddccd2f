// arrpy C++ backend: unary elementwise ops. Exported entry points, run-time SIMD selection and
// the N-d driver.
//
// The N-d iteration is nd_iter.hpp's, shared with the binary driver.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <atomic>

#include "arrpy_cpp.hpp"
#include "dtypes.hpp"
#include "fp_status.hpp"
#include "simd_flavour.hpp"
#include "simd_math.hpp"
#include "nd_iter.hpp"
#include "thread_pool.hpp"
#include "unary_table.hpp"

namespace {

// ---------------------------------------------------------------------------------------------
// SIMD flavour, chosen once: the scalar table, with the entries the selected flavour provides
// laid over it.

struct MergedTable {
    arrpy_unary_table t;
    MergedTable() {
        t = *arrpy_un_scalar::get_unary_table();
        const arrpy_unary_table *simd = nullptr;
        switch (arrpy::simd_flavour()) {
#if defined(__x86_64__)
            case arrpy::Flavour::avx2: simd = arrpy_un_avx2::get_unary_table(); break;
#elif defined(__aarch64__)
            case arrpy::Flavour::neon: simd = arrpy_un_neon::get_unary_table(); break;
#endif
            default: break;
        }
        if (simd != nullptr) {
            t.name = simd->name;
            for (int op = 0; op < ARRPY_NUM_UNARY_OPS; ++op)
                for (int dt = 0; dt < ARRPY_NUM_DTYPES; ++dt)
                    if (simd->fn[op][dt] != nullptr) t.fn[op][dt] = simd->fn[op][dt];
            if (simd->non_finite_f32 != nullptr) t.non_finite_f32 = simd->non_finite_f32;
            if (simd->non_finite_f64 != nullptr) t.non_finite_f64 = simd->non_finite_f64;
        }
#if defined(__x86_64__)
        if (arrpy::use_avx512()) {  // the same bits as the AVX2 versions, twice the lanes
            t.fn[ARRPY_EXP][ARRPY_FLOAT64] = &arrpy::simd::strided_loop<double, &arrpy::simd::exp_f64_avx512>;
            t.fn[ARRPY_LOG][ARRPY_FLOAT64] = &arrpy::simd::strided_loop<double, &arrpy::simd::log_f64_avx512>;
            t.fn[ARRPY_SIN][ARRPY_FLOAT32] = &arrpy::simd::strided_loop<float, &arrpy::simd::sin_f32_avx512>;
            t.fn[ARRPY_COS][ARRPY_FLOAT32] = &arrpy::simd::strided_loop<float, &arrpy::simd::cos_f32_avx512>;
        }
#endif
    }
};

const arrpy_unary_table *table() {
    static const MergedTable merged;
    return &merged.t;
}


// ---------------------------------------------------------------------------------------------
// Parallel threshold: the same serial-time break-even as the binary driver (131072 contiguous
// float64 adds, ~27 us on the 2-vCPU development VM), through a per-element cost in 1/8 of a
// float64 add (0.2 ns, so 1 ns == 40). Single-thread costs measured with the C++ loops on that VM
// (best of 15 runs over 200k elements, other processes running; ns/element): negative float64
// 0.17, sqrt float64 0.59 / float32 0.22, glibc exp 4.9, log 4.1, sin 7.9, tan 8.6, tanh 8.6,
// arcsin 4.5, float32 tanh (through double) 7.8; complex128 abs 4.8, reciprocal 6.3, sign 9.2,
// sqrt 16, exp 19, sin 36; complex64 exp 77. exp/log/sin/cos on float32/float64 go through
// arrpy::simd on AVX2, assumed ~0.6 ns/element (the vectorised versions' target).
constexpr int64_t kParallelMinElemsF64Add = 131072;

int cost_eighths(int op, int dtype, bool inner_fast, bool simd_math) {
    const bool is_complex = dtype == ARRPY_COMPLEX64 || dtype == ARRPY_COMPLEX128;
    const bool is_float = dtype == ARRPY_FLOAT32 || dtype == ARRPY_FLOAT64;
    const int in_is = static_cast<int>(arrpy_cpp_itemsize(dtype));
    const int out_is = static_cast<int>(arrpy_cpp_itemsize(arrpy_cpp_unary_out_dtype(op, dtype)));
    int cost = (2 * (in_is + out_is) + 2) / 3;  // memory-bound: bytes moved (24 for float64 add)
    switch (op) {
        case ARRPY_NEGATIVE: case ARRPY_POSITIVE: case ARRPY_CONJUGATE: case ARRPY_FLOOR:
        case ARRPY_CEIL: case ARRPY_TRUNC: case ARRPY_DEG2RAD: case ARRPY_RAD2DEG:
        case ARRPY_ISNAN: case ARRPY_ISINF: case ARRPY_ISFINITE: case ARRPY_SIGNBIT:
        case ARRPY_LOGICAL_NOT: case ARRPY_INVERT:
            break;
        case ARRPY_ABSOLUTE:
            if (is_complex) cost = 190;  // hypot
            break;
        case ARRPY_SQUARE:
            if (is_complex) cost = 40;   // two fma calls in the scalar flavour
            break;
        case ARRPY_SIGN:
            if (is_complex) cost = 360;
            break;
        case ARRPY_RINT:
            if (is_complex) cost = 24;
            break;
        case ARRPY_RECIPROCAL:
            if (is_complex) cost = 250;
            else if (is_float && cost < 12) cost = 12;
            break;
        case ARRPY_SQRT:
            cost = is_complex ? 640 : dtype == ARRPY_FLOAT64 ? 24 : 10;
            break;
        case ARRPY_EXP: case ARRPY_LOG: case ARRPY_SIN: case ARRPY_COS:
            cost = is_complex ? 800 : simd_math ? 24 : 160;
            break;
        case ARRPY_TANH:  // arrpy::simd's tanh on AVX2 (~1.2 ns/element), else libm's (8.6)
            cost = is_complex ? 800 : simd_math ? 48 : 240;
            break;
        default:  // the other transcendental functions: scalar libm
            cost = is_complex ? 800 : 240;
            break;
    }
    if (!inner_fast && cost < 48) cost *= 2;  // strided inner loop
    return cost < 1 ? 1 : cost;
}

// ---------------------------------------------------------------------------------------------
// N-d driver (the iteration itself is nd_iter.hpp's, shared with the binary driver).

int unary_impl(int op, int dtype, int ndim, const int64_t *shape, const char *a, const int64_t *sa,
               char *out, const int64_t *so) {
    if (!arrpy_cpp_is_unary_supported(op, dtype) || ndim < 0) return ARRPY_STATUS_UNSUPPORTED;
    const arrpy_unary1d_fn fn = table()->fn[op][dtype];
    if (fn == nullptr) return ARRPY_STATUS_UNSUPPORTED;

    arrpy::nd::Space<2> space;
    const int64_t *const strides[2] = {sa, so};
    const char *const ptrs[2] = {a, out};
    if (!arrpy::nd::prepare(space, ndim, shape, strides, ptrs)) return ARRPY_STATUS_UNSUPPORTED;
    const int64_t total = space.total;
    if (total == 0) return ARRPY_OK;
    // Floating-point flags (fp_status.hpp): read from the hardware around each chunk, or from
    // the rule on each block of a row. Chunks on pool threads or their flags into `status`.
    const arrpy::fpstatus::Mode fp = arrpy::fpstatus::unary_mode(op, dtype);
    const arrpy_non_finite_fn non_finite =
        dtype == ARRPY_FLOAT64 ? table()->non_finite_f64 : table()->non_finite_f32;
    std::atomic<int> status{ARRPY_OK};
    auto run = [&](int64_t begin, int64_t end) {
        if (fp == arrpy::fpstatus::kHardware) arrpy::fpstatus::clear_hardware();
        int flags = arrpy::nd::for_rows(
            space, begin, end, [&](int64_t n, const char *const *p, const int64_t *st) {
                char *o = const_cast<char *>(p[1]);
                if (fp != arrpy::fpstatus::kRule) {
                    fn(n, p[0], st[0], o, st[1]);
                    return 0;
                }
                return arrpy::fpstatus::rule_row_of(
                    dtype, true, op, n, p[0], st[0], nullptr, 0, o, st[1], non_finite,
                    [&](int64_t m, const char *a_, const char *, char *o_) {
                        fn(m, a_, st[0], o_, st[1]);
                        return 0;
                    });
            });
        if (fp == arrpy::fpstatus::kHardware) flags |= arrpy::fpstatus::hardware_status();
        if (flags != ARRPY_OK) status.fetch_or(flags, std::memory_order_relaxed);
    };

    const int64_t in_item = arrpy_cpp_itemsize(dtype);
    const int64_t out_item = arrpy_cpp_itemsize(arrpy_cpp_unary_out_dtype(op, dtype));
    const int nthreads = arrpy::pool::num_threads_fast();
    if (nthreads > 1 && total >= 256 && space.nd > 0) {
        const int last = space.nd - 1;
        const int64_t ia = space.stride[0][last], io = space.stride[1][last];
        const bool inner_fast = io == out_item && (ia == in_item || ia == 0);
        static const bool simd_math = strcmp(table()->name, "avx2") == 0;
        const int64_t min_total =
            kParallelMinElemsF64Add * 8 / cost_eighths(op, dtype, inner_fast, simd_math);
        if (total >= min_total) {
            arrpy::nd::split_output(total, out_item, io, space.out(), min_total, run);
            return status.load(std::memory_order_relaxed);
        }
    }
    run(0, total);
    return status.load(std::memory_order_relaxed);
}

}  // namespace

extern "C" {

int arrpy_cpp_unary_nd(int op, int dtype, int ndim, const int64_t *shape, const char *a,
                       const int64_t *sa, char *out, const int64_t *so) {
    return unary_impl(op, dtype, ndim, shape, a, sa, out, so);
}

int arrpy_cpp_unary_supported(int op, int dtype) {
    return arrpy_cpp_is_unary_supported(op, dtype) ? 1 : 0;
}

const char *arrpy_cpp_unary_simd_target(void) { return table()->name; }

}  // extern "C"
