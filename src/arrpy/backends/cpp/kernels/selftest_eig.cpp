// Self-test of the general eigen-decomposition (ARRPY_EIG of linalg_nd, eig_impl.hpp) without
// Python: A V = V diag(w) and unit-norm columns for random, rotation, triangular, diagonal,
// companion, zero, lower-triangular (the balancing's permutations) and graded (its scaling)
// matrices, float64 and complex128, single matrices and batches, values only against values
// with vectors, real input with a real spectrum giving exactly real results, nan input
// terminating with info > 0; with 1 and 2 threads. Run it with ARRPY_SIMD=scalar too
// (tests/test_cpp_kernels.py runs both).
#include "selftest_linalg.hpp"

namespace {

enum Kind {
    RANDOM, ROTATION, TRIANGULAR, DIAGONAL_REPEATS, COMPANION, ZERO, SYMMETRIC, LOWER, GRADED
};

template <class T>
void make(Kind kind, int64_t n, T *a) {
    for (int64_t i = 0; i < n * n; ++i) a[i] = 0;
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < n; ++j) {
            T *x = a + i * n + j;
            if (kind == RANDOM || (kind == TRIANGULAR && j >= i) || (kind == LOWER && j <= i))
                fill(x);
            if (kind == GRADED) {  // entries from 1 to 2^-60: the balancing's scaling at work
                fill(x);
                *x *= ldexp(1.0, -int(3 * (i + j) % 61));
            }
            if (kind == DIAGONAL_REPEATS && i == j) *x = T(double(i % 3));
            if (kind == COMPANION && i == 0) fill(x);
            if (kind == COMPANION && i == j + 1) *x = 1;
            if (kind == SYMMETRIC && j >= i) {
                fill(x);
                a[j * n + i] = *x;
            }
        }
    if (kind == ROTATION)  // 2 x 2 rotation blocks: complex pairs cos t +- i sin t
        for (int64_t i = 0; i + 1 < n; i += 2) {
            const double t = 0.3 + i;
            a[i * n + i] = a[(i + 1) * n + i + 1] = cos(t);
            a[i * n + i + 1] = -sin(t);
            a[(i + 1) * n + i] = sin(t);
        }
    if (kind == ROTATION && n % 2) a[n * n - 1] = 0.5;
}

arrpy_linalg_args eig_args(int64_t count, int64_t n, void *a, cd *w, cd *u, int64_t *info) {
    arrpy_linalg_args args{};
    args.count = count;
    args.n = args.m = n;
    args.a = static_cast<char *>(a);
    args.w = reinterpret_cast<char *>(w);
    args.u = reinterpret_cast<char *>(u);
    args.info = info;
    return args;
}

