"""Singular value decomposition in the python backend (abi.h ARRPY_SVD).

Stub: the algorithm is not written yet (the op is not in factorizations._SUPPORTED_OPS).
"""

__all__ = ["svd_matrix"]


def svd_matrix(a, m, n, vectors, ucols, vtrows):
    """SVD of the m x n matrix ``a`` (a list of m rows, may be overwritten): ``(s, u, vt, info)``
    with s the min(m, n) singular values, descending; u (m rows of ucols) and vt (vtrows rows of
    n) as lists of rows, or None unless ``vectors``; info 0, or > 0 if the iteration did not
    converge (abi.h ARRPY_SVD)."""
    raise NotImplementedError("python backend: svd")
