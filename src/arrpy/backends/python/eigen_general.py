"""Eigenvalues and eigenvectors of general matrices in the python backend (abi.h ARRPY_EIG).

Stub: the algorithm is not written yet (the op is not in factorizations._SUPPORTED_OPS).
"""

__all__ = ["eig_matrix"]


def eig_matrix(a, n, vectors, is_complex):
    """Eigenvalues and right eigenvectors of the n x n matrix ``a`` (a list of rows of floats,
    or of complex numbers when ``is_complex``; may be overwritten): ``(w, u, info)`` with w the
    eigenvalues (complex numbers), u the eigenvectors as the columns of a list of n rows of
    complex numbers (None unless ``vectors``) and info 0, or > 0 if the iteration did not
    converge (abi.h ARRPY_EIG has the conventions)."""
    raise NotImplementedError("python backend: eig")
