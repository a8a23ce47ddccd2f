// Householder QR (abi.h ARRPY_QR, ARRPY_QR_Q). Included by factor_impl.hpp inside its namespace,
// after the element helpers (cplx, mul, conj_mul, ...): the same rules apply (no library
// templates, no inline functions of shared headers).
//
// Stub: not written yet (the dispatcher does not report the ops as supported).

template <class T>
void qr_matrix(T *a, int64_t m, int64_t n, T *tau, int nthreads) {
    (void)a, (void)m, (void)n, (void)tau, (void)nthreads;
}

template <class T>
void qr_q_matrix(const T *a, int64_t m, int64_t n, const T *tau, T *q, int64_t ucols,
                 int nthreads) {
    (void)a, (void)m, (void)n, (void)tau, (void)q, (void)ucols, (void)nthreads;
}
