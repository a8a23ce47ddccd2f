// Self-test of the factorization kernels (factor_*.cpp) without Python: LU (P A = L U), LU solve
// (relative residuals), Cholesky (L L^H = A), zero-pivot and non-positive-definite info codes,
// float64 and complex128, single matrices around the blocking thresholds and batches, with 1 and
// 2 threads. Run it with ARRPY_SIMD=scalar too (run_selftest.sh, tests/test_cpp_kernels.py).
#include "selftest_linalg.hpp"

namespace {

// The arguments of the square ops (LU, Cholesky): the decompositions' fields zero / NULL.
arrpy_linalg_args square_args(int64_t count, int64_t n, int64_t nrhs, char *a, char *b,
                              int64_t *pivots, int64_t *info) {
    arrpy_linalg_args args{};
    args.count = count;
    args.n = args.m = n;
    args.nrhs = nrhs;
    args.a = a;
    args.b = b;
    args.pivots = pivots;
    args.info = info;
    return args;
}

template <class T>
double max_abs(const std::vector<T> &v) {
    double m = 0;
    for (const T &x : v) m = std::max(m, std::abs(x));
    return m;
}

// LU of `count` random n x n matrices, then P A == L U and the solve residual for nrhs columns.
template <class T>
void check_lu(int64_t count, int64_t n, int64_t nrhs) {
    std::vector<T> a(count * n * n), lu, b(count * n * nrhs), x;
    for (T &v : a) fill(&v);
    for (T &v : b) fill(&v);
    lu = a;
    x = b;
    std::vector<int64_t> piv(count * n, -1), info(count, -7);
    arrpy_linalg_args args = square_args(count, n, 0, reinterpret_cast<char *>(lu.data()), nullptr,
                                         piv.data(), info.data());
    CHECK(arrpy_cpp_linalg_nd(ARRPY_LU_FACTOR, dtype_of<T>(), &args) == 0, "status");
    for (int64_t m = 0; m < count; ++m) {
        CHECK(info[m] == 0, "lu info %lld (n=%lld)", (long long)info[m], (long long)n);
        const T *f = lu.data() + m * n * n;
        std::vector<T> pa(a.begin() + m * n * n, a.begin() + (m + 1) * n * n);
        bool piv_ok = true;
        for (int64_t j = 0; j < n; ++j) {
            const int64_t p = piv[m * n + j];
            piv_ok = piv_ok && p >= j && p < n;
            if (p >= j && p < n && p != j)
                for (int64_t c = 0; c < n; ++c) std::swap(pa[j * n + c], pa[p * n + c]);
        }
        CHECK(piv_ok, "pivots out of range (n=%lld)", (long long)n);
        double err = 0;
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < n; ++j) {
                T s = 0;
                for (int64_t k = 0; k <= std::min(i, j); ++k)
                    s += (k == i ? T(1) : f[i * n + k]) * f[k * n + j];
                err = std::max(err, std::abs(s - pa[i * n + j]));
            }
        CHECK(err <= 1e-13 * (n + 1), "||PA - LU|| = %g (n=%lld, count=%lld)", err, (long long)n,
              (long long)count);
    }
    if (nrhs == 0) return;
    args.nrhs = nrhs;
    args.b = reinterpret_cast<char *>(x.data());
    args.info = nullptr;
    CHECK(arrpy_cpp_linalg_nd(ARRPY_LU_SOLVE, dtype_of<T>(), &args) == 0, "status");
    for (int64_t m = 0; m < count; ++m) {
        const T *am = a.data() + m * n * n;
        const T *xm = x.data() + m * n * nrhs;
        const T *bm = b.data() + m * n * nrhs;
        double res = 0, an = 0, xn = 0;
        for (int64_t i = 0; i < n; ++i)
            for (int64_t c = 0; c < nrhs; ++c) {
                T s = 0;
                for (int64_t k = 0; k < n; ++k) s += am[i * n + k] * xm[k * nrhs + c];
                res = std::max(res, std::abs(s - bm[i * nrhs + c]));
                xn = std::max(xn, std::abs(xm[i * nrhs + c]));
            }
        for (int64_t i = 0; i < n * n; ++i) an = std::max(an, std::abs(am[i]));
        CHECK(res <= 1e-12 * n * an * xn, "solve residual %g (n=%lld nrhs=%lld)", res / (an * xn),
              (long long)n, (long long)nrhs);
    }
}

