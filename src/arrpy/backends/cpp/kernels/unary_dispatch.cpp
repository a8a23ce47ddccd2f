// arrpy C++ backend: unary elementwise ops. Exported entry points, run-time SIMD selection and
// the N-d driver.
//
// The N-d iteration (drop size-1 dims, flip all-negative dims, order by output stride, coalesce,
// split across the thread pool in 64-byte output units) is a two-operand copy of the three-operand
// one in elementwise_dispatch.cpp, duplicated here while that file is being edited; it is meant to
// be folded into one shared helper later.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arrpy_cpp.hpp"
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
        const char *env = getenv("ARRPY_SIMD");
        const bool force_scalar = env != nullptr && strcmp(env, "scalar") == 0;
        if (!force_scalar) {
#if defined(__x86_64__)
            __builtin_cpu_init();
            if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
                simd = arrpy_un_avx2::get_unary_table();
#elif defined(__aarch64__)
            simd = arrpy_un_neon::get_unary_table();
#endif
        }
        if (simd != nullptr) {
            t.name = simd->name;
            for (int op = 0; op < ARRPY_NUM_UNARY_OPS; ++op)
                for (int dt = 0; dt < ARRPY_NUM_DTYPES; ++dt)
                    if (simd->fn[op][dt] != nullptr) t.fn[op][dt] = simd->fn[op][dt];
        }
    }
};

const arrpy_unary_table *table() {
    static const MergedTable merged;
    return &merged.t;
}

inline int64_t itemsize(int dtype) {
    static const int64_t sizes[ARRPY_NUM_DTYPES] = {1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 8, 16};
    return sizes[dtype];
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
    const int in_is = static_cast<int>(itemsize(dtype));
    const int out_is = static_cast<int>(itemsize(arrpy_cpp_unary_out_dtype(op, dtype)));
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
        default:  // the other transcendental functions: scalar libm
            cost = is_complex ? 800 : 240;
            break;
    }
    if (!inner_fast && cost < 48) cost *= 2;  // strided inner loop
    return cost < 1 ? 1 : cost;
}

// ---------------------------------------------------------------------------------------------
// N-d driver.

constexpr int kMaxDims = 64;

struct Loop {
    arrpy_unary1d_fn fn;
    int nd;
    int64_t shape[kMaxDims];
    int64_t sa[kMaxDims], so[kMaxDims];
    const char *a;
    char *out;
};

void run_range(const Loop &L, int64_t begin, int64_t end) {
    if (begin >= end) return;
    const int last = L.nd - 1;
    const int64_t inner = L.shape[last];
    const int64_t ia = L.sa[last], io = L.so[last];
    if (L.nd == 1) {
        L.fn(end - begin, L.a + begin * ia, ia, L.out + begin * io, io);
        return;
    }
    int64_t idx[kMaxDims];
    int64_t row = begin / inner;
    int64_t col = begin % inner;
    int64_t oa = 0, oo = 0;
    for (int d = last - 1; d >= 0; --d) {
        idx[d] = row % L.shape[d];
        row /= L.shape[d];
        oa += idx[d] * L.sa[d];
        oo += idx[d] * L.so[d];
    }
    int64_t remaining = end - begin;
    for (;;) {
        int64_t len = inner - col;
        if (len > remaining) len = remaining;
        L.fn(len, L.a + (oa + col * ia), ia, L.out + (oo + col * io), io);
        remaining -= len;
        if (remaining == 0) return;
        col = 0;
        for (int d = last - 1;; --d) {
            oa += L.sa[d];
            oo += L.so[d];
            if (++idx[d] < L.shape[d]) break;
            oa -= L.sa[d] * L.shape[d];
            oo -= L.so[d] * L.shape[d];
            idx[d] = 0;
        }
    }
}

inline int64_t abs64(int64_t x) { return x < 0 ? -x : x; }

