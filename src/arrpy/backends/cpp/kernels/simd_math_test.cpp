// Accuracy test + benchmark for simd_math_avx2.cpp, and simd_math_avx512.cpp's exp and log against it
// bit for bit where the CPU has AVX-512F (not part of the library build).
// Build & run (exit status nonzero on any accuracy failure):
//   cd src/arrpy/backends/cpp/kernels &&
//   g++ -O3 -ffp-contract=off -fno-math-errno -std=c++17 -Wall -Wextra -mavx2 -mfma -c simd_math_avx2.cpp &&
//   g++ -O3 -ffp-contract=off -fno-math-errno -std=c++17 -Wall -Wextra -mavx512f -mavx2 -mfma -c simd_math_avx512.cpp &&
//   g++ -O3 -ffp-contract=off -fno-math-errno -std=c++17 -Wall -Wextra -mavx2 -mfma
//       simd_math_test.cpp simd_math_avx2.o simd_math_avx512.o -o /tmp/simd_math_test && /tmp/simd_math_test
// Options: /tmp/simd_math_test [scale] [bench]   scale multiplies the random sample counts
// (default 1 = ~20M inputs per f64 function); "bench" also times each function (1e6 elements);
// "exhaustive" checks the float32 functions on all 2^32 inputs instead (a few minutes).
// Compares against glibc (std::exp etc.), which is < 1 ulp; the limit is 2 ulp vs glibc.
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

#include "simd_math.hpp"

using namespace arrpy::simd;

namespace {

std::mt19937_64 rng(12345);

int64_t ordered(double x) {
    int64_t i;
    std::memcpy(&i, &x, 8);
    return i < 0 ? INT64_MIN - i : i;  // monotone map, -0 and +0 adjacent... both map near 0
}
int64_t ordered(float x) {
    int32_t i;
    std::memcpy(&i, &x, 4);
    return i < 0 ? static_cast<int64_t>(INT32_MIN) - i : i;
}

template <class T>
double ulp_diff(T got, T want) {
    if (std::isnan(want) || std::isnan(got)) return (std::isnan(want) && std::isnan(got)) ? 0 : 1e300;
    if (got == want) {
        // signs of zero must match
        return (std::signbit(got) == std::signbit(want)) ? 0 : 1e300;
    }
    if (std::isinf(want) || std::isinf(got)) return 1e300;
    int64_t a = ordered(got), b = ordered(want);
    __int128 d = static_cast<__int128>(a) - b;
    return static_cast<double>(d < 0 ? -d : d);
}

template <class T>
struct Fn {
    const char *name;
    void (*vec)(const T *, T *, int64_t);
    T (*ref)(T);
    // tanh: `ref` is long double tanhl rounded (glibc's tanh is up to ~2.2 ulp off, see
    // r_tanh), and this one (glibc) is only reported.
    T (*glibc)(T) = nullptr;
};

double r_exp(double x) { return std::exp(x); }
double r_log(double x) { return std::log(x); }
double r_sin(double x) { return std::sin(x); }
double r_cos(double x) { return std::cos(x); }
float r_expf(float x) { return std::exp(x); }
float r_logf(float x) { return std::log(x); }
float r_sinf(float x) { return std::sin(x); }
float r_cosf(float x) { return std::cos(x); }
// glibc 2.36's tanh is up to ~2.2 ulp from the exact value in (0, 1) (e.g. x = 0x1.d7ed9f6b5e726p-3:
// 0x1.cfbfb296db80cp-3, exact 0x1.cfbfb296db80ep-3 - 0.13 ulp), so the limit is checked against
// tanhl (x86-64: 64-bit mantissa, errors ~2^-11 of a double ulp) rounded to double / float.
double r_tanh(double x) { return static_cast<double>(tanhl(static_cast<long double>(x))); }
float r_tanhf(float x) { return static_cast<float>(tanhl(static_cast<long double>(x))); }
double g_tanh(double x) { return std::tanh(x); }
float g_tanhf(float x) { return std::tanh(x); }

double rand_bits_f64() {
    uint64_t b = rng();
    double x;
    std::memcpy(&x, &b, 8);
    return x;
}
float rand_bits_f32() {
    uint32_t b = static_cast<uint32_t>(rng());
    float x;
    std::memcpy(&x, &b, 4);
    return x;
}
double uni(double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); }

