// Singular value decomposition (abi.h ARRPY_SVD). Included by factor_impl.hpp inside its
// namespace, after the element helpers (cplx, mul, conj_mul, ...): the same rules apply (no
// library templates, no inline functions of shared headers).
//
// Stub: not written yet (the dispatcher does not report the op as supported).

// s: min(m, n) descending singular values; u: m x ucols and vt: vtrows x n, or both nullptr.
// Returns info.
template <class T>
int64_t svd_matrix(T *a, int64_t m, int64_t n, double *s, T *u, int64_t ucols, T *vt,
                   int64_t vtrows, int nthreads) {
    (void)a, (void)m, (void)n, (void)s, (void)u, (void)ucols, (void)vt, (void)vtrows,
        (void)nthreads;
    return 1;
}
