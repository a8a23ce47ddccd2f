// arrpy C++ backend: matrix products (arrpy_matmul_nd_fn in abi.h). Exported entry points,
// run-time SIMD selection, the GEMM blocking loops, packing buffers and the thread split; the
// micro-kernels, packing and direct loops are in matmul_impl.hpp (one copy per SIMD flavour).
//
// float32 / float64, the BLIS / Goto scheme:
//   for each group of KC-deep slices of k (as many as fit a 16 MiB buffer; one for 1000 x 1000):
//     pack A[:, slices] into MR-row micro-panels (split over the pool by MC-row blocks)
//     split the columns of C over the pool; each thread, for its columns, NC at a time:
//       for each KC slice: pack B[slice, columns] into NR-column micro-panels (its own buffer)
//         for each MC block of rows: macro-kernel (micro-kernel over every MR x NR tile)
//   Two pool jobs per group instead of two per KC slice (a job costs a worker wake-up, tens of
//   microseconds on a busy VM); packed A is shared, each thread packs only its own part of B.
//   Micro-kernels (matmul_impl.hpp): AVX-512 14 x 16 float64 / 14 x 32 float32 where the CPU has
//   AVX-512F (this VM does, and so does the OpenBLAS build NumPy uses here: an AVX2 GEMM peaks at
//   half its speed), else AVX2+FMA 6 x 8 / 6 x 16, else the portable 4 x 4 / 4 x 8.
//   Blocking (this VM: 48 KiB L1d, 2 MiB L2 per core): KC = 256 (a kc x NR micro-panel of B is
//   16-32 KiB and stays in L1 while the MR-panels of A stream past it), MC = 240 float64 / 480
//   float32 rows, rounded down to a multiple of MR (the MC x KC block of A, 480 KiB, in L2), NC = 4096. k is cut into equal
//   slices (1000 -> 4 x 250, not 3 x 256 + 232). Measured at 1000 x 1000 float64 by the CPU time
//   of one thread (the wall time on the shared VM was too noisy): MC 96-480 and KC 128-384 all
//   within 82-89 GFLOP/s.
// Small products (m n k <= 2^21, k <= 256) whose operands all have contiguous rows run the AVX-512
// kernels on A and B in place, without packing ("sup" in BLIS); matrix-vector shapes (m == 1 or
// n == 1) go to gemv (no packing); tiny products (m n k <= 8^3) to plain loops.
// complex64 / complex128: four real products over the real and imaginary halves of the elements
//   (the same pointers, offset by one real, with the same byte strides):
//   Cr = Ar Br + (-Ai) Bi, Ci = Ar Bi + Ai Br (pack_a negates Ai while packing).
// Integers and bool: the direct blocked loops of matmul_impl.hpp, rows split over the pool.
// Batches: many small products are split over the pool one product per unit; large ones run one
// after another, each threaded inside.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arrpy_cpp.hpp"
#include "dtypes.hpp"
#include "matmul_table.hpp"
#include "simd_flavour.hpp"
#include "thread_pool.hpp"

