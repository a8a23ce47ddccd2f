// Singular value decomposition (abi.h ARRPY_SVD). Included by factor_impl.hpp inside its
// namespace, after the element helpers (cplx, mul, conj_mul, ...): the same rules apply (no
// library templates, no inline functions of shared headers).
//
// Algorithm: one-sided Jacobi (Hestenes 1958, de Rijk 1989's pivoting; Golub & Van Loan,
// Matrix Computations, 4th ed., 8.6.4; LAPACK dgesvj), the same as the python backend
// (backends/python/svd.py, which documents every step): for m >= n the columns of B = A, for
// m < n those of B = A^H, are orthogonalised by plane rotations from the right (B V = U S).
// Row-major storage: B's columns are the rows of a working copy W = B^T and V is kept as V^T,
// so every dot product and rotation runs along two contiguous rows (AVX2 flavour: explicit
// FMA intrinsics, float64 and complex128 as interleaved pairs). A scaled by a power of two
// first; nan / inf input: info = 1 at once. Rotate when |g_i^H g_j| > k eps |g_i| |g_j|; at
// most 60 sweeps (info = 1 if the last still rotated). Squared norms below 1e-300 (scaled) are
// zero columns. U completed (rank deficiency, full_matrices) by Householder QR of the computed
// columns (Q's further columns). Values sorted descending, vectors in the same order.
// Differences from the python backend, for speed only (the same pairs and the same test):
//   * the sweep goes in blocks of 16 rows (jacobi below: pivots, pairs inside the block, then
//     the rows below against the block), so a row below is read once per block, not per row;
//   * a rotation computes the next pair's dot product in the same pass over the rows;
//   * sqrt(1 + zeta^2) instead of hypot (glibc's is slow), guarded against overflow.
// One thread per matrix: nthreads is not used (factor_impl.hpp run_batch gives the small
// matrices of a batch one thread each).

namespace svd_detail {

const int MAX_SWEEPS = 60;
const double TINY = 1e-300;


// sum |x|^2
inline double norm2(const double *x, int64_t len) {
    int64_t i = 0;
#if ARRPY_FAC_AVX2
    __m256d a0 = _mm256_setzero_pd(), a1 = _mm256_setzero_pd();
    for (; i + 8 <= len; i += 8) {
        const __m256d x0 = _mm256_loadu_pd(x + i), x1 = _mm256_loadu_pd(x + i + 4);
        a0 = _mm256_fmadd_pd(x0, x0, a0);
        a1 = _mm256_fmadd_pd(x1, x1, a1);
    }
    a0 = _mm256_add_pd(a0, a1);
    double t[4];
    _mm256_storeu_pd(t, a0);
    double r = (t[0] + t[1]) + (t[2] + t[3]);
#else
    double r0 = 0, r1 = 0;
    for (; i + 2 <= len; i += 2) {
        r0 += x[i] * x[i];
        r1 += x[i + 1] * x[i + 1];
    }
    double r = r0 + r1;
#endif
    for (; i < len; ++i) r += x[i] * x[i];
    return r;
}
inline double norm2(const cplx *x, int64_t len) {
    return norm2(reinterpret_cast<const double *>(x), 2 * len);
}

// x^H y
inline double dot(const double *x, const double *y, int64_t len) {
    int64_t i = 0;
#if ARRPY_FAC_AVX2
    __m256d a0 = _mm256_setzero_pd(), a1 = _mm256_setzero_pd();
    for (; i + 8 <= len; i += 8) {
        a0 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i), _mm256_loadu_pd(y + i), a0);
        a1 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i + 4), _mm256_loadu_pd(y + i + 4), a1);
    }
    a0 = _mm256_add_pd(a0, a1);
    double t[4];
    _mm256_storeu_pd(t, a0);
    double r = (t[0] + t[1]) + (t[2] + t[3]);
#else
    double r0 = 0, r1 = 0;
    for (; i + 2 <= len; i += 2) {
        r0 += x[i] * y[i];
        r1 += x[i + 1] * y[i + 1];
    }
    double r = r0 + r1;
