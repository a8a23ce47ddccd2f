// Self-test of the Hermitian eigen-decomposition (abi.h ARRPY_EIGH, factor_*.cpp) without Python:
// for random Hermitian matrices, float64 and complex128, single matrices and batches, with 1 and
// 2 threads: ascending eigenvalues, A U = U diag(w), U^H U = I, the values-only call giving the
// same values, the trace equal to the sum of the eigenvalues, degenerate spectra (identity,
// zero, a repeated eigenvalue), and termination with info > 0 or nan values for nan input. Run
// it with ARRPY_SIMD=scalar too (run_selftest.sh, tests/test_cpp_kernels.py).
#include "selftest_linalg.hpp"

namespace {

double re_(double x) { return x; }
double re_(cd x) { return x.real(); }

enum Kind { RANDOM, IDENTITY, ZERO, REPEATED };

// `count` n x n Hermitian matrices of the given kind.
template <class T>
std::vector<T> make(int64_t count, int64_t n, Kind kind) {
    std::vector<T> a(count * n * n, T(0));
    for (int64_t m = 0; m < count; ++m) {
        T *am = a.data() + m * n * n;
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j <= i; ++j) {
                T v = T(0);
                if (kind == RANDOM) fill(&v);
                if (kind == IDENTITY && i == j) v = T(1);
                if (kind == REPEATED) v = T(1);  // all ones: n and n-1 zeros
                if (i == j) v = T(re_(v));
                am[i * n + j] = v;
                am[j * n + i] = conj_(v);
            }
    }
    return a;
}

arrpy_linalg_args eigh_args(int64_t count, int64_t n, char *a, double *w, char *u,
                            int64_t *info) {
    arrpy_linalg_args args{};
    args.count = count;
    args.n = args.m = n;
    args.a = a;
    args.w = reinterpret_cast<char *>(w);
    args.u = u;
    args.info = info;
    return args;
}

template <class T>
void check_eigh(int64_t count, int64_t n, Kind kind) {
    const std::vector<T> a = make<T>(count, n, kind);
    std::vector<T> work = a, u(count * n * n, T(-7)), work2 = a;
    std::vector<double> w(count * n, -7), w2(count * n, -7);
    std::vector<int64_t> info(count, -7), info2(count, -7);
    arrpy_linalg_args args = eigh_args(count, n, reinterpret_cast<char *>(work.data()), w.data(),
                                       reinterpret_cast<char *>(u.data()), info.data());
    CHECK(arrpy_cpp_linalg_nd(ARRPY_EIGH, dtype_of<T>(), &args) == 0, "status");
    arrpy_linalg_args args2 = eigh_args(count, n, reinterpret_cast<char *>(work2.data()),
                                        w2.data(), nullptr, info2.data());
    CHECK(arrpy_cpp_linalg_nd(ARRPY_EIGH, dtype_of<T>(), &args2) == 0, "status");
    for (int64_t m = 0; m < count; ++m) {
        const T *am = a.data() + m * n * n;
        const T *um = u.data() + m * n * n;
        const double *wm = w.data() + m * n;
        CHECK(info[m] == 0 && info2[m] == 0, "info %lld %lld (n=%lld)", (long long)info[m],
              (long long)info2[m], (long long)n);
        double scale = 0, trace = 0, sum = 0, res = 0, orth = 0, same = 0;
        bool sorted = true;
        for (int64_t i = 0; i < n * n; ++i) scale = std::max(scale, std::abs(am[i]));
        scale = std::max(scale, 1e-300);
        for (int64_t i = 0; i < n; ++i) {
            trace += re_(am[i * n + i]);
            sum += wm[i];
            same = std::max(same, std::abs(wm[i] - w2[m * n + i]));
            if (i > 0 && !(wm[i - 1] <= wm[i])) sorted = false;
        }
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < n; ++j) {
                T s = 0, g = 0;
                for (int64_t k = 0; k < n; ++k) {
                    s += am[i * n + k] * um[k * n + j];      // (A U)[i][j]
                    g += conj_(um[k * n + i]) * um[k * n + j];  // (U^H U)[i][j]
                }
                res = std::max(res, std::abs(s - wm[j] * um[i * n + j]));
                orth = std::max(orth, std::abs(g - (i == j ? T(1) : T(0))));
            }
        const double tol = 1e-14 * double(n + 1);
        CHECK(sorted, "eigenvalues not ascending (n=%lld)", (long long)n);
        CHECK(res <= tol * scale * 4, "||AU - UW|| / ||A|| = %g (n=%lld kind=%d)", res / scale,
              (long long)n, int(kind));
        CHECK(orth <= tol * 4, "||U^H U - I|| = %g (n=%lld kind=%d)", orth, (long long)n,
              int(kind));
        CHECK(same <= tol * scale, "values only differ by %g (n=%lld)", same, (long long)n);
        CHECK(std::abs(trace - sum) <= tol * n * scale, "trace %g, sum %g (n=%lld)", trace, sum,
              (long long)n);
        if (kind == IDENTITY)
            for (int64_t i = 0; i < n; ++i) CHECK(wm[i] == 1.0, "identity: w = %g", wm[i]);
        if (kind == ZERO)
            for (int64_t i = 0; i < n; ++i) CHECK(wm[i] == 0.0, "zero: w = %g", wm[i]);
        if (kind == REPEATED && n > 1)
            CHECK(std::abs(wm[n - 1] - double(n)) <= tol * n && std::abs(wm[0]) <= tol * n,
                  "all ones: w = %g .. %g", wm[0], wm[n - 1]);
    }
}