namespace {

const arrpy_matmul_table *table() {
    static const arrpy_matmul_table *t = [] {
        const arrpy_matmul_table *simd = nullptr;
#if defined(__x86_64__)
        if (arrpy::simd_flavour() == arrpy::Flavour::avx2) {
            if (arrpy::use_avx512()) simd = arrpy_mm_avx512::get_matmul_table();
            if (simd == nullptr) simd = arrpy_mm_avx2::get_matmul_table();
        }
#endif
        return simd != nullptr ? simd : arrpy_mm_scalar::get_matmul_table();
    }();
    return t;
}

inline int64_t imin(int64_t a, int64_t b) { return a < b ? a : b; }
inline int64_t imax(int64_t a, int64_t b) { return a > b ? a : b; }
inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// A 64-byte aligned buffer that grows and is kept for the next call (per thread: the pool's
// workers persist), so a product does not pay for fresh pages every time.
struct Buffer {
    void *p = nullptr;
    size_t cap = 0;
    ~Buffer() { free(p); }
    void *get(size_t bytes) {
        if (bytes <= cap) return p;
        free(p);
        const size_t rounded = (bytes + 63) / 64 * 64;
        p = aligned_alloc(64, rounded);
        cap = p != nullptr ? rounded : 0;
        return p;
    }
};
thread_local Buffer t_apack, t_bpack, t_vec;

struct Blocking {
    int64_t mc, kc, nc;
};

// Tuning knob for experiments: ARRPY_MATMUL_BLOCKING="mc,kc,nc" (float64; float32 uses twice the
// mc). Unset: the defaults above.
Blocking blocking(int t, int mr, int nr) {
    static const Blocking base = [] {
        Blocking b{240, 256, 4096};
        const char *env = getenv("ARRPY_MATMUL_BLOCKING");
        if (env != nullptr) {
            long v[3];
            char *end = nullptr;
            const char *s = env;
            int got = 0;
            for (; got < 3; ++got) {
                v[got] = strtol(s, &end, 10);
                if (end == s || v[got] < 1) break;
                s = end + (*end == ',' ? 1 : 0);
            }
            if (got == 3) b = Blocking{v[0], v[1], v[2]};
        }
        return b;
    }();
    Blocking b = base;
    // float32: the same depth (every flavour's B micro-panel, NR x kc, then has the same bytes)
    // and twice the rows (the same bytes of A in L2).
    if (t == 0) b.mc *= 2;
    b.mc = imax(mr, b.mc / mr * mr);
    b.nc = imax(nr, b.nc / nr * nr);
    return b;
}

// Products with m n k at least this large (200^3: ~160 us on one core with the AVX-512 kernels)
// are split across threads. Measured on the shared 2-vCPU VM (load 4-10, the other core mostly
// busy): two threads at 100^3 gave a best of 19.1 us against 22.7 us on one, but a median 35%
// worse (a sleeping worker is slow to start on a busy machine, and the caller waits for it once
// it has taken a chunk); at 200^3 best 129 vs 159 us, median about even.
constexpr int64_t kParallelWork = 8000000;
// Products read in place, without packing (where the flavour has a "sup" kernel): up to this
// size and depth. A row panel of B (k rows x 2 vectors) stays in L1 up to k ~ 256.
constexpr int64_t kSupMaxK = 256;
constexpr int64_t kSupMaxWork = int64_t(1) << 21;
static_assert(kSupMaxWork < kParallelWork, "the in-place path runs on one thread");
// Matrix-vector products: m k at least this large.
constexpr int64_t kParallelGemv = int64_t(1) << 18;

template <class T>
void naive_real(int64_t m, int64_t n, int64_t k, const char *a, int64_t a_rs, int64_t a_cs,
                const char *b, int64_t b_rs, int64_t b_cs, char *c, int64_t c_rs, int64_t c_cs,
                int accumulate, int negate) {
    for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) {
            T s = T(0);
            for (int64_t p = 0; p < k; ++p) {
                T x, y;
                memcpy(&x, a + i * a_rs + p * a_cs, sizeof x);
                memcpy(&y, b + p * b_rs + j * b_cs, sizeof y);
                s += x * y;
            }
            if (negate) s = -s;
            char *e = c + i * c_rs + j * c_cs;
            T old;
            memcpy(&old, e, sizeof old);
            if (accumulate) s = old + s;
            memcpy(e, &s, sizeof s);
        }
}

void naive(int t, int64_t m, int64_t n, int64_t k, const char *a, int64_t a_rs, int64_t a_cs,
           const char *b, int64_t b_rs, int64_t b_cs, char *c, int64_t c_rs, int64_t c_cs,
           int accumulate, int negate) {
    if (t == 0)
        naive_real<float>(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs, c_cs, accumulate, negate);
    else
        naive_real<double>(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs, c_cs, accumulate, negate);
}

// Tiny products (m n k <= 8^3, n <= 32): a row of C at a time in registers, i-p-j order, so the
// n outputs of a row are independent multiply-add chains instead of n dependent dot products
// (each output still sums its terms in order p = 0, 1, ...). Batches of 4 x 4 products: ~25 ns each.
constexpr int64_t kTinyMaxN = 32;
constexpr int64_t kTinyMaxWork = 8 * 8 * 8;  // above: packing pays (AVX2 16 x 16: 2 us -> ~0.3 us)
template <class T>
void tiny(int64_t m, int64_t n, int64_t k, const char *a, int64_t a_rs, int64_t a_cs,
          const char *b, int64_t b_rs, int64_t b_cs, char *c, int64_t c_rs, int64_t c_cs,
          int accumulate, int negate) {
    T acc[kTinyMaxN];
    const bool b_rows = b_cs == static_cast<int64_t>(sizeof(T));  // contiguous rows of B
    for (int64_t i = 0; i < m; ++i) {
        for (int64_t j = 0; j < n; ++j) acc[j] = T(0);
        for (int64_t p = 0; p < k; ++p) {
            T x;
            memcpy(&x, a + i * a_rs + p * a_cs, sizeof x);
            const char *brow = b + p * b_rs;
            if (b_rows) {
                const T *bp = reinterpret_cast<const T *>(brow);
                for (int64_t j = 0; j < n; ++j) acc[j] += x * bp[j];
            } else {
                for (int64_t j = 0; j < n; ++j) {
                    T y;
                    memcpy(&y, brow + j * b_cs, sizeof y);
                    acc[j] += x * y;
                }
            }
        }
        for (int64_t j = 0; j < n; ++j) {
            char *e = c + i * c_rs + j * c_cs;
            T s = negate ? -acc[j] : acc[j];
            if (accumulate) {
                T old;
                memcpy(&old, e, sizeof old);
                s = old + s;
            }
            memcpy(e, &s, sizeof s);
        }
    }
}