template <class T>
void add_neighbours(std::vector<T> &v, T x, int k) {
    T a = x, b = x;
    v.push_back(x);
    for (int i = 0; i < k; ++i) {
        a = std::nextafter(a, -std::numeric_limits<T>::infinity());
        b = std::nextafter(b, std::numeric_limits<T>::infinity());
        v.push_back(a);
        v.push_back(b);
    }
}

template <class T>
std::vector<T> inputs(const std::string &f, double scale) {
    const bool dbl = sizeof(T) == 8;
    std::vector<T> v;
    const T inf = std::numeric_limits<T>::infinity();
    const T specials[] = {T(0), -T(0), inf, -inf, std::numeric_limits<T>::quiet_NaN(),
                          -std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::denorm_min(),
                          -std::numeric_limits<T>::denorm_min(), std::numeric_limits<T>::min(),
                          std::numeric_limits<T>::max(), -std::numeric_limits<T>::max(), T(1), T(-1),
                          T(0.5), T(2), T(0.1), T(1e-300 * dbl), T(3.0)};
    for (T s : specials) add_neighbours(v, s, 3);
    size_t nrand = static_cast<size_t>((dbl ? 8e6 : 4e6) * scale);
    for (size_t i = 0; i < nrand; ++i) v.push_back(dbl ? T(rand_bits_f64()) : T(rand_bits_f32()));
    // integers
    for (int i = -20000; i <= 20000; ++i) v.push_back(T(i));
    size_t nr = static_cast<size_t>((dbl ? 6e6 : 3e6) * scale);
    if (f == "exp") {
        double hi = dbl ? 709.7827128933840 : 88.72283935546875, lo = dbl ? -745.1332191019412 : -103.97207708;
        double dn = dbl ? -708.3964185322641 : -87.33654475;  // start of subnormal results
        for (double c : {hi, lo, dn, -744.44, 0.0, std::log(2.0) / 2})
            add_neighbours(v, T(c), 20000);
        for (size_t i = 0; i < nr; ++i) v.push_back(T(uni(lo - 2, hi + 2)));
        for (size_t i = 0; i < nr / 4; ++i) v.push_back(T(uni(-1, 1)));
        for (size_t i = 0; i < nr / 4; ++i) v.push_back(T(uni(lo - 1, dn + 1)));
        for (size_t i = 0; i < nr / 4; ++i) v.push_back(T(std::ldexp(uni(-1, 1), -int(rng() % 60))));
    } else if (f == "log") {
        for (size_t i = 0; i < nr; ++i) v.push_back(T(uni(0, 10)));
        for (size_t i = 0; i < nr / 4; ++i) v.push_back(T(uni(0.5, 2)));
        for (size_t i = 0; i < nr / 4; ++i) v.push_back(T(1 + std::ldexp(uni(-1, 1), -int(rng() % 50))));
        // subnormal and tiny positives
        for (size_t i = 0; i < nr / 4; ++i) {
            T x = dbl ? T(rand_bits_f64()) : T(rand_bits_f32());
            x = std::fabs(x);
            v.push_back(dbl ? T(std::ldexp(double(x), -1074 - std::ilogb(double(x)) + int(rng() % 80)))
                            : T(std::ldexp(double(x), -149 - std::ilogb(double(x)) + int(rng() % 40))));
        }
        add_neighbours(v, T(1), 20000);
        add_neighbours(v, T(std::sqrt(2.0)), 2000);
        add_neighbours(v, T(std::sqrt(0.5)), 2000);
    } else if (f == "tanh") {
        // ordinary ranges, the branch threshold |x| = 1 (simd_math_avx2.cpp kTanhSmall), where
        // the result starts rounding to 1 (|x| ~ 19.06 for f64, 9.01 for f32), tiny/subnormal
        for (size_t i = 0; i < nr; ++i) v.push_back(T(uni(-20, 20)));
        for (size_t i = 0; i < nr / 4; ++i) v.push_back(T(uni(-1, 1)));
        for (size_t i = 0; i < nr / 4; ++i) v.push_back(T(uni(-1.2, 1.2)));
        for (size_t i = 0; i < nr / 4; ++i) v.push_back(T(std::ldexp(uni(-1, 1), -int(rng() % (dbl ? 1080 : 155)))));
        for (double c : {1.0, -1.0, 19.061547465398498, 9.010913, 0.5493061443340549})
            add_neighbours(v, T(c), 20000);
    } else {  // sin, cos
        for (size_t i = 0; i < nr; ++i) v.push_back(T(uni(-10, 10)));
        for (size_t i = 0; i < nr / 4; ++i) v.push_back(T(uni(-1e3, 1e3)));
        for (size_t i = 0; i < nr / 4; ++i) v.push_back(T(uni(-1e6, 1e6)));
        for (size_t i = 0; i < nr / 4; ++i) v.push_back(T(uni(-2e8, 2e8)));
        for (size_t i = 0; i < nr / 4; ++i) v.push_back(T(std::ldexp(uni(-1, 1), int(rng() % 80) - 50)));
        // multiples of pi/2 (and of pi/4) and neighbours, up to large n
        const double pio2 = 1.5707963267948966;
        for (int k = -3000; k <= 3000; ++k) add_neighbours(v, T(k * pio2), 3);
        for (int k = -3000; k <= 3000; ++k) add_neighbours(v, T(k * pio2 / 2), 1);
        for (int i = 0; i < 200000 * scale; ++i) {
            double k = std::floor(std::ldexp(uni(0, 1), int(rng() % 30)));
            add_neighbours(v, T(k * pio2), 2);
        }
        // the closest doubles to multiples of pi/2 below 2^27 are found by the random sweep;
        // also integers near multiples of pi (large n)
        for (int i = 0; i < 100000; ++i) v.push_back(T(std::floor(uni(-1.5e8, 1.5e8))));
    }
    std::shuffle(v.begin(), v.end(), rng);
    return v;
}

