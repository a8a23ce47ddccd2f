// Self-test of the Householder QR kernels (ARRPY_QR, ARRPY_QR_Q of factor_*.cpp) without Python:
// A == Q R (Q from QR_Q with ucols = k and ucols = m), Q^H Q == I, R upper triangular with a
// real diagonal, the reflector convention (v's first entry 1: tau == 0 iff the column needed no
// reflection), tall, wide and square shapes around the blocking thresholds, batches, a zero
// matrix and a nan matrix (terminates), float64 and complex128, with 1 and 2 threads. Run it
// with ARRPY_SIMD=scalar too (tests/test_cpp_kernels.py).
#include "selftest_linalg.hpp"

namespace {

arrpy_linalg_args qr_args(int64_t count, int64_t m, int64_t n, char *a, char *tau, char *u,
                          int64_t ucols) {
    arrpy_linalg_args args{};
    args.count = count;
    args.m = m;
    args.n = n;
    args.a = a;
    args.tau = tau;
    args.u = u;
    args.ucols = ucols;
    return args;
}

// QR of `count` m x n matrices (random, or zero when `zero`), then QR_Q with ucols = k and m.
template <class T>
void check_qr(int64_t count, int64_t m, int64_t n, bool zero = false) {
    const int64_t k = std::min(m, n);
    std::vector<T> a(count * m * n), work, tau(count * k, T(-7));
    for (T &v : a) {
        fill(&v);
        if (zero) v = T(0);
    }
    work = a;
    arrpy_linalg_args args = qr_args(count, m, n, reinterpret_cast<char *>(work.data()),
                                     reinterpret_cast<char *>(tau.data()), nullptr, 0);
    CHECK(arrpy_cpp_linalg_nd(ARRPY_QR, dtype_of<T>(), &args) == 0, "QR status");
    for (int64_t ucols : {k, m}) {
        std::vector<T> q(count * m * ucols, T(-7));
        arrpy_linalg_args qargs = qr_args(count, m, n, reinterpret_cast<char *>(work.data()),
                                          reinterpret_cast<char *>(tau.data()),
                                          reinterpret_cast<char *>(q.data()), ucols);
        CHECK(arrpy_cpp_linalg_nd(ARRPY_QR_Q, dtype_of<T>(), &qargs) == 0, "QR_Q status");
        for (int64_t b = 0; b < count; ++b) {
            const T *am = a.data() + b * m * n, *rm = work.data() + b * m * n;
            const T *qm = q.data() + b * m * ucols;
            double scale = 1e-300, err = 0, orth = 0;
            for (int64_t i = 0; i < m * n; ++i) scale = std::max(scale, std::abs(am[i]));
            // A == Q[:, :k] R[:k, :]
            for (int64_t i = 0; i < m; ++i)
                for (int64_t j = 0; j < n; ++j) {
                    T s = 0;
                    for (int64_t p = 0; p <= std::min(j, k - 1); ++p) s += qm[i * ucols + p] * rm[p * n + j];
                    err = std::max(err, std::abs(s - am[i * n + j]));
                }
            // Q^H Q == I
            for (int64_t c1 = 0; c1 < ucols; ++c1)
                for (int64_t c2 = 0; c2 < ucols; ++c2) {
                    T s = 0;
                    for (int64_t i = 0; i < m; ++i) s += conj_(qm[i * ucols + c1]) * qm[i * ucols + c2];
                    orth = std::max(orth, std::abs(s - T(c1 == c2 ? 1.0 : 0.0)));
                }
            const double tol = 64 * (m + n) * 2.2e-16;
            CHECK(err <= tol * scale, "A != QR: %lld x %lld (ucols %lld, %s): %g", (long long)m,
                  (long long)n, (long long)ucols, sizeof(T) == 8 ? "float64" : "complex128",
                  err / scale);
            CHECK(orth <= tol, "Q not orthonormal: %lld x %lld (ucols %lld): %g", (long long)m,
                  (long long)n, (long long)ucols, orth);
            bool real_diag = true;
            for (int64_t j = 0; j < k; ++j) real_diag = real_diag && imag_(rm[j * n + j]) == 0;
            CHECK(real_diag, "R's diagonal is not real");
            if (zero)
                for (int64_t j = 0; j < k; ++j)
                    CHECK(tau[b * k + j] == T(0), "tau of a zero column is not 0");
        }
    }
}

// A matrix of nans: both ops terminate, R and Q are nan somewhere (no crash, no hang).
template <class T>
void check_nan(int64_t m, int64_t n) {
    const int64_t k = std::min(m, n);
    std::vector<T> a(m * n, T(NAN)), tau(k), q(m * m);
    arrpy_linalg_args args = qr_args(1, m, n, reinterpret_cast<char *>(a.data()),
                                     reinterpret_cast<char *>(tau.data()), nullptr, 0);
    CHECK(arrpy_cpp_linalg_nd(ARRPY_QR, dtype_of<T>(), &args) == 0, "QR status (nan)");
    arrpy_linalg_args qargs = qr_args(1, m, n, reinterpret_cast<char *>(a.data()),
                                      reinterpret_cast<char *>(tau.data()),
                                      reinterpret_cast<char *>(q.data()), m);
    CHECK(arrpy_cpp_linalg_nd(ARRPY_QR_Q, dtype_of<T>(), &qargs) == 0, "QR_Q status (nan)");
    CHECK(std::isnan(std::abs(a[0])), "R[0][0] of a nan matrix is not nan");
}

template <class T>
void run_dtype() {
    const int64_t shapes[][2] = {{1, 1}, {2, 2}, {3, 3}, {5, 3}, {3, 5}, {1, 4}, {4, 1},
                                 {17, 17}, {63, 63}, {64, 64}, {65, 65}, {100, 70},
                                 {70, 100}, {130, 97}, {97, 130}, {160, 160}};
    for (const auto &s : shapes) check_qr<T>(1, s[0], s[1]);
    check_qr<T>(3, 7, 5);
    check_qr<T>(5, 20, 20);
    check_qr<T>(2, 90, 90);
    check_qr<T>(1, 6, 4, true);
    check_qr<T>(1, 80, 70, true);
    check_nan<T>(4, 3);
    check_nan<T>(90, 80);
}

}  // namespace

int main() {
    for (int threads = 1; threads <= 2; ++threads) {
        arrpy::pool::set_num_threads(threads);
        run_dtype<double>();
        run_dtype<cd>();
    }
    printf("qr selftest (%s): %ld passed, %ld failed\n",
           arrpy::simd_flavour() == arrpy::Flavour::scalar ? "scalar" : "simd", g_pass, g_fail);
    return g_fail == 0 ? 0 : 1;
}