#endif
    for (; i < len; ++i) r += x[i] * y[i];
    return r;
}
inline cplx dot(const cplx *x, const cplx *y, int64_t len) {
    const double *xd = reinterpret_cast<const double *>(x);
    const double *yd = reinterpret_cast<const double *>(y);
    int64_t i = 0;
    double re = 0, im = 0;
#if ARRPY_FAC_AVX2
    // re = sum(xr yr + xi yi); im = sum(xr yi - xi yr): products with y and with y's pairs
    // swapped, the sign of the second pattern applied at the end
    __m256d ar = _mm256_setzero_pd(), ai = _mm256_setzero_pd();
    for (; i + 2 <= len; i += 2) {
        const __m256d xv = _mm256_loadu_pd(xd + 2 * i), yv = _mm256_loadu_pd(yd + 2 * i);
        ar = _mm256_fmadd_pd(xv, yv, ar);
        ai = _mm256_fmadd_pd(xv, _mm256_permute_pd(yv, 0x5), ai);
    }
    double tr[4], ti[4];
    _mm256_storeu_pd(tr, ar);
    _mm256_storeu_pd(ti, ai);
    re = (tr[0] + tr[1]) + (tr[2] + tr[3]);
    im = (ti[0] - ti[1]) + (ti[2] - ti[3]);
#endif
    for (; i < len; ++i) {
        re += xd[2 * i] * yd[2 * i] + xd[2 * i + 1] * yd[2 * i + 1];
        im += xd[2 * i] * yd[2 * i + 1] - xd[2 * i + 1] * yd[2 * i];
    }
    return cplx{re, im};
}

// x <- c x - conj(s) y, y <- s x + c y (s real for float64)
inline void rotate(double *__restrict x, double *__restrict y, double c, double s, int64_t len) {
    int64_t i = 0;
#if ARRPY_FAC_AVX2
    const __m256d cv = _mm256_set1_pd(c), sv = _mm256_set1_pd(s);
    for (; i + 4 <= len; i += 4) {
        const __m256d xv = _mm256_loadu_pd(x + i), yv = _mm256_loadu_pd(y + i);
        _mm256_storeu_pd(x + i, _mm256_fnmadd_pd(sv, yv, _mm256_mul_pd(cv, xv)));
        _mm256_storeu_pd(y + i, _mm256_fmadd_pd(sv, xv, _mm256_mul_pd(cv, yv)));
    }
#endif
    for (; i < len; ++i) {
        const double xi = x[i], yi = y[i];
        x[i] = c * xi - s * yi;
        y[i] = s * xi + c * yi;
    }
}
inline void rotate(cplx *__restrict x, cplx *__restrict y, double c, cplx s, int64_t len) {
    double *xd = reinterpret_cast<double *>(x);
    double *yd = reinterpret_cast<double *>(y);
    const double sr = s.re, si = s.im;
    int64_t i = 0;
#if ARRPY_FAC_AVX2
    // conj(s) y = (sr yr + si yi, sr yi - si yr); s x = (sr xr - si xi, sr xi + si xr)
    const __m256d cv = _mm256_set1_pd(c), srv = _mm256_set1_pd(sr);
    const __m256d sin = _mm256_setr_pd(si, -si, si, -si);   // for conj(s) y's swapped part
    const __m256d sip = _mm256_setr_pd(-si, si, -si, si);   // for s x's swapped part
    for (; i + 2 <= len; i += 2) {
        const __m256d xv = _mm256_loadu_pd(xd + 2 * i), yv = _mm256_loadu_pd(yd + 2 * i);
        const __m256d xs = _mm256_permute_pd(xv, 0x5), ys = _mm256_permute_pd(yv, 0x5);
        const __m256d csy = _mm256_fmadd_pd(sin, ys, _mm256_mul_pd(srv, yv));
        const __m256d sx = _mm256_fmadd_pd(sip, xs, _mm256_mul_pd(srv, xv));
        _mm256_storeu_pd(xd + 2 * i, _mm256_sub_pd(_mm256_mul_pd(cv, xv), csy));
        _mm256_storeu_pd(yd + 2 * i, _mm256_fmadd_pd(cv, yv, sx));
    }
#endif
    for (; i < len; ++i) {
        const double xr = xd[2 * i], xi = xd[2 * i + 1], yr = yd[2 * i], yi = yd[2 * i + 1];
        xd[2 * i] = c * xr - (sr * yr + si * yi);
        xd[2 * i + 1] = c * xi - (sr * yi - si * yr);
        yd[2 * i] = (sr * xr - si * xi) + c * yr;
        yd[2 * i + 1] = (sr * xi + si * xr) + c * yi;
    }
}