// nan input terminates: info > 0 or nan values.
template <class T>
void check_nan(int64_t n) {
    for (int pattern = 0; pattern < 3; ++pattern) {
        std::vector<T> a = make<T>(1, n, RANDOM), u(n * n);
        if (pattern == 0) a[(n / 2) * n + n / 3] = a[(n / 3) * n + n / 2] = T(NAN);
        if (pattern == 1) a[(n - 1) * n + n - 1] = T(NAN);
        if (pattern == 2)
            for (T &v : a) v = T(NAN);
        std::vector<double> w(n);
        std::vector<int64_t> info(1, -7);
        arrpy_linalg_args args = eigh_args(1, n, reinterpret_cast<char *>(a.data()), w.data(),
                                           reinterpret_cast<char *>(u.data()), info.data());
        CHECK(arrpy_cpp_linalg_nd(ARRPY_EIGH, dtype_of<T>(), &args) == 0, "status");
        bool has_nan = false;
        for (double x : w) has_nan = has_nan || x != x;
        CHECK(info[0] > 0 || has_nan, "nan input: info %lld, no nan (n=%lld pattern=%d)",
              (long long)info[0], (long long)n, pattern);
    }
}

void run_all() {
    const int64_t sizes[] = {1, 2, 3, 4, 7, 16, 33, 64, 100, 150};
    for (int64_t n : sizes) {
        check_eigh<double>(1, n, RANDOM);
        check_eigh<cd>(1, n, RANDOM);
        if (n <= 64) {
            check_eigh<double>(1, n, IDENTITY);
            check_eigh<cd>(1, n, ZERO);
            check_eigh<double>(1, n, REPEATED);
            check_eigh<cd>(1, n, REPEATED);
        }
        if (n > 1) {
            check_nan<double>(n);
            check_nan<cd>(n);
        }
    }
    check_eigh<double>(40, 12, RANDOM);  // batches: one matrix per thread
    check_eigh<cd>(40, 9, RANDOM);
    check_eigh<double>(3, 130, RANDOM);
    CHECK(arrpy_cpp_linalg_supported(ARRPY_EIGH, ARRPY_FLOAT64) == 1, "eigh float64 supported");
    CHECK(arrpy_cpp_linalg_supported(ARRPY_EIGH, ARRPY_COMPLEX128) == 1, "eigh complex supported");
    CHECK(arrpy_cpp_linalg_supported(ARRPY_EIGH, ARRPY_FLOAT32) == 0, "float32 unsupported");
}

}  // namespace

int main() {
    for (int threads = 1; threads <= 2; ++threads) {
        arrpy::pool::set_num_threads(threads);
        run_all();
    }
    printf("eigh selftest (%s): %ld passed, %ld failed\n",
           arrpy::simd_flavour() == arrpy::Flavour::scalar ? "scalar" : "simd", g_pass, g_fail);
    return g_fail == 0 ? 0 : 1;
}
