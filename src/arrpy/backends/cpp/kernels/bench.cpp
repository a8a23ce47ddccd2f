// Small benchmark for the arrpy C++ kernels (not part of the library build).
//   F="-O3 -ffp-contract=off -std=c++17 -Wall -Wextra -fPIC -I../.. -I."
//   g++ $F -mavx2 -mfma -c elementwise_avx2.cpp -o /tmp/ew_avx2.o
//   g++ $F bench.cpp elementwise_dispatch.cpp elementwise_baseline.cpp thread_pool.cpp
//       /tmp/ew_avx2.o -pthread -o /tmp/arrpy_bench && /tmp/arrpy_bench
// Part 1: float64 add through arrpy_cpp_binary_nd, 1 vs 2 threads (median per call).
// Part 2: threshold sweep: the same 1-D loop run serially vs always split over 2 threads.
// Part 3: per-element cost of every kernel (1 thread), relative to float64 add.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "arrpy_cpp.hpp"
#include "kernel_table.hpp"
#include "thread_pool.hpp"

namespace {

typedef std::chrono::steady_clock clk;

struct Buf {
    char *p;
    explicit Buf(size_t bytes) {
        p = static_cast<char *>(aligned_alloc(64, (bytes + 63) / 64 * 64 + 64));
        memset(p, 0, bytes + 64);
    }
    ~Buf() { free(p); }
};

// Median over `samples` samples of the time per call (ns); each sample times enough calls to
// last >= ~50 us.
template <class F>
double median_ns(F &&f, int samples = 61) {
    f();
    int reps = 1;
    for (;;) {
        auto t0 = clk::now();
        for (int i = 0; i < reps; ++i) f();
        double ns = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
        if (ns > 50000 || reps > (1 << 20)) break;
        reps *= 2;
    }
    std::vector<double> v;
    for (int s = 0; s < samples; ++s) {
        auto t0 = clk::now();
        for (int i = 0; i < reps; ++i) f();
        v.push_back(std::chrono::duration<double, std::nano>(clk::now() - t0).count() / reps);
    }
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void fill_f64(char *p, int64_t n) {
    double *d = reinterpret_cast<double *>(p);
    for (int64_t i = 0; i < n; ++i) d[i] = 1.0 + static_cast<double>(i % 1000) * 0.001;
}

}  // namespace

int main(int argc, char **argv) {
    const bool sweep_only = argc > 1 && strcmp(argv[1], "sweep") == 0;
    // optional: busy "gap" (us) on the calling thread after every call in the sweep, emulating
    // interpreter work between two operations; it is subtracted from the times
    const double gap_ns = argc > 2 ? atof(argv[2]) * 1000.0 : 0.0;
    auto gap = [gap_ns] {
        if (gap_ns <= 0) return;
        const auto t0 = clk::now();
        while (std::chrono::duration<double, std::nano>(clk::now() - t0).count() < gap_ns) {
        }
    };
    printf("simd target: %s, default threads: %d\n", arrpy_cpp_simd_target(), arrpy_cpp_get_num_threads());
    const int64_t is = 8;
    if (!sweep_only) {
        printf("\n[1] float64 add, contiguous, arrpy_cpp_binary_nd (median ns per call)\n");
        printf("%10s %14s %14s %8s %12s\n", "n", "1 thread", "2 threads", "speedup", "GB/s (best)");
        for (int64_t n : {int64_t(10), int64_t(1000), int64_t(100000), int64_t(1000000), int64_t(10000000)}) {
            Buf a(n * is), b(n * is), o(n * is);
            fill_f64(a.p, n);
            fill_f64(b.p, n);
            const int64_t sh[1] = {n}, st[1] = {is};
            double t[2];
            for (int nt = 1; nt <= 2; ++nt) {
                arrpy_cpp_set_num_threads(nt);
                t[nt - 1] = median_ns([&] { arrpy_cpp_binary_nd(ARRPY_ADD, ARRPY_FLOAT64, 1, sh, a.p, st, b.p, st, o.p, st); },
                                      n >= 10000000 ? 21 : 61);
            }
            const double best = t[0] < t[1] ? t[0] : t[1];
            printf("%10lld %11.0f ns %11.0f ns %7.2fx %12.1f\n", (long long)n, t[0], t[1], t[0] / t[1],
                   3.0 * n * is / best);
        }
        // scalar broadcast too
        {
            const int64_t n = 1000000;
            Buf a(n * is), o(n * is);
            fill_f64(a.p, n);
            const double three = 3.0;
            const int64_t sh[1] = {n}, st[1] = {is}, z[1] = {0};
            arrpy_cpp_set_num_threads(1);
            double t1 = median_ns([&] {
                arrpy_cpp_binary_nd(ARRPY_ADD, ARRPY_FLOAT64, 1, sh, a.p, st, reinterpret_cast<const char *>(&three), z, o.p, st);
            });
            printf("a + 3.0, n=1e6, 1 thread: %.0f ns\n", t1);
        }
    }

    printf("\n[2] threshold sweep: contiguous float64 add, serial vs split over 2 threads (64-byte aligned chunks)\n");
    const arrpy_kernel_table *tab = nullptr;
#if defined(__x86_64__)
    tab = strcmp(arrpy_cpp_simd_target(), "avx2") == 0 ? arrpy_avx2::get_table() : arrpy_scalar::get_table();
#else
    tab = arrpy_scalar::get_table();
#endif
    const arrpy_loop1d_fn fn = tab->fn[ARRPY_ADD][ARRPY_FLOAT64];
    arrpy_cpp_set_num_threads(2);
    printf("%10s %12s %12s %8s\n", "n", "serial", "2 threads", "speedup");
    for (int64_t n : {int64_t(2048), int64_t(4096), int64_t(8192), int64_t(12288), int64_t(16384), int64_t(24576),
                      int64_t(32768), int64_t(49152), int64_t(65536), int64_t(98304), int64_t(131072), int64_t(196608), int64_t(262144), int64_t(524288),
                      int64_t(1048576)}) {
        Buf a(n * is), b(n * is), o(n * is);
        fill_f64(a.p, n);
        fill_f64(b.p, n);
        const double ts = median_ns([&] { fn(n, a.p, is, b.p, is, o.p, is); gap(); }, 101) - gap_ns;
        const int64_t units = n / 8;  // 64-byte units
        const double tp = median_ns([&] {
            arrpy::pool::parallel_for(units, 1, [&](int64_t ub, int64_t ue) {
                const int64_t e0 = ub * 8, e1 = ue == units ? n : ue * 8;
                fn(e1 - e0, a.p + e0 * is, is, b.p + e0 * is, is, o.p + e0 * is, is);
            });
            gap();
        }, 101) - gap_ns;
        printf("%10lld %9.0f ns %9.0f ns %7.2fx\n", (long long)n, ts, tp, ts / tp);
    }
    if (sweep_only) return 0;

    printf("\n[3] per-element cost, contiguous, 1 thread, n=16384 (ns/element)\n");
    const char *ops[] = {"add", "sub", "mul", "div", "and", "or", "xor"};
    static_assert(sizeof ops / sizeof *ops == ARRPY_NUM_BINARY_OPS, "op names");
    const char *dts[] = {"bool", "i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "f32", "f64", "c64", "c128"};
    const int64_t item[] = {1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 8, 16};
    arrpy_cpp_set_num_threads(1);
    const int64_t n = 16384;
    for (int op = 0; op < ARRPY_NUM_BINARY_OPS; ++op) {
        printf("%-4s", ops[op]);
        for (int dt = 0; dt < ARRPY_NUM_DTYPES; ++dt) {
            if (!arrpy_cpp_binary_supported(op, dt)) {
                printf(" %s=-", dts[dt]);
                continue;
            }
            Buf a(n * item[dt]), b(n * item[dt]), o(n * item[dt]);
            for (int64_t i = 0; i < n * item[dt]; ++i) {
                a.p[i] = static_cast<char>(i * 7 + 1);
                b.p[i] = static_cast<char>(i * 13 + 3);
            }
            if (dt >= ARRPY_FLOAT32) {  // sane floats
                if (item[dt] / (dt >= ARRPY_COMPLEX64 ? 2 : 1) == 4) {
                    for (int64_t i = 0; i < n * item[dt] / 4; ++i) {
                        reinterpret_cast<float *>(a.p)[i] = 1.5f + i % 7;
                        reinterpret_cast<float *>(b.p)[i] = 0.5f + i % 5;
                    }
                } else {
                    fill_f64(a.p, n * item[dt] / 8);
                    fill_f64(b.p, n * item[dt] / 8);
                }
            }
            const int64_t sh[1] = {n}, st[1] = {item[dt]};
            const double t = median_ns([&] { arrpy_cpp_binary_nd(op, dt, 1, sh, a.p, st, b.p, st, o.p, st); }, 31);
            printf(" %s=%.3f", dts[dt], t / n);
        }
        printf("\n");
    }
    // strided
    {
        const int64_t m = 16384;
        Buf a(2 * m * 8), b(m * 8), o(m * 8);
        fill_f64(a.p, 2 * m);
        fill_f64(b.p, m);
        const int64_t sh[1] = {m}, s2[1] = {16}, s1[1] = {8};
        const double t = median_ns([&] { arrpy_cpp_binary_nd(ARRPY_ADD, ARRPY_FLOAT64, 1, sh, a.p, s2, b.p, s1, o.p, s1); }, 31);
        printf("f64 add, a strided (2): %.3f ns/element\n", t / m);
    }
    arrpy_cpp_set_num_threads(2);
    return 0;
}
