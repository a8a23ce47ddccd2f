// Self-test of the C++ matrix product (arrpy_cpp_matmul_nd) against a reference computed here:
// every dtype, shapes with 0 / 1 dims and edges that are not multiples of the micro-tile, row- and
// column-major, strided and negative-stride operands, column-strided outputs, batches with a
// broadcast (zero-stride) operand, nan / inf, integer wrap-around, one and two threads (threaded
// GEMM, gemv and batch splits). Floats must be within 2 k eps sum_p |A||B| of a long double
// reference; integers and bool exact.
//
// Usage: selftest_matmul               run the tests (prints "... N passed, M failed")
//        selftest_matmul bench N T     GFLOP/s of N x N float64 and float32 products on T threads
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

#include "arrpy_cpp.hpp"
#include "dtypes.hpp"
#include "thread_pool.hpp"

namespace {

long g_pass = 0, g_fail = 0;

#define CHECK(cond, ...)                                   \
    do {                                                   \
        if (cond) {                                        \
            ++g_pass;                                      \
        } else {                                           \
            ++g_fail;                                      \
            if (g_fail <= 30) {                            \
                printf("FAIL %s:%d: ", __FILE__, __LINE__); \
                printf(__VA_ARGS__);                       \
                printf("\n");                              \
            }                                              \
        }                                                  \
    } while (0)

const char *kNames[ARRPY_NUM_DTYPES] = {"bool",   "int8",   "uint8",   "int16",     "uint16",
                                        "int32",  "uint32", "int64",   "uint64",    "float32",
                                        "float64", "complex64", "complex128"};

bool is_int(int d) { return d >= ARRPY_INT8 && d <= ARRPY_UINT64; }
bool is_cx(int d) { return d == ARRPY_COMPLEX64 || d == ARRPY_COMPLEX128; }

// A matrix view into its own storage: element (r, c) at base + r * rs + c * cs (bytes).
struct Mat {
    std::vector<char> store;
    char *base = nullptr;
    int64_t rows = 0, cols = 0, rs = 0, cs = 0;
};

// layout 0: C order; 1: Fortran order (a transposed view); 2: every other column, padded rows;
// 3: C order with both strides negative (a [::-1, ::-1] view).
void make(Mat &M, int dtype, int64_t rows, int64_t cols, int layout) {
    const int64_t sz = arrpy_cpp_itemsize(dtype);
    M.rows = rows;
    M.cols = cols;
    int64_t r = rows > 0 ? rows : 1, c = cols > 0 ? cols : 1;
    // Room for the padded layout plus 32 elements of slack on each side.
    M.store.assign(static_cast<size_t>(((2 * c + 1) * r + 64) * sz), 0);
    char *p = M.store.data() + 32 * sz;
    switch (layout) {
        case 0: M.rs = c * sz; M.cs = sz; M.base = p; break;
        case 1: M.rs = sz; M.cs = r * sz; M.base = p; break;
        case 2: M.rs = (2 * c + 1) * sz; M.cs = 2 * sz; M.base = p; break;
        default: M.rs = -c * sz; M.cs = -sz; M.base = p + (r * c - 1) * sz; break;
    }
}

char *at(Mat &M, int64_t r, int64_t c) { return M.base + r * M.rs + c * M.cs; }

template <class T>
T ld(const char *p) {
    T v;
    memcpy(&v, p, sizeof v);
    return v;
}
template <class T>
void st(char *p, T v) {
    memcpy(p, &v, sizeof v);
}

// Fills with random values: floats in [-1, 1] (plus specials when asked), integers over the
// whole range (so products wrap), bool 0/1.
void fill(Mat &M, int dtype, std::mt19937_64 &rng, bool specials) {
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    for (int64_t r = 0; r < M.rows; ++r)
        for (int64_t c = 0; c < M.cols; ++c) {
            char *e = at(M, r, c);
            const uint64_t bits = rng();
            switch (dtype) {
                case ARRPY_BOOL: st<uint8_t>(e, bits & 1); break;
                case ARRPY_INT8: case ARRPY_UINT8: st<uint8_t>(e, static_cast<uint8_t>(bits)); break;
                case ARRPY_INT16: case ARRPY_UINT16: st<uint16_t>(e, static_cast<uint16_t>(bits)); break;
                case ARRPY_INT32: case ARRPY_UINT32: st<uint32_t>(e, static_cast<uint32_t>(bits)); break;
                case ARRPY_INT64: case ARRPY_UINT64: st<uint64_t>(e, bits); break;
                case ARRPY_FLOAT32: st<float>(e, static_cast<float>(u(rng))); break;
                case ARRPY_FLOAT64: st<double>(e, u(rng)); break;
                case ARRPY_COMPLEX64:
                    st<float>(e, static_cast<float>(u(rng)));
                    st<float>(e + 4, static_cast<float>(u(rng)));
                    break;
                default:
                    st<double>(e, u(rng));
                    st<double>(e + 8, u(rng));
            }
        }
    if (specials && M.rows > 2 && M.cols > 2 && (dtype == ARRPY_FLOAT32 || dtype == ARRPY_FLOAT64)) {
        const double nan = NAN, inf = INFINITY;
        auto put = [&](int64_t r, int64_t c, double v) {
            if (dtype == ARRPY_FLOAT32) st<float>(at(M, r, c), static_cast<float>(v));
            else st<double>(at(M, r, c), v);
        };
        put(1, 2, nan);
        put(M.rows - 1, 0, inf);
        put(0, M.cols - 1, -inf);
    }
}

int64_t width_bits(int d) { return arrpy_cpp_itemsize(d) * 8; }

uint64_t load_u(const char *p, int d) {
    switch (arrpy_cpp_itemsize(d)) {
        case 1: return ld<uint8_t>(p);
        case 2: return ld<uint16_t>(p);
        case 4: return ld<uint32_t>(p);
        default: return ld<uint64_t>(p);
    }
}

// Compares C (m x n) with the reference product of A and B; returns the number of mismatches.
long compare(int dtype, Mat &A, Mat &B, Mat &C, const char *what) {
    const int64_t m = C.rows, n = C.cols, k = A.cols;
    long bad = 0;
    for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) {
            const char *got = at(C, i, j);
            bool ok = true;
            if (dtype == ARRPY_BOOL) {
                uint8_t r = 0;
                for (int64_t p = 0; p < k; ++p) r |= (ld<uint8_t>(at(A, i, p)) && ld<uint8_t>(at(B, p, j)));
                ok = ld<uint8_t>(got) == r;
            } else if (is_int(dtype)) {
                uint64_t r = 0;
                for (int64_t p = 0; p < k; ++p) r += load_u(at(A, i, p), dtype) * load_u(at(B, p, j), dtype);
                const int64_t w = width_bits(dtype);
                const uint64_t mask = w == 64 ? ~uint64_t(0) : (uint64_t(1) << w) - 1;
                ok = (load_u(got, dtype) & mask) == (r & mask);
            } else {
                const bool single = dtype == ARRPY_FLOAT32 || dtype == ARRPY_COMPLEX64;
                const long double eps = single ? 1.2e-7L : 2.3e-16L;
                const int parts = is_cx(dtype) ? 2 : 1;
                const int64_t rsz = single ? 4 : 8;
                auto val = [&](const char *e) -> long double {
                    return single ? static_cast<long double>(ld<float>(e)) : static_cast<long double>(ld<double>(e));
                };
                for (int part = 0; part < parts; ++part) {
                    long double s = 0, bound = 0;
                    for (int64_t p = 0; p < k; ++p) {
                        const char *x = at(A, i, p), *y = at(B, p, j);
                        if (parts == 1) {
                            s += val(x) * val(y);
                            bound += fabsl(val(x) * val(y));
                        } else {
                            const long double ar = val(x), ai = val(x + rsz), br = val(y), bi = val(y + rsz);
                            if (part == 0) {
                                s += ar * br - ai * bi;
                                bound += fabsl(ar * br) + fabsl(ai * bi);
                            } else {
                                s += ar * bi + ai * br;
                                bound += fabsl(ar * bi) + fabsl(ai * br);
                            }
                        }
                    }
                    const long double g = val(got + part * rsz);
                    if (isnan(s)) ok = ok && isnan(g);
                    else if (isinf(s)) ok = ok && g == s;
                    else ok = ok && fabsl(g - s) <= 2 * (k + 2) * eps * bound + 1e-300L;
                }
            }
            if (!ok) {
                ++bad;
                if (bad <= 2)
                    printf("  mismatch %s %s at (%lld, %lld)\n", kNames[dtype], what, (long long)i, (long long)j);
            }
        }
    return bad;
}