// rotate(x, y, c, s) and then return x^H z (the next pair's dot product) in the same pass.
inline double rotate_dot(double *__restrict x, double *__restrict y, const double *__restrict z,
                         double c, double s, int64_t len) {
    int64_t i = 0;
    double r = 0;
#if ARRPY_FAC_AVX2
    const __m256d cv = _mm256_set1_pd(c), sv = _mm256_set1_pd(s);
    __m256d acc = _mm256_setzero_pd();
    for (; i + 4 <= len; i += 4) {
        const __m256d xv = _mm256_loadu_pd(x + i), yv = _mm256_loadu_pd(y + i);
        const __m256d xn = _mm256_fnmadd_pd(sv, yv, _mm256_mul_pd(cv, xv));
        _mm256_storeu_pd(x + i, xn);
        _mm256_storeu_pd(y + i, _mm256_fmadd_pd(sv, xv, _mm256_mul_pd(cv, yv)));
        acc = _mm256_fmadd_pd(xn, _mm256_loadu_pd(z + i), acc);
    }
    double t[4];
    _mm256_storeu_pd(t, acc);
    r = (t[0] + t[1]) + (t[2] + t[3]);
#endif
    for (; i < len; ++i) {
        const double xi = x[i], yi = y[i];
        x[i] = c * xi - s * yi;
        y[i] = s * xi + c * yi;
        r += x[i] * z[i];
    }
    return r;
}
inline cplx rotate_dot(cplx *__restrict x, cplx *__restrict y, const cplx *__restrict z,
                       double c, cplx s, int64_t len) {
    rotate(x, y, c, s, len);
    return dot(x, z, len);
}

inline double magnitude_of(double x) { return fabs(x); }
inline double magnitude_of(cplx x) { return hypot(x.re, x.im); }
inline double phase_scale(double gamma, double, double s) {  // s e^(i phi)
    return gamma >= 0 ? s : -s;
}
inline cplx phase_scale(cplx gamma, double size, double s) {
    return cplx{s * (gamma.re / size), s * (gamma.im / size)};
}

inline void scale_by(double *x, double f) { *x *= f; }
inline void scale_by(cplx *x, double f) {
    x->re *= f;
    x->im *= f;
}

template <class T>
inline void swap_mem(T *p, T *q, int64_t len) {
    for (int64_t c = 0; c < len; ++c) {
        const T t = p[c];
        p[c] = q[c];
        q[c] = t;
    }
}

// rotate(x, y, c, s) and then return z^H y (y rotated) in the same pass.
inline double rotate_dot_y(double *__restrict x, double *__restrict y, const double *__restrict z,
                           double c, double s, int64_t len) {
    int64_t i = 0;
    double r = 0;
#if ARRPY_FAC_AVX2
    const __m256d cv = _mm256_set1_pd(c), sv = _mm256_set1_pd(s);
    __m256d acc = _mm256_setzero_pd();
    for (; i + 4 <= len; i += 4) {
        const __m256d xv = _mm256_loadu_pd(x + i), yv = _mm256_loadu_pd(y + i);
        const __m256d yn = _mm256_fmadd_pd(sv, xv, _mm256_mul_pd(cv, yv));
        _mm256_storeu_pd(x + i, _mm256_fnmadd_pd(sv, yv, _mm256_mul_pd(cv, xv)));
        _mm256_storeu_pd(y + i, yn);
        acc = _mm256_fmadd_pd(yn, _mm256_loadu_pd(z + i), acc);
    }
    double t[4];
    _mm256_storeu_pd(t, acc);
    r = (t[0] + t[1]) + (t[2] + t[3]);
#endif
    for (; i < len; ++i) {
        const double xi = x[i], yi = y[i];
        x[i] = c * xi - s * yi;
        y[i] = s * xi + c * yi;
        r += y[i] * z[i];
    }
    return r;
}
inline cplx rotate_dot_y(cplx *__restrict x, cplx *__restrict y, const cplx *__restrict z,
                         double c, cplx s, int64_t len) {
    rotate(x, y, c, s, len);
    return dot(z, y, len);
}