template <class T>
bool check(const Fn<T> &fn, double scale, double limit) {
    std::vector<T> in = inputs<T>(fn.name, scale);
    size_t n = in.size();
    std::vector<T> out(n + 64, T(-12345)), inplace(in);
    // Random chunk lengths and offsets (tails, unaligned).
    size_t pos = 0;
    while (pos < n) {
        size_t len = std::min<size_t>(n - pos, rng() % 3 ? rng() % 40 : rng() % 5000);
        fn.vec(in.data() + pos, out.data() + pos, static_cast<int64_t>(len));
        pos += len;
    }
    for (size_t i = n; i < n + 64; ++i)
        if (!(out[i] == T(-12345))) {
            std::printf("%s: wrote past the end\n", fn.name);
            return false;
        }
    fn.vec(inplace.data(), inplace.data(), static_cast<int64_t>(n));
    double maxu = 0;
    T worst = 0;
    size_t bad = 0, over1 = 0;
    for (size_t i = 0; i < n; ++i) {
        T want = fn.ref(in[i]);
        double u = ulp_diff(out[i], want);
        // in place: same bound (not bitwise equal to `out`: sin/cos send whole vectors with a
        // huge lane to glibc, and the vector grouping differs between the two runs)
        double u2 = ulp_diff(inplace[i], want);
        if (u2 > limit) {
            if (bad++ < 5) std::printf("  in-place mismatch at %.17g\n", double(in[i]));
        }
        if (u > 1) ++over1;
        if (u > maxu) {
            maxu = u;
            worst = in[i];
        }
        if (u > limit && bad++ < 10)
            std::printf("  %s(%a = %.17g) = %a, glibc %a (%g ulp)\n", fn.name, double(in[i]), double(in[i]),
                        double(out[i]), double(want), u);
    }
    if (fn.glibc) {  // informational: the distance to glibc's function
        double maxg = 0;
        for (size_t i = 0; i < n; ++i) maxg = std::max(maxg, ulp_diff(out[i], fn.glibc(in[i])));
        std::printf("%-4s %s: max %.3g ulp vs glibc's %s (the limit below is vs tanhl rounded)\n", fn.name,
                    sizeof(T) == 8 ? "f64" : "f32", maxg, fn.name);
    }
    std::printf("%-4s %s: %zu inputs, max %.3g ulp vs %s at x=%.17g (%a); %zu inputs > 1 ulp%s\n",
                fn.name, sizeof(T) == 8 ? "f64" : "f32", n, maxu, fn.glibc ? "tanhl" : "glibc", double(worst), double(worst), over1,
                bad ? "  FAIL" : "");
    return bad == 0;
}