void test_one(int dtype, int64_t m, int64_t n, int64_t k, int la, int lb, int lc,
              std::mt19937_64 &rng, bool specials = false) {
    Mat A, B, C;
    make(A, dtype, m, k, la);
    make(B, dtype, k, n, lb);
    make(C, dtype, m, n, lc);
    fill(A, dtype, rng, specials);
    fill(B, dtype, rng, specials);
    // Poison C so unwritten elements show (k == 0 must write zeros).
    for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) memset(at(C, i, j), 0x7f, static_cast<size_t>(arrpy_cpp_itemsize(dtype)));
    const int st_ = arrpy_cpp_matmul_nd(dtype, 0, nullptr, m, n, k, A.base, nullptr, A.rs, A.cs,
                                        B.base, nullptr, B.rs, B.cs, C.base, nullptr, C.rs, C.cs);
    char what[128];
    snprintf(what, sizeof what, "m=%lld n=%lld k=%lld layouts=%d%d%d", (long long)m, (long long)n,
             (long long)k, la, lb, lc);
    CHECK(st_ == 0, "status %d for %s %s", st_, kNames[dtype], what);
    const long bad = compare(dtype, A, B, C, what);
    CHECK(bad == 0, "%s %s: %ld wrong elements", kNames[dtype], what, bad);
}

