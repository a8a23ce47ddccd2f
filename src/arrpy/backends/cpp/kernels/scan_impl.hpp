// Scan loops (cumsum / cumprod), compiled once per SIMD flavour (scan_table.hpp has the two loop
// shapes).
//
// No include guard around the body on purpose (as reduce_impl.hpp): a translation unit defines
//   ARRPY_KERNEL_NS    the namespace of this flavour (arrpy_scan_avx2, arrpy_scan_neon,
//                      arrpy_scan_scalar)
//   ARRPY_SIMD_BYTES   the width of the explicit vectors: 32 for AVX2, 16 for NEON, 0 for plain
//                      C++ loops (the scalar flavour)
// and includes it; it defines ARRPY_KERNEL_NS::get_scan_table(). Everything else has internal
// linkage and only builtins are called (nothing compiled with -mavx2 can be merged by the linker
// into code that runs without AVX2).
//
// Semantics (abi.h, arrpy_scan_nd_fn): out[0] = a[0], out[k] = out[k-1] OP a[k], each element
// converted to the output type first. Every partial result is an output, so the order is fixed:
// floating scans are sequential and bit-identical to NumPy's add/multiply.accumulate. Complex
// products use the textbook formula with every operation rounded (the build has
// -ffp-contract=off, so no fused multiply-add sneaks in). Integers wrap (computed unsigned).
//
// What is vectorised: the row kernel (axis 0 of a C matrix), out[row k] = out[row k-1] OP
// a[row k], along the contiguous rows with explicit GCC/Clang vectors (vector_size; AVX2 / NEON)
// for real dtypes (integers as unsigned, float32 -> float64 converting whole vectors) and complex
// sums (per component: an add of interleaved numbers). The line kernel (a scan along a
// contiguous axis) is a dependency chain, one add (or multiply) latency per element for floats:
// the running accumulator stays in a register (NumPy's accumulate loop re-reads the previous
// output from memory). (An in-register vector prefix sum would only pay for narrow integers
// scanned in their own dtype, which NumPy's defaults never do: int8 cumsum accumulates in int64,
// and an int64 add already takes one cycle.)

#if !defined(ARRPY_KERNEL_NS) || !defined(ARRPY_SIMD_BYTES)
#error "define ARRPY_KERNEL_NS and ARRPY_SIMD_BYTES before including scan_impl.hpp"
#endif

#include <stdint.h>

#include <type_traits>

#include "scan_table.hpp"