// Cholesky of A = M M^H + n I, then L L^H == A and zeros above the diagonal.
template <class T>
void check_cholesky(int64_t count, int64_t n) {
    std::vector<T> a(count * n * n), l;
    for (int64_t m = 0; m < count; ++m) {
        std::vector<T> g(n * n);
        for (T &v : g) fill(&v);
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < n; ++j) {
                T s = i == j ? T(double(n)) : T(0);
                for (int64_t k = 0; k < n; ++k) s += g[i * n + k] * conj_(g[j * n + k]);
                a[m * n * n + i * n + j] = s;
            }
    }
    l = a;
    for (int64_t m = 0; m < count; ++m)  // garbage above the diagonal: must not be read
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = i + 1; j < n; ++j) l[m * n * n + i * n + j] = T(1e300);
    std::vector<int64_t> info(count, -7);
    arrpy_linalg_args args = square_args(count, n, 0, reinterpret_cast<char *>(l.data()), nullptr,
                                         nullptr, info.data());
    CHECK(arrpy_cpp_linalg_nd(ARRPY_CHOLESKY, dtype_of<T>(), &args) == 0, "status");
    for (int64_t m = 0; m < count; ++m) {
        CHECK(info[m] == 0, "cholesky info %lld (n=%lld)", (long long)info[m], (long long)n);
        const T *f = l.data() + m * n * n;
        double err = 0, upper = 0, scale = 0;
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < n; ++j) {
                if (j > i) upper = std::max(upper, std::abs(f[i * n + j]));
                T s = 0;
                for (int64_t k = 0; k <= std::min(i, j); ++k) s += f[i * n + k] * conj_(f[j * n + k]);
                err = std::max(err, std::abs(s - a[m * n * n + i * n + j]));
                scale = std::max(scale, std::abs(a[m * n * n + i * n + j]));
            }
        CHECK(upper == 0 && err <= 1e-14 * (n + 1) * scale, "||LL^H - A|| = %g, upper %g (n=%lld)",
              err / scale, upper, (long long)n);
    }
}

// Exactly singular: column `zero` all zeros gives info zero + 1 (LAPACK's first zero pivot);
// an indefinite matrix gives the failing Cholesky column.
template <class T>
void check_info(int64_t n, int64_t zero) {
    std::vector<T> a(n * n);
    for (T &v : a) fill(&v);
    for (int64_t i = 0; i < n; ++i) a[i * n + zero] = 0;
    std::vector<int64_t> piv(n), info(1, -7);
    arrpy_linalg_args args = square_args(1, n, 0, reinterpret_cast<char *>(a.data()), nullptr,
                                         piv.data(), info.data());
    arrpy_cpp_linalg_nd(ARRPY_LU_FACTOR, dtype_of<T>(), &args);
    CHECK(info[0] == zero + 1, "lu info %lld, expected %lld (n=%lld)", (long long)info[0],
          (long long)(zero + 1), (long long)n);
    std::vector<T> c(n * n, T(0));
    for (int64_t i = 0; i < n; ++i) c[i * n + i] = i == zero ? T(-1) : T(4);
    args.a = reinterpret_cast<char *>(c.data());
    args.pivots = nullptr;
    arrpy_cpp_linalg_nd(ARRPY_CHOLESKY, dtype_of<T>(), &args);
    CHECK(info[0] == zero + 1, "cholesky info %lld, expected %lld (n=%lld)", (long long)info[0],
          (long long)(zero + 1), (long long)n);
}

void run_all() {
    const int64_t sizes[] = {0, 1, 2, 3, 7, 16, 47, 48, 49, 64, 65, 100, 131, 200, 260};
    for (int64_t n : sizes) {
        const int64_t rhs[] = {1, 3, 8, 37, n};
        for (int64_t nrhs : rhs) check_lu<double>(1, n, nrhs);
        check_cholesky<double>(1, n);
        if (n > 0) {
            check_info<double>(n, n / 2);
            check_info<double>(n, n - 1);
        }
        if (n <= 100) {
            check_lu<cd>(1, n, 5);
            check_cholesky<cd>(1, n);
            if (n > 0) check_info<cd>(n, n / 3);
        }
    }
    check_lu<double>(40, 12, 3);  // batches: one matrix per thread
    check_lu<double>(3, 130, 20);
    check_lu<cd>(40, 9, 2);
    check_cholesky<double>(40, 20);
    check_cholesky<cd>(40, 11);
    check_lu<double>(0, 5, 1);  // an empty batch
    CHECK(arrpy_cpp_linalg_supported(ARRPY_LU_FACTOR, ARRPY_FLOAT32) == 0, "float32 unsupported");
    arrpy_linalg_args none = square_args(1, 1, 0, nullptr, nullptr, nullptr, nullptr);
    CHECK(arrpy_cpp_linalg_nd(ARRPY_CHOLESKY, ARRPY_INT64, &none) == ARRPY_STATUS_UNSUPPORTED,
          "int64 unsupported");
}

}  // namespace

int main() {
    for (int threads = 1; threads <= 2; ++threads) {
        arrpy::pool::set_num_threads(threads);
        run_all();
    }
    printf("factor selftest (%s): %ld passed, %ld failed\n",
           arrpy::simd_flavour() == arrpy::Flavour::scalar ? "scalar" : "simd", g_pass, g_fail);
    return g_fail == 0 ? 0 : 1;
}
