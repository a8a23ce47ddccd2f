// General eigen-decomposition (abi.h ARRPY_EIG). Included by factor_impl.hpp inside its
// namespace, after the element helpers (cplx, mul, conj_mul, ...): the same rules apply (no
// library templates, no inline functions of shared headers).
//
// Stub: not written yet (the dispatcher does not report the op as supported).

// w: n complex eigenvalues; u: n x n complex eigenvectors as columns, or nullptr. Returns info.
template <class T>
int64_t eig_matrix(T *a, int64_t n, cplx *w, cplx *u, int nthreads) {
    (void)a, (void)n, (void)w, (void)u, (void)nthreads;
    return 1;
}