// A batch of shape (2, 3): A broadcast along the first batch dim (stride 0), B along the second.
void test_batch(int dtype, int64_t m, int64_t n, int64_t k, std::mt19937_64 &rng) {
    const int64_t shape[2] = {2, 3};
    std::vector<Mat> As(3), Bs(2), Cs(6);
    for (int j = 0; j < 3; ++j) { make(As[j], dtype, m, k, 0); fill(As[j], dtype, rng, false); }
    for (int i = 0; i < 2; ++i) { make(Bs[i], dtype, k, n, 1); fill(Bs[i], dtype, rng, false); }
    // One storage per operand, products laid out at fixed byte distances.
    const int64_t sz = arrpy_cpp_itemsize(dtype);
    const int64_t asz = m * k * sz, bsz = k * n * sz, csz = m * n * sz;
    std::vector<char> abuf(static_cast<size_t>(3 * asz + sz)), bbuf(static_cast<size_t>(2 * bsz + sz)),
        cbuf(static_cast<size_t>(6 * csz + sz));
    for (int j = 0; j < 3; ++j)
        for (int64_t r = 0; r < m; ++r)
            for (int64_t c = 0; c < k; ++c)
                memcpy(abuf.data() + j * asz + (r * k + c) * sz, at(As[j], r, c), static_cast<size_t>(sz));
    for (int i = 0; i < 2; ++i)
        for (int64_t r = 0; r < k; ++r)
            for (int64_t c = 0; c < n; ++c)
                memcpy(bbuf.data() + i * bsz + (r + c * k) * sz, at(Bs[i], r, c), static_cast<size_t>(sz));
    const int64_t sa[2] = {0, asz}, sb[2] = {bsz, 0}, so[2] = {3 * csz, csz};
    const int st_ = arrpy_cpp_matmul_nd(dtype, 2, shape, m, n, k, abuf.data(), sa, k * sz, sz,
                                        bbuf.data(), sb, sz, k * sz, cbuf.data(), so, n * sz, sz);
    CHECK(st_ == 0, "batch status %d", st_);
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 3; ++j) {
            Mat C;
            make(C, dtype, m, n, 0);
            for (int64_t r = 0; r < m; ++r)
                for (int64_t c = 0; c < n; ++c)
                    memcpy(at(C, r, c), cbuf.data() + (i * 3 + j) * csz + (r * n + c) * sz, static_cast<size_t>(sz));
            char what[96];
            snprintf(what, sizeof what, "batch (%d, %d) m=%lld n=%lld k=%lld", i, j, (long long)m,
                     (long long)n, (long long)k);
            const long bad = compare(dtype, As[j], Bs[i], C, what);
            CHECK(bad == 0, "%s %s: %ld wrong elements", kNames[dtype], what, bad);
        }
}