template <class T>
void check_eig(Kind kind, int64_t count, int64_t n) {
    std::vector<T> a(count * n * n);
    for (int64_t m = 0; m < count; ++m) make(kind, n, a.data() + m * n * n);
    std::vector<T> work = a, work2 = a;
    std::vector<cd> w(count * n), w2(count * n), u(count * n * n);
    std::vector<int64_t> info(count, -7), info2(count, -7);
    arrpy_linalg_args args = eig_args(count, n, work.data(), w.data(), u.data(), info.data());
    CHECK(arrpy_cpp_linalg_nd(ARRPY_EIG, dtype_of<T>(), &args) == 0, "status");
    arrpy_linalg_args args2 = eig_args(count, n, work2.data(), w2.data(), nullptr, info2.data());
    CHECK(arrpy_cpp_linalg_nd(ARRPY_EIG, dtype_of<T>(), &args2) == 0, "status");
    const bool real_input = dtype_of<T>() == ARRPY_FLOAT64;
    for (int64_t m = 0; m < count; ++m) {
        CHECK(info[m] == 0 && info2[m] == 0, "info %lld %lld (kind %d, n=%lld)",
              (long long)info[m], (long long)info2[m], int(kind), (long long)n);
        const T *am = a.data() + m * n * n;
        const cd *wm = w.data() + m * n, *um = u.data() + m * n * n;
        double anorm = 0;
        for (int64_t i = 0; i < n * n; ++i) anorm = std::max(anorm, std::abs(am[i]));
        double res = 0, unit = 0, wdiff = 0;
        bool real_ok = true, pair_ok = true, big_real = true;
        for (int64_t j = 0; j < n; ++j) {
            double norm2 = 0, big = -1;
            cd at = 0;
            for (int64_t i = 0; i < n; ++i) {
                cd s = 0;
                for (int64_t k = 0; k < n; ++k) s += cd(am[i * n + k]) * um[k * n + j];
                res = std::max(res, std::abs(s - wm[j] * um[i * n + j]));
                norm2 += std::norm(um[i * n + j]);
                const double size = std::norm(um[i * n + j]);
                if (size > big) big = size, at = um[i * n + j];
                if (real_input && wm[j].imag() == 0 && um[i * n + j].imag() != 0) real_ok = false;
            }
            big_real = big_real && at.imag() == 0;
            unit = std::max(unit, fabs(sqrt(norm2) - 1));
            // values only: the same values (same algorithm, same order)
            wdiff = std::max(wdiff, std::abs(wm[j] - w2[m * n + j]));
            if (real_input && wm[j].imag() > 0)
                pair_ok = pair_ok && j + 1 < n && wm[j + 1] == std::conj(wm[j]);
        }
        CHECK(res <= 1e-12 * std::max(anorm, 1e-300) * (n + 1), "||AV - VW|| = %g (kind %d n=%lld)",
              res, int(kind), (long long)n);
        CHECK(unit <= 1e-13, "column norms off by %g (kind %d n=%lld)", unit, int(kind),
              (long long)n);
        CHECK(big_real, "largest component not real (kind %d n=%lld)", int(kind), (long long)n);
        CHECK(wdiff <= 1e-12 * (anorm + 1), "values only differ by %g", wdiff);
        CHECK(real_ok, "real eigenvalue with a complex vector (kind %d n=%lld)", int(kind),
              (long long)n);
        CHECK(pair_ok, "conjugate pair layout (kind %d n=%lld)", int(kind), (long long)n);
        if (real_input && (kind == SYMMETRIC || kind == TRIANGULAR || kind == DIAGONAL_REPEATS ||
                           kind == LOWER))
            for (int64_t j = 0; j < n; ++j)
                CHECK(wm[j].imag() == 0, "real spectrum with imag %g", wm[j].imag());
    }
}

template <class T>
void check_nan() {
    const int64_t n = 6;
    std::vector<T> a(n * n);
    for (T &x : a) fill(&x);
    a[7] = NAN;
    std::vector<cd> w(n), u(n * n);
    int64_t info = -7;
    arrpy_linalg_args args = eig_args(1, n, a.data(), w.data(), u.data(), &info);
    CHECK(arrpy_cpp_linalg_nd(ARRPY_EIG, dtype_of<T>(), &args) == 0, "status");
    CHECK(info > 0, "nan input: info %lld", (long long)info);
}

template <class T>
void run_dtype() {
    const int64_t sizes[] = {1, 2, 3, 4, 5, 8, 17, 40, 101};
    for (int64_t n : sizes)
        for (Kind kind : {RANDOM, ROTATION, TRIANGULAR, DIAGONAL_REPEATS, COMPANION, ZERO,
                          SYMMETRIC, LOWER, GRADED})
            check_eig<T>(kind, n <= 17 ? 3 : 1, n);
    check_nan<T>();
}

}  // namespace

int main() {
    for (int threads = 1; threads <= 2; ++threads) {
        arrpy::pool::set_num_threads(threads);
        run_dtype<double>();
        run_dtype<cd>();
    }
    printf("eig selftest (%s): %ld passed, %ld failed\n",
           arrpy::simd_flavour() == arrpy::Flavour::scalar ? "scalar" : "simd", g_pass, g_fail);
    return g_fail == 0 ? 0 : 1;
}