// The rotation of the pair (i, j), rows wi and wj of w (and vi, vj of v unless null), with
// squared norms *ni, *nj and gamma = wi^H wj, if the pair is not orthogonal to working
// precision (then returns true). z: the row of the next pair, or null; its dot product comes
// out in *next: wi^H z (z_side 0) or z^H wj (z_side 1), with the rotated rows.
template <class T>
inline bool pair_rotation(T *wi, T *wj, T *vi, T *vj, int64_t big, int64_t k, double *ni,
                          double *nj, T gamma, double tol, const T *z, int z_side, T *next) {
    const double alpha = *ni, beta = *nj;
    const double size = magnitude_of(gamma);
    if (!(size > tol * sqrt(alpha) * sqrt(beta))) return false;
    const double zeta = (beta - alpha) / (2.0 * size);
    const double az = fabs(zeta);  // sqrt(1 + zeta^2) without overflow (hypot is slow)
    const double root = az < 1e150 ? sqrt(1.0 + az * az) : az;
    const double t = copysign(1.0 / (az + root), zeta);
    const double c = 1.0 / sqrt(1.0 + t * t);
    const T sp = phase_scale(gamma, size, c * t);
    if (!z)
        rotate(wi, wj, c, sp, big);
    else if (z_side == 0)
        *next = rotate_dot(wi, wj, z, c, sp, big);
    else
        *next = rotate_dot_y(wi, wj, z, c, sp, big);
    if (vi) rotate(vi, vj, c, sp, k);
    const double new_i = alpha - t * size, new_j = beta + t * size;
    *ni = new_i > 0.25 * alpha ? new_i : norm2(wi, big);
    *nj = new_j > 0.25 * beta ? new_j : norm2(wj, big);
    return true;
}

// One-sided Jacobi on the k rows of w (length big), the same rotations on v's rows (length k)
// if v != nullptr. norms: k squared row norms out. Returns info.
// The python backend's row-cyclic sweep, blocked for the cache: the rows go in blocks of
// BLOCK; de Rijk's pivot is chosen for each row of the block first, then the pairs inside the
// block (row-cyclic), then every row below against each row of the block (so a row below is
// loaded once per block, not once per row). The same pairs, the same test, another order.
template <class T>
int64_t jacobi(T *w, T *v, int64_t k, int64_t big, double *norms) {
    const int64_t BLOCK = 16;
    const double tol = 2.220446049250313e-16 * double(k > 1 ? k : 1);
    T next;
    set_zero(&next);
    for (int sweep = 0; sweep < MAX_SWEEPS; ++sweep) {
        bool rotated = false;
        for (int64_t i = 0; i < k; ++i) norms[i] = norm2(w + i * big, big);
        for (int64_t i0 = 0; i0 + 1 < k; i0 += BLOCK) {
            const int64_t i1 = min64(k, i0 + BLOCK);
            for (int64_t i = i0; i < i1; ++i) {  // de Rijk: the largest remaining row first
                int64_t p = i;
                for (int64_t l = i + 1; l < k; ++l)
                    if (norms[l] > norms[p]) p = l;
                if (p != i) {
                    swap_mem(w + i * big, w + p * big, big);
                    if (v) swap_mem(v + i * k, v + p * k, k);
                    const double t = norms[i];
                    norms[i] = norms[p];
                    norms[p] = t;
                }
            }
            for (int64_t i = i0; i + 1 < i1; ++i) {  // inside the block
                T *wi = w + i * big;
                bool have_next = false;  // the previous rotation computed this pair's dot
                for (int64_t j = i + 1; j < i1; ++j) {
                    const bool known = have_next;
                    have_next = false;
                    if (norms[i] < TINY || norms[j] < TINY) continue;  // a zero column
                    T *wj = w + j * big;
                    const T gamma = known ? next : dot(wi, wj, big);
                    const T *z = j + 1 < i1 ? wj + big : nullptr;
                    if (pair_rotation(wi, wj, v ? v + i * k : nullptr, v ? v + j * k : nullptr,
                                      big, k, norms + i, norms + j, gamma, tol, z, 0, &next)) {
                        rotated = true;
                        have_next = z != nullptr;
                    }
                }
            }
            for (int64_t j = i1; j < k; ++j) {  // the rows below against the block's
                T *wj = w + j * big;
                bool have_next = false;
                for (int64_t i = i0; i < i1; ++i) {
                    const bool known = have_next;
                    have_next = false;
                    if (norms[i] < TINY || norms[j] < TINY) continue;
                    T *wi = w + i * big;
                    const T gamma = known ? next : dot(wi, wj, big);
                    const T *z = i + 1 < i1 ? wi + big : nullptr;
                    if (pair_rotation(wi, wj, v ? v + i * k : nullptr, v ? v + j * k : nullptr,
                                      big, k, norms + i, norms + j, gamma, tol, z, 1, &next)) {
                        rotated = true;
                        have_next = z != nullptr;
                    }
                }
            }
        }
        if (!rotated) return 0;
    }
    return 1;
}