// y = (negate ? -1 : 1) M x (+ y when accumulate); M is rows x k, x has stride xs.
void gemv_real(int t, int64_t rows, int64_t k, const char *mat, int64_t rs, int64_t cs,
               const char *x, int64_t xs, char *y, int64_t ys, int accumulate, int negate,
               bool threads) {
    const arrpy_matmul_table *T = table();
    const int64_t sz = t == 0 ? 4 : 8;
    const char *xc = x;
    if (xs != sz) {  // the vector is read once per row: make it contiguous
        char *buf = static_cast<char *>(t_vec.get(static_cast<size_t>(k * sz)));
        if (buf == nullptr) {
            naive(t, rows, 1, k, mat, rs, cs, x, xs, 0, y, ys, 0, accumulate, negate);
            return;
        }
        for (int64_t p = 0; p < k; ++p) memcpy(buf + p * sz, x + p * xs, static_cast<size_t>(sz));
        xc = buf;
    }
    auto run = [&](int64_t r0, int64_t r1) {
        T->gemv[t](r1 - r0, k, mat + r0 * rs, rs, cs, xc, y + r0 * ys, ys, accumulate, negate);
    };
    if (threads && rows * k >= kParallelGemv)
        arrpy::pool::parallel_for(rows, 64, run);
    else
        run(0, rows);
}

