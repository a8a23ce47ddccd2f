# General eigen-decomposition (abi.h ARRPY_EIG), included by _kernels.pyx after the
# factorization helpers (fac_t, fac_mag, fac_div, fac_axpy, ...).
#
# Stub: not written yet (linalg_supported does not report the op).

cdef int64_t eig_matrix(fac_t *a, Py_ssize_t n, cdouble_t *w, cdouble_t *u,
                        int nthreads) noexcept nogil:
    """w: the n complex eigenvalues; u: complex eigenvectors as columns, or NULL. Returns
    info."""
    return 1