template <class T>
void bench(const Fn<T> &fn) {
    const int64_t n = 1000000;
    std::vector<T> in(n), out(n);
    for (auto &x : in) {
        std::string f = fn.name;
        x = f == "log" ? T(uni(0, 100)) : T(uni(-10, 10));
    }
    std::vector<double> tv, ts;
    for (int rep = 0; rep < 31; ++rep) {
        auto t0 = std::chrono::steady_clock::now();
        fn.vec(in.data(), out.data(), n);
        auto t1 = std::chrono::steady_clock::now();
        for (int64_t i = 0; i < n; ++i) out[i] = fn.glibc ? fn.glibc(in[i]) : fn.ref(in[i]);
        auto t2 = std::chrono::steady_clock::now();
        tv.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / n);
        ts.push_back(std::chrono::duration<double, std::nano>(t2 - t1).count() / n);
    }
    std::sort(tv.begin(), tv.end());
    std::sort(ts.begin(), ts.end());
    std::printf("bench %-4s %s: %.3f ns/elem (glibc scalar loop %.3f ns/elem)\n", fn.name,
                sizeof(T) == 8 ? "f64" : "f32", tv[tv.size() / 2], ts[ts.size() / 2]);
}

// Every float32 input (2^32 of them).
bool exhaustive(const Fn<float> &fn) {
    const size_t chunk = 1 << 20;
    std::vector<float> in(chunk), out(chunk);
    double maxu = 0;
    float worst = 0;
    size_t bad = 0, ones = 0, twos = 0;
    for (uint64_t base = 0; base < (1ull << 32); base += chunk) {
        for (size_t j = 0; j < chunk; ++j) {
            uint32_t b = static_cast<uint32_t>(base + j);
            std::memcpy(&in[j], &b, 4);
        }
        fn.vec(in.data(), out.data(), static_cast<int64_t>(chunk));
        for (size_t j = 0; j < chunk; ++j) {
            double u = ulp_diff(out[j], fn.ref(in[j]));
            if (u > 0) ++ones;
            if (u > 1) ++twos;
            if (u > maxu) maxu = u, worst = in[j];
            if (u > 2.0 && bad++ < 10)
                std::printf("  %s(%a) = %a, glibc %a\n", fn.name, double(in[j]), double(out[j]), double(fn.ref(in[j])));
        }
    }
    std::printf("%-4s f32 exhaustive (all 2^32 inputs): max %.3g ulp vs %s at %a; %zu differ from it, %zu by > 1 ulp%s\n",
                fn.name, maxu, fn.glibc ? "tanhl" : "glibc", double(worst), ones, twos, bad ? "  FAIL" : "");
    return bad == 0;
}

