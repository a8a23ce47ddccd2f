# Householder QR (abi.h ARRPY_QR, ARRPY_QR_Q), included by _kernels.pyx after the
# factorization helpers (fac_t, fac_mag, fac_div, fac_axpy, ...).
#
# Stub: not written yet (linalg_supported does not report the ops).

cdef void qr_matrix(fac_t *a, Py_ssize_t m, Py_ssize_t n, fac_t *tau,
                    int nthreads) noexcept nogil:
    pass


cdef void qr_q_matrix(const fac_t *a, Py_ssize_t m, Py_ssize_t n, const fac_t *tau, fac_t *q,
                      Py_ssize_t ucols, int nthreads) noexcept nogil:
    pass