int unary_impl(int op, int dtype, int ndim, const int64_t *shape, const char *a, const int64_t *sa,
               char *out, const int64_t *so) {
    if (!arrpy_cpp_is_unary_supported(op, dtype) || ndim < 0) return ARRPY_STATUS_UNSUPPORTED;
    const arrpy_unary1d_fn fn = table()->fn[op][dtype];
    if (fn == nullptr) return ARRPY_STATUS_UNSUPPORTED;
    for (int d = 0; d < ndim; ++d) {
        if (shape[d] <= 0) return ARRPY_OK;
    }

    Loop L;
    L.fn = fn;
    L.a = a;
    L.out = out;
    int nd = 0;
    for (int d = 0; d < ndim; ++d) {
        if (shape[d] == 1) continue;
        if (nd == kMaxDims) return ARRPY_STATUS_UNSUPPORTED;
        int64_t s_a = sa[d], s_o = so[d];
        if (s_a <= 0 && s_o <= 0 && (s_a | s_o) != 0) {
            const int64_t last = shape[d] - 1;
            L.a += last * s_a;
            L.out += last * s_o;
            s_a = -s_a;
            s_o = -s_o;
        }
        L.shape[nd] = shape[d];
        L.sa[nd] = s_a;
        L.so[nd] = s_o;
        ++nd;
    }
    if (nd == 0) {
        fn(1, L.a, 0, L.out, 0);
        return ARRPY_OK;
    }
    for (int i = 1; i < nd; ++i) {  // decreasing |output stride|, stable
        const int64_t sh = L.shape[i], x = L.sa[i], z = L.so[i];
        int j = i;
        while (j > 0 && abs64(L.so[j - 1]) < abs64(z)) {
            L.shape[j] = L.shape[j - 1];
            L.sa[j] = L.sa[j - 1];
            L.so[j] = L.so[j - 1];
            --j;
        }
        L.shape[j] = sh;
        L.sa[j] = x;
        L.so[j] = z;
    }
    int k = 0;
    for (int d = 1; d < nd; ++d) {
        int64_t ea, eo, merged;
        const bool ok = !__builtin_mul_overflow(L.sa[d], L.shape[d], &ea) &&
                        !__builtin_mul_overflow(L.so[d], L.shape[d], &eo);
        if (ok && ea == L.sa[k] && eo == L.so[k] &&
            !__builtin_mul_overflow(L.shape[k], L.shape[d], &merged)) {
            L.shape[k] = merged;
            L.sa[k] = L.sa[d];
            L.so[k] = L.so[d];
        } else {
            ++k;
            L.shape[k] = L.shape[d];
            L.sa[k] = L.sa[d];
            L.so[k] = L.so[d];
        }
    }
    nd = k + 1;
    L.nd = nd;

    int64_t total = 1;
    for (int d = 0; d < nd; ++d) {
        if (__builtin_mul_overflow(total, L.shape[d], &total)) return ARRPY_STATUS_UNSUPPORTED;
    }

    const int64_t in_item = itemsize(dtype);
    const int64_t out_item = itemsize(arrpy_cpp_unary_out_dtype(op, dtype));
    const int nthreads = arrpy::pool::num_threads_fast();
    if (nthreads > 1 && total >= 256) {
        const int64_t ia = L.sa[nd - 1], io = L.so[nd - 1];
        const bool inner_fast = io == out_item && (ia == in_item || ia == 0);
        static const bool simd_math = strcmp(table()->name, "avx2") == 0;
        const int64_t min_total =
            kParallelMinElemsF64Add * 8 / cost_eighths(op, dtype, inner_fast, simd_math);
        if (total >= min_total) {
            const int64_t unit = out_item >= 64 ? 1 : 64 / out_item;
            int64_t first = 0;
            if (io == out_item) {
                const int64_t mis = static_cast<int64_t>(reinterpret_cast<uintptr_t>(L.out) & 63);
                first = ((64 - mis) & 63) / out_item;
                if (first > total) first = total;
            }
            const int64_t nunits = 1 + (total - first + unit - 1) / unit;
            auto unit_start = [&](int64_t u) -> int64_t {
                if (u == 0) return 0;
                const int64_t s = first + (u - 1) * unit;
                return s < total ? s : total;
            };
            const int64_t min_units = (min_total / 2 + unit - 1) / unit;
            arrpy::pool::parallel_for(nunits, min_units, [&](int64_t ub, int64_t ue) {
                run_range(L, unit_start(ub), unit_start(ue));
            });
            return ARRPY_OK;
        }
    }
    run_range(L, 0, total);
    return ARRPY_OK;
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