inline double scaled(double x, int e) { return ldexp(x, e); }
inline cplx scaled(cplx x, int e) { return cplx{ldexp(x.re, e), ldexp(x.im, e)}; }

inline double add(double x, double y) { return x + y; }
inline cplx add(cplx x, cplx y) { return cplx{x.re + y.re, x.im + y.im}; }
inline double times(double x, double f) { return x * f; }
inline cplx times(cplx x, double f) { return cplx{x.re * f, x.im * f}; }

// rows: r orthonormal rows (length big) at the start of a total x big buffer; fills rows
// r .. total-1 with Q's columns r .. total-1 for the Householder QR of rows^T (python svd.py
// _complete): H_j = I - f_j v_j v_j^H, Q e_p = H_0 (H_1 (... H_{r-1} e_p)).
// work: x (r x big elements, holds the v_j) and factors (r doubles).
template <class T>
void complete(T *rows, int64_t r, int64_t total, int64_t big, T *x, double *factors) {
    if (total <= r) return;
    if (r > 0) memcpy(x, rows, sizeof(T) * r * big);
    for (int64_t j = 0; j < r; ++j) {
        T *vj = x + j * big + j;  // v_j, entries j .. big-1 (zero above)
        const int64_t len = big - j;
        const double norm = sqrt(norm2(vj, len));
        const double size = magnitude_of(vj[0]);
        T phase;
        set_real(&phase, 1.0);
        if (size > 0) phase = phase_scale(vj[0], size, 1.0);
        vj[0] = add(vj[0], times(phase, norm));  // v = x - beta e_j, beta = -phase * norm
        const double scale = norm2(vj, len);
        factors[j] = scale > 0 ? 2.0 / scale : 0.0;
        if (factors[j] == 0) continue;
        for (int64_t l = j + 1; l < r; ++l) {
            T *xl = x + l * big + j;
            axpy_sub(xl, vj, times(dot(vj, xl, len), factors[j]), len);
        }
    }
    for (int64_t p = r; p < total; ++p) {
        T *e = rows + p * big;
        for (int64_t c = 0; c < big; ++c) set_zero(e + c);
        set_real(e + p, 1.0);
        for (int64_t j = r - 1; j >= 0; --j) {
            if (factors[j] == 0) continue;
            const T *vj = x + j * big + j;
            const int64_t len = big - j;
            axpy_sub(e + j, vj, times(dot(vj, e + j, len), factors[j]), len);
        }
    }
}

}  // namespace svd_detail

