"""Householder QR of the python backend (abi.h ARRPY_QR and ARRPY_QR_Q).

Stub: the algorithm is not written yet (the op is not in factorizations._SUPPORTED_OPS).
"""

__all__ = ["qr_matrix", "qr_q_matrix"]


def qr_matrix(a, m, n):
    """Overwrite the m x n matrix ``a`` (a list of m rows) by its Householder QR factors (LAPACK
    geqrf, abi.h ARRPY_QR) and return the list of the min(m, n) reflector scalars tau."""
    raise NotImplementedError("python backend: qr")


def qr_q_matrix(a, tau, m, n, ucols):
    """The first ``ucols`` columns of Q = H_0 ... H_{k-1} from QR's ``a`` and ``tau``, as a list
    of m rows (abi.h ARRPY_QR_Q)."""
    raise NotImplementedError("python backend: qr_q")