// C (=, or += when accumulate) (negate ? -A : A) @ B for float32 (t == 0) or float64 (t == 1).
void gemm_real(int t, int64_t m, int64_t n, int64_t k, const char *a, int64_t a_rs, int64_t a_cs,
               const char *b, int64_t b_rs, int64_t b_cs, char *c, int64_t c_rs, int64_t c_cs,
               int accumulate, int negate, bool threads) {
    if (m == 0 || n == 0) return;
    const int64_t sz = t == 0 ? 4 : 8;
    if (k == 0) {
        if (!accumulate)
            for (int64_t i = 0; i < m; ++i)
                for (int64_t j = 0; j < n; ++j) memset(c + i * c_rs + j * c_cs, 0, static_cast<size_t>(sz));
        return;
    }
    if (n == 1) {
        gemv_real(t, m, k, a, a_rs, a_cs, b, b_rs, c, c_rs, accumulate, negate, threads);
        return;
    }
    if (m == 1) {  // c^T = B^T a^T
        gemv_real(t, n, k, b, b_cs, b_rs, a, a_cs, c, c_cs, accumulate, negate, threads);
        return;
    }
    const arrpy_matmul_table *T = table();
    if (T->sup[t] != nullptr && !negate && a_cs == sz && b_cs == sz && c_cs == sz &&
        k <= kSupMaxK && m * n * k <= kSupMaxWork) {
        // (always one thread: kSupMaxWork < kParallelWork)
        T->sup[t](m, 0, n, k, a, a_rs, b, b_rs, c, c_rs, accumulate);
        return;
    }
    if (m * n * k <= kTinyMaxWork) {
        if (n <= kTinyMaxN) {
            if (t == 0)
                tiny<float>(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs, c_cs, accumulate, negate);
            else
                tiny<double>(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs, c_cs, accumulate, negate);
        } else {
            naive(t, m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs, c_cs, accumulate, negate);
        }
        return;
    }
    const int64_t MR = T->mr[t], NR = T->nr[t];
    const Blocking bl = blocking(t, static_cast<int>(MR), static_cast<int>(NR));
    const int64_t nslices = ceil_div(k, bl.kc);
    const int64_t kcs = ceil_div(k, nslices);  // equal slices
    const int64_t m_pad = ceil_div(m, MR) * MR;
    const int64_t slice_elems = m_pad * kcs;
    const int64_t budget = (int64_t(16) << 20) / sz;
    const int64_t group = imin(nslices, imax(1, budget / slice_elems));
    char *apack = static_cast<char *>(t_apack.get(static_cast<size_t>(group * slice_elems * sz)));
    if (apack == nullptr) {
        naive(t, m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs, c_cs, accumulate, negate);
        return;
    }
    const int nt = threads && m * n * k >= kParallelWork ? arrpy::pool::num_threads() : 1;
    const int64_t n_ic = ceil_div(m, bl.mc);
    const int64_t npanels = ceil_div(n, NR);
    for (int64_t q0 = 0; q0 < nslices; q0 += group) {
        const int64_t gq = imin(group, nslices - q0);
        auto pack = [&](int64_t u0, int64_t u1) {
            for (int64_t u = u0; u < u1; ++u) {
                const int64_t q = u / n_ic, i0 = (u % n_ic) * bl.mc;
                const int64_t p0 = (q0 + q) * kcs, kc = imin(kcs, k - p0);
                T->pack_a[t](imin(bl.mc, m - i0), kc, a + i0 * a_rs + p0 * a_cs, a_rs, a_cs,
                             apack + (q * slice_elems + i0 * kc) * sz, negate);
            }
        };
        if (nt > 1)
            arrpy::pool::parallel_for(gq * n_ic, 1, pack);
        else
            pack(0, gq * n_ic);
        auto compute = [&](int64_t jp0, int64_t jp1) {
            const int64_t j0 = jp0 * NR, j1 = imin(n, jp1 * NR);
            const int64_t ncmax = imin(bl.nc, j1 - j0);
            char *bpack = static_cast<char *>(
                t_bpack.get(static_cast<size_t>(kcs * ceil_div(ncmax, NR) * NR * sz)));
            if (bpack == nullptr) {  // no memory for B's panels: this part the slow way
                for (int64_t q = 0; q < gq; ++q) {
                    const int64_t p0 = (q0 + q) * kcs, kc = imin(kcs, k - p0);
                    naive(t, m, j1 - j0, kc, a + p0 * a_cs, a_rs, a_cs, b + p0 * b_rs + j0 * b_cs,
                          b_rs, b_cs, c + j0 * c_cs, c_rs, c_cs, accumulate || q0 + q > 0, negate);
                }
                return;
            }
            for (int64_t jc = j0; jc < j1; jc += bl.nc) {
                const int64_t nc = imin(bl.nc, j1 - jc);
                for (int64_t q = 0; q < gq; ++q) {
                    const int64_t p0 = (q0 + q) * kcs, kc = imin(kcs, k - p0);
                    T->pack_b[t](kc, nc, b + p0 * b_rs + jc * b_cs, b_rs, b_cs, bpack);
                    const int acc = accumulate || q0 + q > 0;
                    for (int64_t i0 = 0; i0 < m; i0 += bl.mc)
                        T->macro[t](imin(bl.mc, m - i0), nc, kc,
                                    apack + (q * slice_elems + i0 * kc) * sz, bpack,
                                    c + i0 * c_rs + jc * c_cs, c_rs, c_cs, acc);
                }
            }
        };
        if (nt > 1) {
            // Column chunks: four per thread (claimed dynamically, so a thread slowed down by
            // the rest of the machine does less), each at least 2 micro-panels wide. (1000 x
            // 1000 float64 on 2 threads, busy VM: 8 chunks best 82-89 GFLOP/s, 16 chunks 72-73:
            // each chunk streams the packed A once more.)
            const int64_t nchunks = imax(1, imin(4 * int64_t(nt), npanels / 2));
            arrpy::pool::run_chunks(npanels, nchunks, &arrpy::pool::detail::trampoline<decltype(compute)>,
                                    &compute);
        } else {
            compute(0, npanels);
        }
    }
}

void gemm_complex(int t, int64_t m, int64_t n, int64_t k, const char *a, int64_t a_rs,
                  int64_t a_cs, const char *b, int64_t b_rs, int64_t b_cs, char *c, int64_t c_rs,
                  int64_t c_cs, bool threads) {
    const int64_t r = t == 0 ? 4 : 8;  // bytes of one real
    gemm_real(t, m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs, c_cs, 0, 0, threads);
    gemm_real(t, m, n, k, a + r, a_rs, a_cs, b + r, b_rs, b_cs, c, c_rs, c_cs, 1, 1, threads);
    gemm_real(t, m, n, k, a, a_rs, a_cs, b + r, b_rs, b_cs, c + r, c_rs, c_cs, 0, 0, threads);
    gemm_real(t, m, n, k, a + r, a_rs, a_cs, b, b_rs, b_cs, c + r, c_rs, c_cs, 1, 0, threads);
}

