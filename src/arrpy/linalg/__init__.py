"""``arrpy.linalg``: NumPy's ``numpy.linalg`` namespace.

Products (``matmul``, ``multi_dot``, ``matrix_power``, ``vecdot``, ...) run on the ``matmul``
kernel of the selected backend; ``solve``, ``inv``, ``det``, ``slogdet``, ``cholesky``, the LU
factorization and the decompositions (``qr``, ``eigh``, ``eig``, ``svd``) on its factorization
kernels; ``lstsq``, ``pinv``, ``matrix_rank``, ``cond`` and the spectral norms on the SVD; the
other norms on the elementwise and reduction kernels.
The exception type is NumPy's own ``LinAlgError``, so ``except numpy.linalg.LinAlgError``
catches arrpy's too.

>>> import arrpy
>>> arrpy.linalg.matrix_power(arrpy.array([[1, 1], [1, 0]]), 10)
ArrPy([[89, 55],
       [55, 34]])
"""

from arrpy.linalg._decompositions import (
    EighResult,
    EigResult,
    QRResult,
    SVDResult,
    eig,
    eigh,
    eigvals,
    eigvalsh,
    qr,
    svd,
    svdvals,
)
from arrpy.linalg._least_squares import cond, lstsq, matrix_rank, pinv
from arrpy.linalg._norms import matrix_norm, norm, vector_norm
from arrpy.linalg._products import (
    LinAlgError,
    cross,
    diagonal,
    matmul,
    matrix_power,
    matrix_transpose,
    multi_dot,
    outer,
    tensordot,
    trace,
    vecdot,
)
from arrpy.linalg._solvers import (
    LUResult,
    SlogdetResult,
    cholesky,
    det,
    inv,
    lu,
    lu_factor,
    lu_solve,
    slogdet,
    solve,
)

__all__ = [
    "EigResult",
    "EighResult",
    "LUResult",
    "LinAlgError",
    "QRResult",
    "SVDResult",
    "SlogdetResult",
    "cholesky",
    "cond",
    "det",
    "eig",
    "eigh",
    "eigvals",
    "eigvalsh",
    "inv",
    "lstsq",
    "lu",
    "lu_factor",
    "lu_solve",
    "matrix_rank",
    "pinv",
    "qr",
    "slogdet",
    "solve",
    "svd",
    "svdvals",
    "cross",
    "diagonal",
    "matmul",
    "matrix_norm",
    "matrix_power",
    "matrix_transpose",
    "multi_dot",
    "norm",
    "outer",
    "tensordot",
    "trace",
    "vecdot",
    "vector_norm",
]
