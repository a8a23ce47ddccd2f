# Singular value decomposition (abi.h ARRPY_SVD), included by _kernels.pyx after the
# factorization helpers (fac_t, fac_mag, fac_div, fac_axpy, ...).
#
# Stub: not written yet (linalg_supported does not report the op).

cdef int64_t svd_matrix(fac_t *a, Py_ssize_t m, Py_ssize_t n, double *s, fac_t *u,
                        Py_ssize_t ucols, fac_t *vt, Py_ssize_t vtrows,
                        int nthreads) noexcept nogil:
    """s: the min(m, n) descending singular values; u (m x ucols) and vt (vtrows x n), or both
    NULL. Returns info."""
    return 1