// One product of the batch.
void matmul_one(int dtype, int64_t m, int64_t n, int64_t k, const char *a, int64_t a_rs,
                int64_t a_cs, const char *b, int64_t b_rs, int64_t b_cs, char *c, int64_t c_rs,
                int64_t c_cs, bool threads) {
    const arrpy_matmul_table *T = table();
    switch (dtype) {
        case ARRPY_FLOAT32:
        case ARRPY_FLOAT64:
            gemm_real(dtype == ARRPY_FLOAT64, m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs, c_cs,
                      0, 0, threads);
            return;
        case ARRPY_COMPLEX64:
        case ARRPY_COMPLEX128:
            if (m * n * imax(k, 1) <= 16 * 16 * 16)
                T->direct[dtype](m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs, c_cs);
            else
                gemm_complex(dtype == ARRPY_COMPLEX128, m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c,
                             c_rs, c_cs, threads);
            return;
        default: {  // bool and integers
            auto run = [&](int64_t i0, int64_t i1) {
                T->direct[dtype](i1 - i0, n, k, a + i0 * a_rs, a_rs, a_cs, b, b_rs, b_cs,
                                 c + i0 * c_rs, c_rs, c_cs);
            };
            if (threads && m * n * k >= kParallelWork / 4)
                arrpy::pool::parallel_for(m, 16, run);
            else
                run(0, m);
        }
    }
}

}  // namespace

extern "C" int arrpy_cpp_matmul_supported(int dtype) {
    return dtype >= 0 && dtype < ARRPY_NUM_DTYPES ? 1 : 0;
}

extern "C" const char *arrpy_cpp_matmul_target(void) { return table()->name; }

extern "C" int arrpy_cpp_matmul_nd(int dtype, int ndim, const int64_t *shape, int64_t m,
                                   int64_t n, int64_t k, const char *a, const int64_t *sa,
                                   int64_t a_rs, int64_t a_cs, const char *b, const int64_t *sb,
                                   int64_t b_rs, int64_t b_cs, char *out, const int64_t *so,
                                   int64_t o_rs, int64_t o_cs) {
    if (!arrpy_cpp_matmul_supported(dtype) || ndim < 0 || ndim > 64) return ARRPY_STATUS_UNSUPPORTED;
    int64_t count = 1;
    for (int d = 0; d < ndim; ++d) count *= shape[d];
    if (count == 0 || m == 0 || n == 0) return ARRPY_OK;
    // Byte offsets of product i of the batch (last batch dim fastest).
    auto offsets = [&](int64_t i, int64_t *oa, int64_t *ob, int64_t *oo) {
        *oa = *ob = *oo = 0;
        for (int d = ndim - 1; d >= 0; --d) {
            const int64_t idx = i % shape[d];
            i /= shape[d];
            *oa += idx * sa[d];
            *ob += idx * sb[d];
            *oo += idx * so[d];
        }
    };
    // Products [i0, i1): the offsets of the first from its index, then an odometer (no division
    // per product: a batch of 1000 4 x 4 products is ~60 ns a product in all).
    auto run = [&](int64_t i0, int64_t i1, bool threads) {
        if (i0 >= i1) return;
        int64_t idx[64];
        int64_t oa, ob, oo;
        offsets(i0, &oa, &ob, &oo);
        int64_t rem = i0;
        for (int d = ndim - 1; d >= 0; --d) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
        }
        for (int64_t i = i0;;) {
            matmul_one(dtype, m, n, k, a + oa, a_rs, a_cs, b + ob, b_rs, b_cs, out + oo, o_rs,
                       o_cs, threads);
            if (++i == i1) return;
            for (int d = ndim - 1; d >= 0; --d) {
                oa += sa[d];
                ob += sb[d];
                oo += so[d];
                if (++idx[d] < shape[d]) break;
                oa -= sa[d] * shape[d];
                ob -= sb[d] * shape[d];
                oo -= so[d] * shape[d];
                idx[d] = 0;
            }
        }
    };
    const int64_t work = m * n * imax(k, 1);
    if (count > 1 && work < kParallelWork && count * work >= kParallelWork) {
        arrpy::pool::parallel_for(count, imax(1, kParallelWork / 8 / work),
                                  [&](int64_t i0, int64_t i1) { run(i0, i1, false); });
    } else {
        run(0, count, true);
    }
    return ARRPY_OK;
}
