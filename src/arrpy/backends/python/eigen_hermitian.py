"""Eigenvalues and eigenvectors of Hermitian matrices in the python backend (abi.h ARRPY_EIGH).

Stub: the algorithm is not written yet (the op is not in factorizations._SUPPORTED_OPS).
"""

__all__ = ["eigh_matrix"]


def eigh_matrix(a, n, vectors):
    """Eigen-decomposition of the n x n Hermitian matrix ``a`` (a list of rows, may be
    overwritten): ``(w, u, info)`` with w the ascending eigenvalues (floats), u the eigenvectors
    as the columns of a list of n rows (None unless ``vectors``) and info 0, or > 0 if the
    iteration did not converge."""
    raise NotImplementedError("python backend: eigh")