// s: min(m, n) descending singular values; u: m x ucols and vt: vtrows x n, or both nullptr.
// Returns info.
template <class T>
int64_t svd_matrix(T *a, int64_t m, int64_t n, double *s, T *u, int64_t ucols, T *vt,
                   int64_t vtrows, int nthreads) {
    using namespace svd_detail;
    (void)nthreads;
    const int64_t k = min64(m, n), big = m < n ? n : m;
    const bool swap = m < n, vectors = u != nullptr;
    // nan / inf: no iteration at all
    double largest = 0;
    bool finite = true;
    {
        const double *ad = reinterpret_cast<const double *>(a);
        const int64_t len = m * n * int64_t(sizeof(T) / sizeof(double));
        for (int64_t i = 0; i < len; ++i) {
            const double x = fabs(ad[i]);
            if (!(x <= 1.7976931348623157e308)) finite = false;
            if (x > largest) largest = x;
        }
    }
    if (!finite) {
        for (int64_t i = 0; i < k; ++i) s[i] = NAN;
        if (vectors) {
            double *ud = reinterpret_cast<double *>(u), *vd = reinterpret_cast<double *>(vt);
            const int64_t per = int64_t(sizeof(T) / sizeof(double));
            for (int64_t i = 0; i < m * ucols * per; ++i) ud[i] = NAN;
            for (int64_t i = 0; i < vtrows * n * per; ++i) vd[i] = NAN;
        }
        return 1;
    }
    int exponent = 0;
    if (largest > 0) frexp(largest, &exponent);
    const int64_t prows = !vectors ? 0 : (swap ? vtrows : ucols);  // rows of P (U_B^T, completed)
    // workspace: w (k x big), v (k x k), p (prows x big), x (k x big), norms, factors, order
    const int64_t welems = k * big + (vectors ? k * k + prows * big + k * big : 0);
    T *w = static_cast<T *>(malloc(sizeof(T) * welems + sizeof(double) * 2 * k +
                                   sizeof(int64_t) * k));
    if (!w) return 1;
    T *v = vectors ? w + k * big : nullptr;
    T *p = vectors ? v + k * k : nullptr;
    T *x = vectors ? p + prows * big : nullptr;
    double *norms = reinterpret_cast<double *>(w + welems);
    double *factors = norms + k;
    int64_t *order = reinterpret_cast<int64_t *>(factors + k);
    // W = B^T: B = A (rows of W = columns of A) or B = A^H (rows of W = conj rows of A)
    // (scaled by 2^-exponent with ldexp: 2^-exponent itself may overflow for subnormal input)
    if (swap) {
        for (int64_t i = 0; i < m * n; ++i) w[i] = scaled(conj_of(a[i]), -exponent);
    } else {
        for (int64_t r = 0; r < m; ++r)
            for (int64_t c = 0; c < n; ++c) w[c * m + r] = scaled(a[r * n + c], -exponent);
    }
    if (vectors)
        for (int64_t r = 0; r < k; ++r)
            for (int64_t c = 0; c < k; ++c) {
                set_zero(v + r * k + c);
                if (r == c) set_real(v + r * k + c, 1.0);
            }
    const int64_t info = jacobi(w, v, k, big, norms);
    // stable descending order (insertion sort; the pivoting leaves it nearly sorted)
    for (int64_t i = 0; i < k; ++i) {
        int64_t j = i;
        while (j > 0 && norms[order[j - 1]] < norms[i]) {
            order[j] = order[j - 1];
            --j;
        }
        order[j] = i;
    }
    for (int64_t i = 0; i < k; ++i) s[i] = ldexp(sqrt(norms[order[i]]), exponent);
    if (vectors) {
        int64_t r = 0;
        for (; r < k; ++r) {
            const int64_t i = order[r];
            if (norms[i] < TINY) break;
            const double inverse = 1.0 / sqrt(norms[i]);
            const T *src = w + i * big;
            T *dst = p + r * big;
            for (int64_t c = 0; c < big; ++c) dst[c] = times(src[c], inverse);
        }
        complete(p, r, prows, big, x, factors);
        // P rows: U_B^T; V_B^T rows: v[order[i]]
        if (swap) {  // u = V_B (m x m), vt = U_B^H (vtrows x n)
            for (int64_t c = 0; c < ucols; ++c) {
                const T *src = v + order[c] * k;
                for (int64_t row = 0; row < m; ++row) u[row * ucols + c] = src[row];
            }
            for (int64_t i = 0; i < vtrows * n; ++i) vt[i] = conj_of(p[i]);
        } else {  // u = U_B (m x ucols), vt = V_B^H (n x n)
            for (int64_t c = 0; c < ucols; ++c) {
                const T *src = p + c * big;
                for (int64_t row = 0; row < m; ++row) u[row * ucols + c] = src[row];
            }
            for (int64_t i = 0; i < vtrows; ++i) {
                const T *src = v + order[i] * k;
                for (int64_t c = 0; c < n; ++c) vt[i * n + c] = conj_of(src[c]);
            }
        }
    }
    free(w);
    return info;
}
