// Self-test of the SVD kernel (svd_impl.hpp through factor_*.cpp) without Python: for random,
// rank-deficient and zero matrices, float64 and complex128, m >= n and m < n, reduced and full
// factors, batches: A == U diag(s) Vt, U^H U == I, Vt Vt^H == I, s descending and >= 0, the
// values-only call gives the same s; nan input terminates with info > 0. With 1 and 2 threads.
// Run it with ARRPY_SIMD=scalar too (tests/test_cpp_kernels.py runs both).
#include "selftest_linalg.hpp"

namespace {

enum Kind { RANDOM, RANK1, ZERO, REPEATED_COLUMNS };

template <class T>
void check_svd(int64_t count, int64_t m, int64_t n, bool full, Kind kind) {
    const int64_t k = std::min(m, n), ucols = full ? m : k, vtrows = full ? n : k;
    std::vector<T> a(count * m * n);
    for (int64_t b = 0; b < count; ++b) {
        T *ab = a.data() + b * m * n;
        if (kind == RANDOM || kind == REPEATED_COLUMNS) {
            for (int64_t i = 0; i < m * n; ++i) fill(ab + i);
            if (kind == REPEATED_COLUMNS)
                for (int64_t r = 0; r < m; ++r)
                    for (int64_t c = 1; c < n; c += 2) ab[r * n + c] = ab[r * n + c - 1];
        } else if (kind == RANK1) {
            std::vector<T> x(m), y(n);
            for (T &t : x) fill(&t);
            for (T &t : y) fill(&t);
            for (int64_t r = 0; r < m; ++r)
                for (int64_t c = 0; c < n; ++c) ab[r * n + c] = x[r] * y[c];
        } else {
            for (int64_t i = 0; i < m * n; ++i) ab[i] = T(0);
        }
    }
    std::vector<T> work = a, u(count * m * ucols, T(-7)), vt(count * vtrows * n, T(-7));
    std::vector<double> s(count * k, -7), s2(count * k, -7);
    std::vector<int64_t> info(count, -7), info2(count, -7);
    arrpy_linalg_args args{};
    args.count = count;
    args.m = m;
    args.n = n;
    args.a = reinterpret_cast<char *>(work.data());
    args.info = info.data();
    args.w = reinterpret_cast<char *>(s.data());
    args.u = reinterpret_cast<char *>(u.data());
    args.ucols = ucols;
    args.vt = reinterpret_cast<char *>(vt.data());
    args.vtrows = vtrows;
    CHECK(arrpy_cpp_linalg_nd(ARRPY_SVD, dtype_of<T>(), &args) == 0, "status");
    // values only
    std::vector<T> work2 = a;
    arrpy_linalg_args vals{};
    vals.count = count;
    vals.m = m;
    vals.n = n;
    vals.a = reinterpret_cast<char *>(work2.data());
    vals.info = info2.data();
    vals.w = reinterpret_cast<char *>(s2.data());
    CHECK(arrpy_cpp_linalg_nd(ARRPY_SVD, dtype_of<T>(), &vals) == 0, "status");
    for (int64_t b = 0; b < count; ++b) {
        const T *ab = a.data() + b * m * n, *ub = u.data() + b * m * ucols,
                *vb = vt.data() + b * vtrows * n;
        const double *sb = s.data() + b * k;
        CHECK(info[b] == 0 && info2[b] == 0, "info %lld %lld (%lldx%lld)", (long long)info[b],
              (long long)info2[b], (long long)m, (long long)n);
        double scale = 1e-300, err = 0, orth_u = 0, orth_v = 0, verr = 0;
        bool sorted = true;
        for (int64_t i = 0; i < k; ++i) {
            scale = std::max(scale, sb[i]);
            if (sb[i] < 0 || (i > 0 && sb[i] > sb[i - 1])) sorted = false;
            verr = std::max(verr, fabs(sb[i] - s2[b * k + i]));
        }
        for (int64_t r = 0; r < m; ++r)
            for (int64_t c = 0; c < n; ++c) {
                T t(0);
                for (int64_t i = 0; i < k; ++i) t += ub[r * ucols + i] * sb[i] * vb[i * n + c];
                err = std::max(err, std::abs(t - ab[r * n + c]));
            }
        for (int64_t i = 0; i < ucols; ++i)
            for (int64_t j = 0; j < ucols; ++j) {
                T t(0);
                for (int64_t r = 0; r < m; ++r) t += conj_(ub[r * ucols + i]) * ub[r * ucols + j];
                orth_u = std::max(orth_u, std::abs(t - T(i == j ? 1.0 : 0.0)));
            }
        for (int64_t i = 0; i < vtrows; ++i)
            for (int64_t j = 0; j < vtrows; ++j) {
                T t(0);
                for (int64_t c = 0; c < n; ++c) t += vb[i * n + c] * conj_(vb[j * n + c]);
                orth_v = std::max(orth_v, std::abs(t - T(i == j ? 1.0 : 0.0)));
            }
        CHECK(sorted, "values not descending (%lldx%lld)", (long long)m, (long long)n);
        CHECK(err <= 1e-12 * scale * (m + n), "reconstruction %g (%lldx%lld kind %d)", err,
              (long long)m, (long long)n, int(kind));
        CHECK(orth_u <= 1e-12 * (m + 1), "U^H U %g (%lldx%lld full %d kind %d)", orth_u,
              (long long)m, (long long)n, int(full), int(kind));
        CHECK(orth_v <= 1e-12 * (n + 1), "Vt Vt^H %g (%lldx%lld full %d kind %d)", orth_v,
              (long long)m, (long long)n, int(full), int(kind));
        CHECK(verr <= 1e-13 * scale, "values only differ %g", verr);
    }
}

template <class T>
void check_nan() {
    const int64_t m = 6, n = 4;
    std::vector<T> a(m * n), u(m * m), vt(n * n);
    for (T &t : a) fill(&t);
    a[5] = T(NAN);
    std::vector<double> s(n);
    int64_t info = 0;
    arrpy_linalg_args args{};
    args.count = 1;
    args.m = m;
    args.n = n;
    args.a = reinterpret_cast<char *>(a.data());
    args.info = &info;
    args.w = reinterpret_cast<char *>(s.data());
    args.u = reinterpret_cast<char *>(u.data());
    args.ucols = m;
    args.vt = reinterpret_cast<char *>(vt.data());
    args.vtrows = n;
    CHECK(arrpy_cpp_linalg_nd(ARRPY_SVD, dtype_of<T>(), &args) == 0, "status");
    CHECK(info > 0, "nan input: info %lld", (long long)info);
}

template <class T>
void run_type() {
    const int64_t shapes[][2] = {{1, 1}, {1, 5}, {5, 1}, {2, 2}, {7, 3}, {3, 7},
                                 {9, 9}, {33, 17}, {17, 33}, {64, 64}};
    for (const auto &sh : shapes)
        for (int full = 0; full <= 1; ++full) {
            check_svd<T>(1, sh[0], sh[1], full, RANDOM);
            check_svd<T>(1, sh[0], sh[1], full, RANK1);
            check_svd<T>(1, sh[0], sh[1], full, ZERO);
            check_svd<T>(1, sh[0], sh[1], full, REPEATED_COLUMNS);
        }
    check_svd<T>(5, 12, 8, true, RANDOM);
    check_svd<T>(40, 10, 10, false, RANDOM);  // a batch large enough to run one per thread
    check_svd<T>(1, 150, 100, true, RANDOM);
    check_nan<T>();
}

}  // namespace

int main() {
    for (int threads = 1; threads <= 2; ++threads) {
        arrpy::pool::set_num_threads(threads);
        run_type<double>();
        run_type<cd>();
    }
    printf("svd selftest (%s): %ld passed, %ld failed\n",
           arrpy::simd_flavour() == arrpy::Flavour::scalar ? "scalar" : "simd", g_pass, g_fail);
    return g_fail == 0 ? 0 : 1;
}