// Inputs ending exactly at a page followed by an inaccessible page: any read (or write) past
// element n-1 faults. Also checks the results of these short calls.
template <class T>
bool guard_page(const Fn<T> &fn) {
    long pg = sysconf(_SC_PAGESIZE);
    char *mem = static_cast<char *>(mmap(nullptr, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (mem == MAP_FAILED) return false;
    mprotect(mem + pg, pg, PROT_NONE);
    T *end = reinterpret_cast<T *>(mem + pg);
    bool ok = true;
    for (int n = 0; n <= 40; ++n) {
        T *p = end - n;
        for (int i = 0; i < n; ++i) p[i] = T(0.37 * (i + 1));
        std::vector<T> want(n);
        for (int i = 0; i < n; ++i) want[i] = fn.ref(p[i]);
        fn.vec(p, p, n);  // in place, right up to the guard page
        for (int i = 0; i < n; ++i)
            if (ulp_diff(p[i], want[i]) > 2) ok = false;
    }
    munmap(mem, 2 * pg);
    if (!ok) std::printf("%s: guard-page test wrong results  FAIL\n", fn.name);
    return ok;
}

// A version for another ISA (exp_f64_avx512) against the checked one: the same bits for every
// input, with random call lengths (tails) and offsets, as check() calls it.
template <class T>
bool same_bits(const Fn<T> &checked, const Fn<T> &other, const char *isa, double scale) {
    std::vector<T> in = inputs<T>(checked.name, scale);
    const size_t n = in.size();
    std::vector<T> want(n), got(n + 64, T(-12345));
    checked.vec(in.data(), want.data(), static_cast<int64_t>(n));
    size_t pos = 0;
    while (pos < n) {
        size_t len = std::min<size_t>(n - pos, rng() % 3 ? rng() % 40 : rng() % 5000);
        other.vec(in.data() + pos, got.data() + pos, static_cast<int64_t>(len));
        pos += len;
    }
    size_t differ = 0;
    for (size_t i = 0; i < n; ++i)
        if (std::memcmp(&got[i], &want[i], sizeof(T)) != 0 && differ++ < 5)
            std::printf("  %s %s differs at %a\n", checked.name, isa, double(in[i]));
    bool past = false;
    for (size_t i = n; i < n + 64; ++i) past |= !(got[i] == T(-12345));
    std::printf("%-4s %s: %zu inputs, %zu results differ from the AVX2 version's bits%s%s\n",
                checked.name, isa, n, differ, past ? ", wrote past the end" : "",
                differ || past ? "  FAIL" : "");
    return differ == 0 && !past;
}

#if defined(__x86_64__)
// One AVX-512F version: skipped (and said so) on a CPU without AVX-512F or when ONLY names
// another function; else the guard-page test and same_bits against the AVX2 version (bitwise),
// or check() against glibc like the AVX2 versions (sin/cos: see simd_math_avx512.cpp).
template <class T>
bool check_avx512(const Fn<T> &avx2, const Fn<T> &avx512, const char *bits, bool bitwise,
                  const char *only, double scale, bool do_bench) {
    const std::string isa = std::string(bits == std::string("64") ? "f64" : "f32") + " AVX-512F";
    if (only && std::string(only) != std::string(avx512.name) + bits) return true;
    if (!__builtin_cpu_supports("avx512f")) {
        std::printf("%-4s %s: not checked (this CPU has no AVX-512F)\n", avx512.name, isa.c_str());
        return true;
    }
    bool ok = guard_page(avx512);
    if (bitwise) {
        ok &= same_bits(avx2, avx512, isa.c_str(), scale);
    } else {
        std::printf("%s:\n", isa.c_str());
        ok &= check(avx512, scale, 2.0);
    }
    if (do_bench) bench(avx512);
    return ok;
}
#endif

}  // namespace

int main(int argc, char **argv) {
    double scale = argc > 1 ? std::atof(argv[1]) : 1.0;
    bool do_bench = argc > 2 && std::string(argv[2]) == "bench";
    const char *only = std::getenv("ONLY");  // e.g. ONLY=exp64
    Fn<double> f64s[] = {{"exp", exp_f64_avx2, r_exp}, {"log", log_f64_avx2, r_log},
                         {"sin", sin_f64_avx2, r_sin}, {"cos", cos_f64_avx2, r_cos},
                         {"tanh", tanh_f64_avx2, r_tanh, g_tanh}};
    Fn<float> f32s[] = {{"exp", exp_f32_avx2, r_expf}, {"log", log_f32_avx2, r_logf},
                        {"sin", sin_f32_avx2, r_sinf}, {"cos", cos_f32_avx2, r_cosf},
                        {"tanh", tanh_f32_avx2, r_tanhf, g_tanhf}};
    bool ok = true;
    for (auto &f : f64s) {
        if (only && std::string(only) != std::string(f.name) + "64") continue;
        ok &= guard_page(f);
        ok &= check(f, scale, 2.0);
        if (do_bench) bench(f);
    }
#if defined(__x86_64__)
    // The AVX-512F versions (simd_math_avx512.cpp).
    __builtin_cpu_init();
    ok &= check_avx512(f64s[0], Fn<double>{"exp", exp_f64_avx512, r_exp}, "64", true, only, scale, do_bench);
    ok &= check_avx512(f64s[1], Fn<double>{"log", log_f64_avx512, r_log}, "64", true, only, scale, do_bench);
    ok &= check_avx512(f32s[2], Fn<float>{"sin", sin_f32_avx512, r_sinf}, "32", false, only, scale, do_bench);
    ok &= check_avx512(f32s[3], Fn<float>{"cos", cos_f32_avx512, r_cosf}, "32", false, only, scale, do_bench);
#endif
    bool exh = argc > 2 && std::string(argv[2]) == "exhaustive";
    for (auto &f : f32s) {
        if (only && std::string(only) != std::string(f.name) + "32") continue;
        ok &= guard_page(f);
        ok &= exh ? exhaustive(f) : check(f, scale, 2.0);
        if (do_bench) bench(f);
    }
    std::printf(ok ? "ALL OK\n" : "FAILED\n");
    return ok ? 0 : 1;
}