// bool with sparse operands and k over several of the kernel's k blocks: outputs decided in a
// later block, outputs never true, rows of A without a true element.
void test_bool_sparse(std::mt19937_64 &rng) {
    const int64_t m = 20, n = 70, k = 5000;
    for (int la = 0; la < 4; ++la) {
        Mat A, B, C;
        make(A, ARRPY_BOOL, m, k, la);
        make(B, ARRPY_BOOL, k, n, (la + 1) % 4);
        make(C, ARRPY_BOOL, m, n, la == 3 ? 1 : 0);
        for (int64_t i = 0; i < m; ++i)
            for (int64_t p = 0; p < k; ++p) st<uint8_t>(at(A, i, p), i % 5 != 0 && rng() % 70 == 0);
        for (int64_t p = 0; p < k; ++p)
            for (int64_t j = 0; j < n; ++j) st<uint8_t>(at(B, p, j), rng() % 70 == 0);
        const int st_ = arrpy_cpp_matmul_nd(ARRPY_BOOL, 0, nullptr, m, n, k, A.base, nullptr, A.rs,
                                            A.cs, B.base, nullptr, B.rs, B.cs, C.base, nullptr,
                                            C.rs, C.cs);
        CHECK(st_ == 0, "bool sparse status %d", st_);
        long trues = 0;
        for (int64_t i = 0; i < m; ++i)
            for (int64_t j = 0; j < n; ++j) trues += ld<uint8_t>(at(C, i, j));
        CHECK(trues > 0 && trues < m * n, "bool sparse: %ld true outputs of %lld", trues, (long long)(m * n));
        const long bad = compare(ARRPY_BOOL, A, B, C, "sparse k=5000");
        CHECK(bad == 0, "bool sparse layout %d: %ld wrong elements", la, bad);
    }
}