namespace ARRPY_KERNEL_NS {
namespace {

template <class R>
struct Cx {
    R re, im;
};

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
constexpr bool is_int(int d) { return d >= ARRPY_INT8 && d <= ARRPY_UINT64; }

// The arithmetic type of dtype D: integers as the unsigned type of the same width (wrapping
// without undefined behaviour; the bits are those of the signed result).
template <class T0, bool INT>
struct UnsignedOf {
    typedef T0 type;
};
template <class T0>
struct UnsignedOf<T0, true> {
    typedef typename std::make_unsigned<T0>::type type;
};
template <int D>
struct Ar {
    typedef typename UnsignedOf<typename Ty<D>::T, is_int(D)>::type T;
};

// Element of dtype I converted to dtype O (bool: 0/1), as the arithmetic type of O.
template <int I, int O>
inline typename Ar<O>::T cvt(typename Ty<I>::T x) {
    typedef typename Ar<O>::T OT;
    if constexpr (I == ARRPY_BOOL) {
        return static_cast<OT>(x != 0);
    } else if constexpr (is_int(O)) {
        // Through the signed/unsigned 64-bit type of the input: sign extension, then modulo.
        return static_cast<OT>(static_cast<typename Ty<O>::T>(x));
    } else {
        return static_cast<OT>(x);
    }
}

// A value the optimiser cannot see through. GCC's vectoriser recognises the complex product
// pattern and emits fused multiply-add/subtract for it even with -ffp-contract=off (seen with
// -mfma: inf - inf became -inf); an opaque product keeps every operation rounded on its own.
template <class R>
inline R opaque(R v) {
#if defined(__x86_64__)
    __asm__("" : "+x"(v));
#elif defined(__aarch64__)
    __asm__("" : "+w"(v));
#else
    __asm__("" : "+r"(v));
#endif
    return v;
}

// One step, acc OP x, in the arithmetic type of O.
template <int OP, int O>
inline typename Ar<O>::T step(typename Ar<O>::T acc, typename Ar<O>::T x) {
    typedef typename Ar<O>::T T;
    if constexpr (O == ARRPY_BOOL) {
        return OP == ARRPY_CUMSUM ? static_cast<T>(acc | x) : static_cast<T>(acc & x);
    } else if constexpr (is_cx(O)) {
        T r;
        if constexpr (OP == ARRPY_CUMSUM) {
            r.re = acc.re + x.re;
            r.im = acc.im + x.im;
        } else {
            // The textbook product, each operation rounded (NumPy's accumulate loop).
            r.re = opaque(acc.re * x.re) - opaque(acc.im * x.im);
            r.im = opaque(acc.re * x.im) + opaque(acc.im * x.re);
        }
        return r;
    } else if constexpr (is_int(O)) {
        // Integer promotion would make uint8/uint16 arithmetic signed int: compute in at least
        // unsigned int, then truncate (modulo 2**bits).
        typedef typename std::conditional<(sizeof(T) < sizeof(unsigned)), unsigned, T>::type W;
        return static_cast<T>(OP == ARRPY_CUMSUM ? static_cast<W>(acc) + static_cast<W>(x)
                                                 : static_cast<W>(acc) * static_cast<W>(x));
    } else {
        return OP == ARRPY_CUMSUM ? acc + x : acc * x;
    }
}

// ---------------------------------------------------------------------------------------------
// Explicit vectors (GCC/Clang vector extensions).

#if ARRPY_SIMD_BYTES > 0
constexpr int VB = ARRPY_SIMD_BYTES;
template <class T>
struct VT {
    typedef T V __attribute__((vector_size(VB)));
    static constexpr int L = VB / static_cast<int>(sizeof(T));
    static inline V load(const void *p) {
        V v;
        __builtin_memcpy(&v, p, sizeof v);
        return v;
    }
    static inline void store(void *p, V v) { __builtin_memcpy(p, &v, sizeof v); }
};

// Whether the row step of (I, O) runs on vectors of the arithmetic type of O: real dtypes with
// I == O (integers as unsigned), float32 -> float64, and complex sums (component-wise adds).
template <int OP, int I, int O>
constexpr bool row_vectorised() {
    if constexpr (is_cx(O)) return OP == ARRPY_CUMSUM && I == O;
    else if constexpr (O == ARRPY_BOOL) return false;
    else return I == O || (I == ARRPY_FLOAT32 && O == ARRPY_FLOAT64);
}
#endif

// ---------------------------------------------------------------------------------------------
// Line kernel: a scan along one line.

template <int OP, int I, int O>
void line_kernel(int64_t n, const char *a, int64_t stride, char *out, int64_t out_stride) {
    typedef typename Ty<I>::T IT;
    typedef typename Ar<O>::T OT;
    const int64_t isz = static_cast<int64_t>(sizeof(IT));
    const int64_t osz = static_cast<int64_t>(sizeof(OT));
    if (stride == isz && out_stride == osz) {
        const IT *p = reinterpret_cast<const IT *>(a);
        OT *q = reinterpret_cast<OT *>(out);
        OT acc = cvt<I, O>(p[0]);
        q[0] = acc;
        for (int64_t k = 1; k < n; ++k) {
            acc = step<OP, O>(acc, cvt<I, O>(p[k]));
            q[k] = acc;
        }
        return;
    }
    OT acc = cvt<I, O>(*reinterpret_cast<const IT *>(a));
    *reinterpret_cast<OT *>(out) = acc;
    for (int64_t k = 1; k < n; ++k) {
        acc = step<OP, O>(acc, cvt<I, O>(*reinterpret_cast<const IT *>(a + k * stride)));
        *reinterpret_cast<OT *>(out + k * out_stride) = acc;
    }
}

// ---------------------------------------------------------------------------------------------
// Row kernel: m adjacent lines at once, row after row.

template <int OP, int I, int O>
inline void row_step(int64_t m, const typename Ar<O>::T *prev, const typename Ty<I>::T *p,
                     typename Ar<O>::T *__restrict q) {
    int64_t j = 0;
#if ARRPY_SIMD_BYTES > 0
    typedef typename Ar<O>::T OT;
    if constexpr (row_vectorised<OP, I, O>()) {
        if constexpr (is_cx(O)) {
            // Complex sums: the components of 2m interleaved numbers, added lane by lane.
            typedef decltype(OT::re) R;
            typedef VT<R> W;
            constexpr int L = W::L;
            const R *pr = reinterpret_cast<const R *>(p);
            const R *vr = reinterpret_cast<const R *>(prev);
            R *qr = reinterpret_cast<R *>(q);
            const int64_t total = 2 * m;
            int64_t c = 0;
            for (; c + L <= total; c += L) W::store(qr + c, W::load(vr + c) + W::load(pr + c));
            for (; c < total; ++c) qr[c] = vr[c] + pr[c];
            return;
        } else {
            typedef VT<OT> W;
            typedef typename W::V V;
            constexpr int L = W::L;
            for (; j + L <= m; j += L) {
                V x;
                if constexpr (I == O) {
                    x = W::load(p + j);
                } else {  // float32 -> float64
                    typedef float HF __attribute__((vector_size(VB / 2)));
                    HF h;
                    __builtin_memcpy(&h, p + j, sizeof h);
                    x = __builtin_convertvector(h, V);
                }
                const V y = W::load(prev + j);
                W::store(q + j, OP == ARRPY_CUMSUM ? y + x : y * x);
            }
        }
    }
#endif
    for (; j < m; ++j) q[j] = step<OP, O>(prev[j], cvt<I, O>(p[j]));
}

template <int OP, int I, int O>
void rows_kernel(int64_t m, int64_t n, const char *a, int64_t stride, char *out,
                 int64_t out_stride) {
    typedef typename Ty<I>::T IT;
    typedef typename Ar<O>::T OT;
    {
        const IT *p = reinterpret_cast<const IT *>(a);
        OT *q = reinterpret_cast<OT *>(out);
        for (int64_t j = 0; j < m; ++j) q[j] = cvt<I, O>(p[j]);
    }
    for (int64_t k = 1; k < n; ++k) {
        row_step<OP, I, O>(m, reinterpret_cast<const OT *>(out + (k - 1) * out_stride),
                           reinterpret_cast<const IT *>(a + k * stride),
                           reinterpret_cast<OT *>(out + k * out_stride));
    }
}

// ---------------------------------------------------------------------------------------------
// The table.

template <int OP, int I, int O>
void fill_one(arrpy_scan_table &t) {
    if constexpr (arrpy_cpp_is_scan_supported(OP, I, O)) {
        t.line[OP][I][O] = &line_kernel<OP, I, O>;
        t.rows[OP][I][O] = &rows_kernel<OP, I, O>;
    }
}
template <int OP, int I>
void fill_in(arrpy_scan_table &t) {
    fill_one<OP, I, ARRPY_BOOL>(t); fill_one<OP, I, ARRPY_INT8>(t); fill_one<OP, I, ARRPY_UINT8>(t);
    fill_one<OP, I, ARRPY_INT16>(t); fill_one<OP, I, ARRPY_UINT16>(t); fill_one<OP, I, ARRPY_INT32>(t);
    fill_one<OP, I, ARRPY_UINT32>(t); fill_one<OP, I, ARRPY_INT64>(t); fill_one<OP, I, ARRPY_UINT64>(t);
    fill_one<OP, I, ARRPY_FLOAT32>(t); fill_one<OP, I, ARRPY_FLOAT64>(t);
    fill_one<OP, I, ARRPY_COMPLEX64>(t); fill_one<OP, I, ARRPY_COMPLEX128>(t);
}
template <int OP>
void fill_op(arrpy_scan_table &t) {
    fill_in<OP, ARRPY_BOOL>(t); fill_in<OP, ARRPY_INT8>(t); fill_in<OP, ARRPY_UINT8>(t);
    fill_in<OP, ARRPY_INT16>(t); fill_in<OP, ARRPY_UINT16>(t); fill_in<OP, ARRPY_INT32>(t);
    fill_in<OP, ARRPY_UINT32>(t); fill_in<OP, ARRPY_INT64>(t); fill_in<OP, ARRPY_UINT64>(t);
    fill_in<OP, ARRPY_FLOAT32>(t); fill_in<OP, ARRPY_FLOAT64>(t);
    fill_in<OP, ARRPY_COMPLEX64>(t); fill_in<OP, ARRPY_COMPLEX128>(t);
}

struct TableHolder {
    arrpy_scan_table t;
    TableHolder() {
        __builtin_memset(&t, 0, sizeof t);
#if ARRPY_SIMD_BYTES == 32
        t.name = "avx2";
#elif ARRPY_SIMD_BYTES == 16
        t.name = "neon";
#else
        t.name = "scalar";
#endif
        fill_op<ARRPY_CUMSUM>(t);
        fill_op<ARRPY_CUMPROD>(t);
    }
};

}  // namespace

const arrpy_scan_table *get_scan_table() {
    static const TableHolder holder;
    return &holder.t;
}

}  // namespace ARRPY_KERNEL_NS
