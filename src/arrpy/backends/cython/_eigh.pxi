# Hermitian eigen-decomposition (abi.h ARRPY_EIGH), included by _kernels.pyx after the
# factorization helpers (fac_t, fac_mag, fac_div, fac_axpy, ...).
#
# Stub: not written yet (linalg_supported does not report the op).

cdef int64_t eigh_matrix(fac_t *a, Py_ssize_t n, double *w, fac_t *u,
                         int nthreads) noexcept nogil:
    """w: the n ascending eigenvalues; u: eigenvectors as columns, or NULL. Returns info."""
    return 1
