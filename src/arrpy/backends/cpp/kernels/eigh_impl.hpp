// Hermitian eigen-decomposition (abi.h ARRPY_EIGH). Included by factor_impl.hpp inside its
// namespace, after the element helpers (cplx, mul, conj_mul, ...): the same rules apply (no
// library templates, no inline functions of shared headers).
//
// Stub: not written yet (the dispatcher does not report the op as supported).

// w: n ascending eigenvalues; u: n x n eigenvectors as columns, or nullptr. Returns info.
template <class T>
int64_t eigh_matrix(T *a, int64_t n, double *w, T *u, int nthreads) {
    (void)a, (void)n, (void)w, (void)u, (void)nthreads;
    return 1;
}