int bench(int64_t N, int threads) {
    arrpy::pool::set_num_threads(threads);
    for (int dtype : {ARRPY_FLOAT64, ARRPY_FLOAT32}) {
        std::mt19937_64 rng(1);
        Mat A, B, C;
        make(A, dtype, N, N, 0);
        make(B, dtype, N, N, 0);
        make(C, dtype, N, N, 0);
        fill(A, dtype, rng, false);
        fill(B, dtype, rng, false);
        double best = 1e30, best_cpu = 1e30;  // wall time; this thread's CPU time (1 thread)
        std::vector<double> times;
        const int reps = N <= 200 ? 200 : 7;
        for (int r = 0; r < reps; ++r) {
            const auto t0 = std::chrono::steady_clock::now();
            timespec c0, c1;
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
            arrpy_cpp_matmul_nd(dtype, 0, nullptr, N, N, N, A.base, nullptr, A.rs, A.cs, B.base,
                                nullptr, B.rs, B.cs, C.base, nullptr, C.rs, C.cs);
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
            const double cpu = double(c1.tv_sec - c0.tv_sec) + 1e-9 * double(c1.tv_nsec - c0.tv_nsec);
            if (cpu < best_cpu) best_cpu = cpu;
            times.push_back(s);
            if (s < best) best = s;
        }
        std::sort(times.begin(), times.end());
        const double flops = 2.0 * N * N * N;
        printf("%s %lldx%lld threads=%d: best %.2f GFLOP/s (%.1f us), median %.2f GFLOP/s, by CPU time of the calling thread %.2f GFLOP/s\n",
               kNames[dtype], (long long)N, (long long)N, threads, flops / best * 1e-9, best * 1e6,
               flops / times[times.size() / 2] * 1e-9, flops / best_cpu * 1e-9);
    }
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "bench") == 0)
        return bench(argc >= 3 ? atoll(argv[2]) : 1000, argc >= 4 ? atoi(argv[3]) : 1);
    const char *env = getenv("ARRPY_SIMD");
    printf("matmul selftest (ARRPY_SIMD=%s: %s kernels)\n", env != nullptr ? env : "auto",
           arrpy_cpp_matmul_target());
    std::mt19937_64 rng(2024);
    CHECK(arrpy_cpp_matmul_supported(-1) == 0 && arrpy_cpp_matmul_supported(ARRPY_NUM_DTYPES) == 0,
          "supported() out of range");
    for (int d = 0; d < ARRPY_NUM_DTYPES; ++d) CHECK(arrpy_cpp_matmul_supported(d) == 1, "dtype %d", d);
    CHECK(arrpy_cpp_matmul_nd(ARRPY_NUM_DTYPES, 0, nullptr, 1, 1, 1, nullptr, nullptr, 0, 0,
                              nullptr, nullptr, 0, 0, nullptr, nullptr, 0, 0) == ARRPY_STATUS_UNSUPPORTED,
          "unknown dtype");
    const int64_t shapes[][3] = {{0, 3, 4}, {3, 0, 4}, {3, 4, 0}, {1, 1, 1}, {1, 7, 5},
                                 {7, 1, 5}, {1, 1, 40}, {1, 300, 70}, {300, 1, 70}, {5, 7, 3},
                                 {13, 17, 19}, {6, 16, 257}, {37, 41, 300}, {64, 64, 64}, {130, 70, 520}};
    for (int threads : {1, 2}) {
        arrpy::pool::set_num_threads(threads);
        for (int d = 0; d < ARRPY_NUM_DTYPES; ++d) {
            for (const auto &s : shapes) {
                test_one(d, s[0], s[1], s[2], 0, 0, 0, rng);  // all C order (in-place "sup" path)
                for (int la = 0; la < 4; ++la) {
                    const int lb = (la + 1 + static_cast<int>(s[0] % 3)) % 4, lc = (la * 3 + 1) % 4 == 1 ? 0 : (la == 2 ? 2 : 1);
                    test_one(d, s[0], s[1], s[2], la, lb, lc, rng);
                }
            }
            test_batch(d, 3, 5, 4, rng);
            test_batch(d, 20, 24, 17, rng);
        }
        // Large enough for the threaded GEMM (and several k slices / column chunks).
        for (int d : {ARRPY_FLOAT32, ARRPY_FLOAT64, ARRPY_COMPLEX128, ARRPY_INT32}) {
            test_one(d, 203, 190, 700, 0, 0, 0, rng);
            test_one(d, 150, 260, 300, 1, 3, 2, rng);
        }
        test_one(ARRPY_FLOAT64, 40, 1030, 250, 0, 1, 0, rng);    // several column chunks
        test_one(ARRPY_FLOAT64, 100, 100, 100, 0, 0, 0, rng);    // the in-place "sup" path
        test_one(ARRPY_FLOAT32, 77, 150, 200, 0, 0, 0, rng);
        test_one(ARRPY_FLOAT64, 700, 1, 600, 0, 2, 0, rng);      // threaded gemv
        test_one(ARRPY_FLOAT32, 1, 800, 600, 3, 1, 0, rng);
        test_batch(ARRPY_FLOAT64, 120, 110, 130, rng);           // batch split over threads
        test_bool_sparse(rng);
        for (int d : {ARRPY_FLOAT32, ARRPY_FLOAT64})
            for (int la = 0; la < 4; ++la) {
                test_one(d, 9, 11, 13, la, 0, 0, rng, true);
                test_one(d, 30, 40, 50, la, 1, 0, rng, true);
                test_one(d, 1, 40, 50, la, 1, 0, rng, true);
                test_one(d, 30, 1, 50, la, 1, 0, rng, true);
            }
    }
    const uint64_t jobs = arrpy::pool::parallel_jobs();
    CHECK(jobs > 0, "no parallel job ran");
    printf("matmul selftest: %llu parallel jobs; %ld passed, %ld failed\n", (unsigned long long)jobs,
           g_pass, g_fail);
    return g_fail == 0 ? 0 : 1;
}
