"""The compiled half of arrpy's front end.

Three things live here because they sit on the hot path of every operator call:

* the backend state (the ``ContextVar`` set by ``with arrpy.backend(...)`` and the process-wide
  choice of ``set_backend``), so an operator can find the current backend in a few nanoseconds;
* ``KernelTable``: a compiled backend's kernels as C function pointers (taken from the
  PyCapsules the backend exports, see ``backends/abi.h``), and the one generic call that turns
  ndarrays into (pointer, shape, byte strides) for them, broadcasting by zero strides;
* ``_ArrayBase``: the base type of ``arrpy.ArrPy``. It holds the wrapped ndarray and implements the
  arithmetic operators with a lean fast path for the common case (same dtype, same shape, both
  C-contiguous, or a float64 array with a Python float). Everything else goes to the Python front
  end in ``arrpy._ufunc``, which is the reference for the semantics; the fast path only takes
  cases where its answer is the same by construction.

No semantics are invented here: dtype resolution, error messages and the uncommon cases stay in
Python.
"""

cimport numpy as cnp
from cpython.contextvars cimport get_value
from cpython.long cimport PyLong_AsDouble, PyLong_AsLongLongAndOverflow
from cpython.pycapsule cimport PyCapsule_GetPointer
from libc.stdint cimport int64_t, intptr_t

import contextvars

import numpy as np

cnp.import_array()

from arrpy.backends.abi cimport *  # the ABI enums and function-pointer types

# Public constants for the Python side (names match abi.h without the prefix).
BINARY_OPS = {"add": ARRPY_ADD, "subtract": ARRPY_SUBTRACT,
              "multiply": ARRPY_MULTIPLY, "divide": ARRPY_DIVIDE,
              "bitwise_and": ARRPY_BITWISE_AND, "bitwise_or": ARRPY_BITWISE_OR,
              "bitwise_xor": ARRPY_BITWISE_XOR,
              "floor_divide": ARRPY_FLOOR_DIVIDE,
              "remainder": ARRPY_REMAINDER,
              "power": ARRPY_POWER,
              "maximum": ARRPY_MAXIMUM,
              "minimum": ARRPY_MINIMUM,
              "fmax": ARRPY_FMAX,
              "fmin": ARRPY_FMIN,
              "copysign": ARRPY_COPYSIGN,
              "hypot": ARRPY_HYPOT,
              "arctan2": ARRPY_ARCTAN2,
              "logaddexp": ARRPY_LOGADDEXP,
              "left_shift": ARRPY_LEFT_SHIFT,
              "right_shift": ARRPY_RIGHT_SHIFT}
UNARY_OPS = {
    "negative": ARRPY_NEGATIVE,
    "positive": ARRPY_POSITIVE,
    "absolute": ARRPY_ABSOLUTE,
    "reciprocal": ARRPY_RECIPROCAL,
    "square": ARRPY_SQUARE,
    "sqrt": ARRPY_SQRT,
    "cbrt": ARRPY_CBRT,
    "exp": ARRPY_EXP,
    "exp2": ARRPY_EXP2,
    "expm1": ARRPY_EXPM1,
    "log": ARRPY_LOG,
    "log2": ARRPY_LOG2,
    "log10": ARRPY_LOG10,
    "log1p": ARRPY_LOG1P,
    "sin": ARRPY_SIN,
    "cos": ARRPY_COS,
    "tan": ARRPY_TAN,
    "arcsin": ARRPY_ARCSIN,
    "arccos": ARRPY_ARCCOS,
    "arctan": ARRPY_ARCTAN,
    "sinh": ARRPY_SINH,
    "cosh": ARRPY_COSH,
    "tanh": ARRPY_TANH,
    "arcsinh": ARRPY_ARCSINH,
    "arccosh": ARRPY_ARCCOSH,
    "arctanh": ARRPY_ARCTANH,
    "deg2rad": ARRPY_DEG2RAD,
    "rad2deg": ARRPY_RAD2DEG,
    "floor": ARRPY_FLOOR,
    "ceil": ARRPY_CEIL,
    "trunc": ARRPY_TRUNC,
    "rint": ARRPY_RINT,
    "sign": ARRPY_SIGN,
    "conjugate": ARRPY_CONJUGATE,
    "invert": ARRPY_INVERT,
    "isnan": ARRPY_ISNAN,
    "isinf": ARRPY_ISINF,
    "isfinite": ARRPY_ISFINITE,
    "signbit": ARRPY_SIGNBIT,
    "logical_not": ARRPY_LOGICAL_NOT,
}
LINALG_OPS = {"lu_factor": ARRPY_LU_FACTOR, "lu_solve": ARRPY_LU_SOLVE,
              "cholesky": ARRPY_CHOLESKY, "qr": ARRPY_QR, "qr_q": ARRPY_QR_Q,
              "eigh": ARRPY_EIGH, "eig": ARRPY_EIG, "svd": ARRPY_SVD}
REDUCE_OPS = {"sum": ARRPY_SUM, "prod": ARRPY_PROD, "min": ARRPY_MIN, "max": ARRPY_MAX,
              "all": ARRPY_ALL, "any": ARRPY_ANY, "argmin": ARRPY_ARGMIN, "argmax": ARRPY_ARGMAX,
              "sumsqdev": ARRPY_SUMSQDEV}
# Scans (abi.h arrpy_scan_op)
SCAN_OPS = {"cumsum": ARRPY_CUMSUM, "cumprod": ARRPY_CUMPROD}
DTYPE_CODES = {"bool": ARRPY_BOOL, "int8": ARRPY_INT8, "uint8": ARRPY_UINT8,
               "int16": ARRPY_INT16, "uint16": ARRPY_UINT16, "int32": ARRPY_INT32,
               "uint32": ARRPY_UINT32, "int64": ARRPY_INT64, "uint64": ARRPY_UINT64,
               "float32": ARRPY_FLOAT32, "float64": ARRPY_FLOAT64,
               "complex64": ARRPY_COMPLEX64, "complex128": ARRPY_COMPLEX128}
# stats (issue 4): the counting and searching kernels (abi.h arrpy_counting_op).
COUNTING_OPS = {"bincount": ARRPY_BINCOUNT, "searchsorted": ARRPY_SEARCHSORTED,
                "histogram": ARRPY_HISTOGRAM}

# Below this many elements a kernel runs with the GIL held: releasing and re-taking it costs more
# than the loop itself.
cdef int64_t GIL_RELEASE_MIN_SIZE = 1 << 14
cdef int MAX_DIMS = 64

# NumPy type number -> arrpy dtype code (-1: not an arrpy dtype). NumPy has two type numbers for
# 64-bit integers on LP64 platforms (long and long long); both map to int64.
cdef int _CODE_BY_TYPENUM[32]
# arrpy dtype code -> NumPy type number (for allocating a result of a given code).
cdef int _TYPENUM_BY_CODE[ARRPY_NUM_DTYPES]


cdef void _fill_code_table() noexcept:
    cdef int i
    for i in range(32):
        _CODE_BY_TYPENUM[i] = -1
    _CODE_BY_TYPENUM[<int>cnp.NPY_BOOL] = ARRPY_BOOL
    _CODE_BY_TYPENUM[<int>cnp.NPY_BYTE] = ARRPY_INT8
    _CODE_BY_TYPENUM[<int>cnp.NPY_UBYTE] = ARRPY_UINT8
    _CODE_BY_TYPENUM[<int>cnp.NPY_SHORT] = ARRPY_INT16
    _CODE_BY_TYPENUM[<int>cnp.NPY_USHORT] = ARRPY_UINT16
    _CODE_BY_TYPENUM[<int>cnp.NPY_INT] = ARRPY_INT32
    _CODE_BY_TYPENUM[<int>cnp.NPY_UINT] = ARRPY_UINT32
    _CODE_BY_TYPENUM[<int>cnp.NPY_LONG] = ARRPY_INT64 if sizeof(long) == 8 else ARRPY_INT32
    _CODE_BY_TYPENUM[<int>cnp.NPY_ULONG] = ARRPY_UINT64 if sizeof(long) == 8 else ARRPY_UINT32
    _CODE_BY_TYPENUM[<int>cnp.NPY_LONGLONG] = ARRPY_INT64
    _CODE_BY_TYPENUM[<int>cnp.NPY_ULONGLONG] = ARRPY_UINT64
    _CODE_BY_TYPENUM[<int>cnp.NPY_FLOAT] = ARRPY_FLOAT32
    _CODE_BY_TYPENUM[<int>cnp.NPY_DOUBLE] = ARRPY_FLOAT64
    _CODE_BY_TYPENUM[<int>cnp.NPY_CFLOAT] = ARRPY_COMPLEX64
    _CODE_BY_TYPENUM[<int>cnp.NPY_CDOUBLE] = ARRPY_COMPLEX128
    for i in range(ARRPY_NUM_DTYPES):
        _TYPENUM_BY_CODE[i] = -1
    for i in range(32):
        if _CODE_BY_TYPENUM[i] >= 0 and _TYPENUM_BY_CODE[_CODE_BY_TYPENUM[i]] < 0:
            _TYPENUM_BY_CODE[_CODE_BY_TYPENUM[i]] = i


_fill_code_table()


cdef inline int _array_code(cnp.ndarray x) noexcept:
    """arrpy dtype code of a native-byte-order array, else -1."""
    cdef int typenum = cnp.PyArray_TYPE(x)
    if typenum < 0 or typenum >= 32 or cnp.PyArray_ISBYTESWAPPED(x):
        return -1
    return _CODE_BY_TYPENUM[typenum]


def dtype_code(cnp.ndarray x):
    """Return the arrpy dtype code of ``x`` (see ``DTYPE_CODES``), or -1 if it has none."""
    return _array_code(x)


# ---------------------------------------------------------------------------------------------
# Backend state
# ---------------------------------------------------------------------------------------------

# The innermost ``with arrpy.backend(...)`` (per thread and per async task), else None.
backend_context = contextvars.ContextVar("arrpy_backend", default=None)
cdef object _backend_context = backend_context
# ``set_backend`` / ARRPY_BACKEND / the default; a plain str.
cdef str _global_backend = "c"
# backend name -> KernelTable, for the compiled backends that loaded.
cdef dict _tables = {}


def set_global_backend(str name):
    """Set the process-wide backend name (validated by ``arrpy._config``)."""
    global _global_backend
    _global_backend = name


def current_backend_name():
    """Name of the backend in effect: the innermost context, else the process-wide choice."""
    cdef object name = get_value(_backend_context, None)
    return _global_backend if name is None else name


cdef inline KernelTable _current_table():
    cdef object name = get_value(_backend_context, None)
    if name is None:
        name = _global_backend
    return <KernelTable>_tables.get(name)


def register_kernel_table(KernelTable table):
    """Make ``table`` the kernels of backend ``table.name`` (used for the operator fast path)."""
    _tables[table.name] = table


cdef void *_pointer(object capsule, const char *name) except? NULL:
    """The function pointer in a capsule named ``name``, or NULL when the capsule is None."""
    if capsule is None:
        return NULL
    return PyCapsule_GetPointer(capsule, name)


cdef class KernelTable:
    """The kernels of one compiled backend, as C function pointers.

    Parameters
    ----------
    name : str
        Backend name (``"c"`` or ``"cython"``).
    binary_nd, binary_supported : PyCapsule
        Capsules named ``"arrpy.binary_nd"`` and ``"arrpy.binary_supported"`` (see ``abi.h``).
    compare_nd, compare_supported : PyCapsule
        Capsules named ``"arrpy.compare_nd"`` and ``"arrpy.compare_supported"``.
    unary_nd, unary_supported : PyCapsule
        Capsules named ``"arrpy.unary_nd"`` and ``"arrpy.unary_supported"``.
    reduce_nd, reduce_supported, matmul_nd, matmul_supported : PyCapsule, optional
        The reduction and matrix-product kernels (``"arrpy.reduce_nd"``, ...).
    linalg_nd, linalg_supported : PyCapsule, optional
        The factorizations (``"arrpy.linalg_nd"``, ``"arrpy.linalg_supported"``).
    scan_nd, scan_supported : PyCapsule, optional
        The scan kernels (``"arrpy.scan_nd"`` and ``"arrpy.scan_supported"``).
    """

    cdef arrpy_binary_nd_fn _binary_nd
    cdef arrpy_binary_supported_fn _binary_supported
    cdef arrpy_compare_nd_fn _compare_nd
    cdef arrpy_compare_supported_fn _compare_supported
    cdef arrpy_unary_nd_fn _unary_nd
    cdef arrpy_unary_supported_fn _unary_supported
    cdef arrpy_reduce_nd_fn _reduce_nd
    cdef arrpy_reduce_supported_fn _reduce_supported
    cdef arrpy_matmul_nd_fn _matmul_nd
    cdef arrpy_matmul_supported_fn _matmul_supported
    cdef arrpy_linalg_nd_fn _linalg_nd
    cdef arrpy_linalg_supported_fn _linalg_supported
    cdef arrpy_scan_nd_fn _scan_nd
    cdef arrpy_scan_supported_fn _scan_supported
    cdef arrpy_partition_nd_fn _partition_nd  # selection (partition_nd)
    cdef arrpy_partition_supported_fn _partition_supported
    cdef readonly str name
    # stats (issue 4): counting and searching
    cdef arrpy_bincount_fn _bincount
    cdef arrpy_searchsorted_fn _searchsorted
    cdef arrpy_histogram_fn _histogram
    cdef arrpy_counting_supported_fn _counting_supported

    def __init__(self, str name, object binary_nd, object binary_supported,
                 object compare_nd, object compare_supported,
                 object unary_nd, object unary_supported,
                 object reduce_nd=None, object reduce_supported=None,
                 object matmul_nd=None, object matmul_supported=None,
                 object linalg_nd=None, object linalg_supported=None,
                 object bincount=None, object searchsorted=None, object histogram=None,
                 object counting_supported=None,
                 object scan_nd=None, object scan_supported=None,
                 object partition_nd=None, object partition_supported=None):
        self.name = name
        self._binary_nd = <arrpy_binary_nd_fn>PyCapsule_GetPointer(binary_nd, b"arrpy.binary_nd")
        self._binary_supported = <arrpy_binary_supported_fn>PyCapsule_GetPointer(
            binary_supported, b"arrpy.binary_supported")
        self._compare_nd = <arrpy_compare_nd_fn>PyCapsule_GetPointer(
            compare_nd, b"arrpy.compare_nd")
        self._compare_supported = <arrpy_compare_supported_fn>PyCapsule_GetPointer(
            compare_supported, b"arrpy.compare_supported")
        self._unary_nd = <arrpy_unary_nd_fn>PyCapsule_GetPointer(unary_nd, b"arrpy.unary_nd")
        self._unary_supported = <arrpy_unary_supported_fn>PyCapsule_GetPointer(
            unary_supported, b"arrpy.unary_supported")
        # The other families are optional keywords: a table without one has none of its kernels.
        self._reduce_nd = <arrpy_reduce_nd_fn>_pointer(reduce_nd, b"arrpy.reduce_nd")
        self._reduce_supported = <arrpy_reduce_supported_fn>_pointer(
            reduce_supported, b"arrpy.reduce_supported")
        self._matmul_nd = <arrpy_matmul_nd_fn>_pointer(matmul_nd, b"arrpy.matmul_nd")
        self._matmul_supported = <arrpy_matmul_supported_fn>_pointer(
            matmul_supported, b"arrpy.matmul_supported")
        self._linalg_nd = <arrpy_linalg_nd_fn>_pointer(linalg_nd, b"arrpy.linalg_nd")
        self._linalg_supported = <arrpy_linalg_supported_fn>_pointer(
            linalg_supported, b"arrpy.linalg_supported")
        self._bincount = <arrpy_bincount_fn>_pointer(bincount, b"arrpy.bincount")
        self._searchsorted = <arrpy_searchsorted_fn>_pointer(searchsorted, b"arrpy.searchsorted")
        self._histogram = <arrpy_histogram_fn>_pointer(histogram, b"arrpy.histogram")
        self._counting_supported = <arrpy_counting_supported_fn>_pointer(
            counting_supported, b"arrpy.counting_supported")
        self._scan_nd = <arrpy_scan_nd_fn>_pointer(scan_nd, b"arrpy.scan_nd")
        self._scan_supported = <arrpy_scan_supported_fn>_pointer(
            scan_supported, b"arrpy.scan_supported")
        self._partition_nd = <arrpy_partition_nd_fn>_pointer(partition_nd, b"arrpy.partition_nd")
        self._partition_supported = <arrpy_partition_supported_fn>_pointer(
            partition_supported, b"arrpy.partition_supported")

    def supports_binary(self, int op, int dtype):
        """True if the backend has an arithmetic kernel for (op, dtype) codes."""
        return bool(self._binary_supported(op, dtype))

    def supports_compare(self, int op, int dtype):
        """True if the backend has a comparison kernel for (op, dtype) codes."""
        return bool(self._compare_supported(op, dtype))

    def supports_unary(self, int op, int dtype):
        """True if the backend has a unary kernel for (op, dtype) codes."""
        return bool(self._unary_supported(op, dtype))

    def binary(self, int op, cnp.ndarray x1, cnp.ndarray x2, cnp.ndarray out):
        """Run ``out = x1 OP x2`` (arithmetic: ``out`` has the operands' dtype).

        ``x1`` and ``x2`` must have ``out``'s dtype (native byte order, aligned) and shapes that
        broadcast to ``out.shape`` (the front end has checked this; it is checked again here
        because a mistake would read out of bounds). Returns the kernel's status flags.
        """
        cdef int code = _check_operands("binary", x1, x2, out, _array_code(out))
        if not self._binary_supported(op, code):
            raise NotImplementedError(
                f"backend {self.name!r} has no kernel for binary op {op} on {out.dtype}")
        return _run(self._binary_nd, op, code, x1, x2, out)

    def compare(self, int op, cnp.ndarray x1, cnp.ndarray x2, cnp.ndarray out):
        """Run ``out = x1 OP x2`` for a comparison: ``out`` is bool, x1 and x2 share a dtype."""
        if _array_code(out) != ARRPY_BOOL:
            raise TypeError(f"kernel call: a comparison writes bool, not {out.dtype}")
        cdef int code = _check_operands("compare", x1, x2, out, _array_code(x1))
        if not self._compare_supported(op, code):
            raise NotImplementedError(
                f"backend {self.name!r} has no kernel for comparison {op} on {x1.dtype}")
        return _run(self._compare_nd, op, code, x1, x2, out)

    def supports_reduce(self, int op, int in_dtype, int out_dtype):
        """True if the backend has a reduction kernel for (op, in dtype, out dtype) codes."""
        return self._reduce_supported != NULL and bool(
            self._reduce_supported(op, in_dtype, out_dtype))

    def reduce(self, int op, cnp.ndarray x, cnp.ndarray out):
        """Reduce ``x`` along its last axis into ``out`` (shape ``x.shape[:-1]``)."""
        cdef int code = _array_code(x)
        cdef int out_code = _array_code(out)
        if cnp.PyArray_NDIM(x) < 1 or cnp.PyArray_NDIM(out) != cnp.PyArray_NDIM(x) - 1:
            raise ValueError("kernel call (reduce): out must have x's shape without its last axis")
        if code < 0 or out_code < 0 or not self.supports_reduce(op, code, out_code):
            raise NotImplementedError(
                f"backend {self.name!r} has no reduction {op} from {x.dtype} to {out.dtype}")
        if not (cnp.PyArray_ISALIGNED(x) and cnp.PyArray_ISALIGNED(out)):
            raise ValueError("kernel call: operands must be aligned")
        if not cnp.PyArray_ISWRITEABLE(out):
            raise ValueError("output array is read-only")
        cdef int ndim = cnp.PyArray_NDIM(out)
        cdef int64_t shape[64]
        cdef int64_t sa[64]
        cdef int64_t so[64]
        cdef int i, status
        for i in range(ndim):
            shape[i] = cnp.PyArray_DIM(out, i)
            if shape[i] != cnp.PyArray_DIM(x, i):
                raise ValueError("kernel call (reduce): out must have x's shape without its last axis")
            sa[i] = cnp.PyArray_STRIDE(x, i)
            so[i] = cnp.PyArray_STRIDE(out, i)
        cdef int64_t n = cnp.PyArray_DIM(x, ndim)
        cdef int64_t stride = cnp.PyArray_STRIDE(x, ndim)
        cdef const char *px = <const char *>cnp.PyArray_DATA(x)
        cdef char *po = <char *>cnp.PyArray_DATA(out)
        if cnp.PyArray_SIZE(x) >= GIL_RELEASE_MIN_SIZE:
            with nogil:
                status = self._reduce_nd(op, code, out_code, ndim, shape, px, sa, n, stride, po, so)
        else:
            status = self._reduce_nd(op, code, out_code, ndim, shape, px, sa, n, stride, po, so)
        return status

    def supports_matmul(self, int dtype):
        """True if the backend has a matrix-product kernel for dtype code ``dtype``."""
        return self._matmul_supported != NULL and bool(self._matmul_supported(dtype))

    def matmul(self, cnp.ndarray a, cnp.ndarray b, cnp.ndarray out):
        """``out[..., r, c] = sum_p a[..., r, p] * b[..., p, c]`` (the batch axes broadcast).

        ``a`` (..., m, k), ``b`` (..., k, n) and ``out`` (..., m, n) share one dtype; the batch
        axes of ``a`` and ``b`` broadcast to those of ``out``. The front end checks shapes and
        allocates ``out`` apart from ``a`` and ``b``; they are checked again here because a
        mistake would read or write out of bounds.
        """
        cdef int code = _array_code(out)
        if code < 0 or _array_code(a) != code or _array_code(b) != code:
            raise TypeError(
                f"kernel call (matmul): operands must share one supported dtype, got {a.dtype}, "
                f"{b.dtype} -> {out.dtype}")
        if not self.supports_matmul(code):
            raise NotImplementedError(
                f"backend {self.name!r} has no matmul kernel for {out.dtype}")
        if not (cnp.PyArray_ISALIGNED(a) and cnp.PyArray_ISALIGNED(b)
                and cnp.PyArray_ISALIGNED(out)):
            raise ValueError("kernel call: operands must be aligned")
        if not cnp.PyArray_ISWRITEABLE(out):
            raise ValueError("output array is read-only")
        cdef int ndim = cnp.PyArray_NDIM(out)
        if ndim < 2 or cnp.PyArray_NDIM(a) != ndim or cnp.PyArray_NDIM(b) != ndim:
            raise ValueError("kernel call (matmul): a, b and out must have the same ndim >= 2")
        cdef int batch = ndim - 2
        cdef int64_t m = cnp.PyArray_DIM(out, batch)
        cdef int64_t n = cnp.PyArray_DIM(out, batch + 1)
        cdef int64_t k = cnp.PyArray_DIM(a, batch + 1)
        if (cnp.PyArray_DIM(a, batch) != m or cnp.PyArray_DIM(b, batch) != k
                or cnp.PyArray_DIM(b, batch + 1) != n):
            raise ValueError(
                f"kernel call (matmul): shapes {(<object>a).shape} @ {(<object>b).shape} -> "
                f"{(<object>out).shape} do not match")
        cdef int64_t shape[64]
        cdef int64_t sa[64]
        cdef int64_t sb[64]
        cdef int64_t so[64]
        cdef int i, status
        for i in range(batch):
            shape[i] = cnp.PyArray_DIM(out, i)
            so[i] = cnp.PyArray_STRIDE(out, i)
            sa[i] = _batch_stride(a, i, shape[i])
            sb[i] = _batch_stride(b, i, shape[i])
        cdef const char *pa = <const char *>cnp.PyArray_DATA(a)
        cdef const char *pb = <const char *>cnp.PyArray_DATA(b)
        cdef char *po = <char *>cnp.PyArray_DATA(out)
        cdef int64_t a_rs = cnp.PyArray_STRIDE(a, batch)
        cdef int64_t a_cs = cnp.PyArray_STRIDE(a, batch + 1)
        cdef int64_t b_rs = cnp.PyArray_STRIDE(b, batch)
        cdef int64_t b_cs = cnp.PyArray_STRIDE(b, batch + 1)
        cdef int64_t o_rs = cnp.PyArray_STRIDE(out, batch)
        cdef int64_t o_cs = cnp.PyArray_STRIDE(out, batch + 1)
        with nogil:
            status = self._matmul_nd(code, batch, shape, m, n, k, pa, sa, a_rs, a_cs,
                                     pb, sb, b_rs, b_cs, po, so, o_rs, o_cs)
        return status

    def supports_linalg(self, int op, int dtype):
        """True if the backend has factorization ``op`` (abi.h arrpy_linalg_op) for ``dtype``."""
        return self._linalg_supported != NULL and bool(self._linalg_supported(op, dtype))

    def linalg(self, int op, cnp.ndarray a, object b=None, object pivots=None,
               object info=None, object tau=None, object w=None, object u=None,
               object vt=None):
        """Run factorization, solve or decomposition ``op`` on the batch ``a``, in place.

        ``a`` is (count, n, n), or (count, m, n) for QR, QR_Q and SVD. The other arrays are
        ndarrays or None, as the op needs them (abi.h ``arrpy_linalg_args``): ``b`` (count, n,
        nrhs), ``pivots`` (count, n) int64, ``info`` (count,) int64, ``tau`` (count, min(m, n)),
        ``w`` (count, n) or (count, min(m, n)), ``u`` (count, m, ucols), ``vt`` (count, vtrows,
        n). Everything must be C-contiguous: the front end passes its own working copies.
        Returns the status.
        """
        cdef int code = _array_code(a)
        if code < 0 or not self.supports_linalg(op, code):
            raise NotImplementedError(
                f"backend {self.name!r} has no linalg op {op} for {a.dtype}")
        rectangular = op in (ARRPY_QR, ARRPY_QR_Q, ARRPY_SVD)
        if cnp.PyArray_NDIM(a) != 3 or (
                not rectangular and cnp.PyArray_DIM(a, 1) != cnp.PyArray_DIM(a, 2)):
            raise ValueError("kernel call (linalg): a must be a batch of square matrices")
        cdef arrpy_linalg_args args
        args.count = cnp.PyArray_DIM(a, 0)
        args.m = cnp.PyArray_DIM(a, 1)
        args.n = cnp.PyArray_DIM(a, 2)
        cdef int64_t k = min(args.m, args.n)
        args.nrhs = 0
        args.ucols = 0
        args.vtrows = 0
        args.a = <char *>_contiguous_data(a, a.dtype, (args.count, args.m, args.n), "a")
        args.b = args.tau = args.w = args.u = args.vt = NULL
        args.pivots = args.info = NULL
        if b is not None:
            args.nrhs = (<cnp.ndarray>b).shape[2] if (<cnp.ndarray>b).ndim == 3 else -1
            args.b = <char *>_contiguous_data(b, a.dtype, (args.count, args.n, args.nrhs), "b")
        if pivots is not None:
            args.pivots = <int64_t *>_contiguous_data(
                pivots, _INT64_DTYPE, (args.count, args.n), "pivots")
        if info is not None:
            args.info = <int64_t *>_contiguous_data(info, _INT64_DTYPE, (args.count,), "info")
        if tau is not None:
            args.tau = <char *>_contiguous_data(tau, a.dtype, (args.count, k), "tau")
        if w is not None:
            args.w = <char *>_contiguous_data(
                w, _COMPLEX128_DTYPE if op == ARRPY_EIG else _FLOAT64_DTYPE,
                (args.count, k), "w")
        if u is not None:
            args.ucols = (<cnp.ndarray>u).shape[2] if (<cnp.ndarray>u).ndim == 3 else -1
            args.u = <char *>_contiguous_data(
                u, _COMPLEX128_DTYPE if op == ARRPY_EIG else a.dtype,
                (args.count, args.m, args.ucols), "u")
        if vt is not None:
            args.vtrows = (<cnp.ndarray>vt).shape[1] if (<cnp.ndarray>vt).ndim == 3 else -1
            args.vt = <char *>_contiguous_data(
                vt, a.dtype, (args.count, args.vtrows, args.n), "vt")
        _check_linalg_args(op, &args)
        cdef int status
        with nogil:
            status = self._linalg_nd(op, code, &args)
        return status

    def unary(self, int op, cnp.ndarray x, cnp.ndarray out):
        """Run ``out = OP(x)``; ``out`` has the op's output dtype for x's dtype (see abi.h)."""
        cdef int code = _array_code(x)
        if code < 0:
            raise TypeError(f"kernel call (unary): unsupported dtype {x.dtype}")
        if not (cnp.PyArray_ISALIGNED(x) and cnp.PyArray_ISALIGNED(out)):
            raise ValueError("kernel call: operands must be aligned")
        if not cnp.PyArray_ISWRITEABLE(out):
            raise ValueError("output array is read-only")
        if _array_code(out) != unary_output_code(op, code):
            raise TypeError(
                f"kernel call (unary op {op}): {x.dtype} input writes "
                f"code {unary_output_code(op, code)}, not {out.dtype}")
        if not self._unary_supported(op, code):
            raise NotImplementedError(
                f"backend {self.name!r} has no kernel for unary op {op} on {x.dtype}")
        cdef int ndim = cnp.PyArray_NDIM(out)
        cdef int64_t shape[64]
        cdef int64_t sx[64]
        cdef int64_t so[64]
        cdef int i, status
        for i in range(ndim):
            shape[i] = cnp.PyArray_DIM(out, i)
            so[i] = cnp.PyArray_STRIDE(out, i)
        _broadcast_strides(x, ndim, shape, sx)
        cdef const char *px = <const char *>cnp.PyArray_DATA(x)
        cdef char *po = <char *>cnp.PyArray_DATA(out)
        if cnp.PyArray_SIZE(out) >= GIL_RELEASE_MIN_SIZE:
            with nogil:
                status = self._unary_nd(op, code, ndim, shape, px, sx, po, so)
        else:
            status = self._unary_nd(op, code, ndim, shape, px, sx, po, so)
        return status

    # --- scans (cumsum / cumprod) ------------------------------------------------------------

    def supports_scan(self, int op, int in_dtype, int out_dtype):
        """True if the backend has a scan kernel for (op, in dtype, out dtype) codes."""
        return self._scan_supported != NULL and bool(
            self._scan_supported(op, in_dtype, out_dtype))

    def scan(self, int op, cnp.ndarray x, cnp.ndarray out):
        """Inclusive scan of ``x`` along its last axis into ``out`` (the same shape).

        ``out`` must not overlap ``x`` (the front end copies first); both are checked here
        because a mistake would read or write out of bounds.
        """
        cdef int code = _array_code(x)
        cdef int out_code = _array_code(out)
        cdef int ndim = cnp.PyArray_NDIM(x)
        if ndim < 1 or cnp.PyArray_NDIM(out) != ndim:
            raise ValueError("kernel call (scan): x and out must have the same shape, ndim >= 1")
        if code < 0 or out_code < 0 or not self.supports_scan(op, code, out_code):
            raise NotImplementedError(
                f"backend {self.name!r} has no scan {op} from {x.dtype} to {out.dtype}")
        if not (cnp.PyArray_ISALIGNED(x) and cnp.PyArray_ISALIGNED(out)):
            raise ValueError("kernel call: operands must be aligned")
        if not cnp.PyArray_ISWRITEABLE(out):
            raise ValueError("output array is read-only")
        cdef int64_t shape[64]
        cdef int64_t sa[64]
        cdef int64_t so[64]
        cdef int i, status
        for i in range(ndim):
            if cnp.PyArray_DIM(out, i) != cnp.PyArray_DIM(x, i):
                raise ValueError("kernel call (scan): x and out must have the same shape")
        for i in range(ndim - 1):
            shape[i] = cnp.PyArray_DIM(x, i)
            sa[i] = cnp.PyArray_STRIDE(x, i)
            so[i] = cnp.PyArray_STRIDE(out, i)
        cdef int64_t n = cnp.PyArray_DIM(x, ndim - 1)
        cdef int64_t stride = cnp.PyArray_STRIDE(x, ndim - 1)
        cdef int64_t out_stride = cnp.PyArray_STRIDE(out, ndim - 1)
        cdef const char *px = <const char *>cnp.PyArray_DATA(x)
        cdef char *po = <char *>cnp.PyArray_DATA(out)
        if cnp.PyArray_SIZE(x) >= GIL_RELEASE_MIN_SIZE:
            with nogil:
                status = self._scan_nd(op, code, out_code, ndim - 1, shape, px, sa, n, stride,
                                       po, so, out_stride)
        else:
            status = self._scan_nd(op, code, out_code, ndim - 1, shape, px, sa, n, stride,
                                   po, so, out_stride)
        return status


    # --- stats (issue 4): counting and searching ---------------------------------------------

    def supports_counting(self, int op, int dtype):
        """True if the backend has the counting kernel ``op`` (COUNTING_OPS) for dtype code."""
        return self._counting_supported != NULL and bool(self._counting_supported(op, dtype))

    def bincount(self, cnp.ndarray idx, object weights, cnp.ndarray out):
        """``out[i]`` = the count (int64 ``out``) or the weight sum (float64 ``out``, ``weights``
        a float64 array like ``idx``) of the int64 indices ``idx`` equal to ``i``.

        The front end has checked that every index is in ``[0, len(out))``; shapes and dtypes
        are checked again here because a mistake would write out of bounds.
        """
        cdef int want = ARRPY_INT64 if weights is None else ARRPY_FLOAT64
        if (cnp.PyArray_NDIM(idx) != 1 or _array_code(idx) != ARRPY_INT64
                or cnp.PyArray_NDIM(out) != 1 or _array_code(out) != want
                or not cnp.PyArray_IS_C_CONTIGUOUS(out)):
            raise TypeError("kernel call (bincount): 1-d int64 indices and a contiguous 1-d "
                            f"{'int64' if weights is None else 'float64'} out expected")
        if not self.supports_counting(ARRPY_BINCOUNT, ARRPY_INT64):
            raise NotImplementedError(f"backend {self.name!r} has no bincount kernel")
        cdef cnp.ndarray w
        cdef const char *pw = NULL
        cdef int64_t ws = 0
        if weights is not None:
            w = <cnp.ndarray?>weights
            if (cnp.PyArray_NDIM(w) != 1 or _array_code(w) != ARRPY_FLOAT64
                    or cnp.PyArray_DIM(w, 0) != cnp.PyArray_DIM(idx, 0)
                    or not cnp.PyArray_ISALIGNED(w)):
                raise TypeError("kernel call (bincount): weights must be float64 like idx")
            pw = <const char *>cnp.PyArray_DATA(w)
            ws = cnp.PyArray_STRIDE(w, 0)
        if not (cnp.PyArray_ISALIGNED(idx) and cnp.PyArray_ISALIGNED(out)):
            raise ValueError("kernel call: operands must be aligned")
        if not cnp.PyArray_ISWRITEABLE(out):
            raise ValueError("output array is read-only")
        cdef int64_t n = cnp.PyArray_DIM(idx, 0)
        cdef int64_t nbins = cnp.PyArray_DIM(out, 0)
        cdef const char *pi = <const char *>cnp.PyArray_DATA(idx)
        cdef int64_t si = cnp.PyArray_STRIDE(idx, 0)
        cdef char *po = <char *>cnp.PyArray_DATA(out)
        cdef int status
        with nogil:
            status = self._bincount(n, pi, si, pw, ws, po, nbins)
        return status

    def searchsorted(self, cnp.ndarray edges, cnp.ndarray v, cnp.ndarray out, str side):
        """``out[k]`` (int64) = the insertion index of ``v[k]`` in the sorted 1-d ``edges``
        (``side`` "left" or "right"); ``edges`` and ``v`` share a dtype."""
        cdef int code = _array_code(v)
        if (cnp.PyArray_NDIM(edges) != 1 or cnp.PyArray_NDIM(v) != 1
                or cnp.PyArray_NDIM(out) != 1 or _array_code(edges) != code
                or _array_code(out) != ARRPY_INT64
                or cnp.PyArray_DIM(out, 0) != cnp.PyArray_DIM(v, 0)):
            raise TypeError("kernel call (searchsorted): 1-d edges and values of one dtype and "
                            "an int64 out like the values expected")
        if code < 0 or not self.supports_counting(ARRPY_SEARCHSORTED, code):
            raise NotImplementedError(
                f"backend {self.name!r} has no searchsorted kernel for {v.dtype}")
        if side not in ("left", "right"):
            raise ValueError(f"kernel call (searchsorted): side must be 'left' or 'right'")
        if not (cnp.PyArray_ISALIGNED(edges) and cnp.PyArray_ISALIGNED(v)
                and cnp.PyArray_ISALIGNED(out)):
            raise ValueError("kernel call: operands must be aligned")
        if not cnp.PyArray_ISWRITEABLE(out):
            raise ValueError("output array is read-only")
        cdef int c_side = ARRPY_SIDE_LEFT if side == "left" else ARRPY_SIDE_RIGHT
        cdef int64_t m = cnp.PyArray_DIM(edges, 0)
        cdef int64_t n = cnp.PyArray_DIM(v, 0)
        cdef const char *pe = <const char *>cnp.PyArray_DATA(edges)
        cdef int64_t se = cnp.PyArray_STRIDE(edges, 0)
        cdef const char *pv = <const char *>cnp.PyArray_DATA(v)
        cdef int64_t sv = cnp.PyArray_STRIDE(v, 0)
        cdef char *po = <char *>cnp.PyArray_DATA(out)
        cdef int64_t so = cnp.PyArray_STRIDE(out, 0)
        cdef int status
        with nogil:
            status = self._searchsorted(code, c_side, m, pe, se, n, pv, sv, po, so)
        return status

    def histogram(self, cnp.ndarray a, object weights, double lo, double hi,
                  cnp.ndarray edges, cnp.ndarray out):
        """Equal-bin histogram of the 1-d ``a`` over ``[lo, hi]`` into ``out`` (int64 counts,
        or float64 sums of the float64 ``weights``); ``edges`` holds the ``len(out) + 1`` bin
        edges in ``a``'s dtype (abi.h ``arrpy_histogram_fn``)."""
        cdef int code = _array_code(a)
        cdef int want = ARRPY_INT64 if weights is None else ARRPY_FLOAT64
        if (cnp.PyArray_NDIM(a) != 1 or cnp.PyArray_NDIM(edges) != 1
                or cnp.PyArray_NDIM(out) != 1 or _array_code(edges) != code
                or not cnp.PyArray_IS_C_CONTIGUOUS(edges)
                or not cnp.PyArray_IS_C_CONTIGUOUS(out) or _array_code(out) != want
                or cnp.PyArray_DIM(edges, 0) != cnp.PyArray_DIM(out, 0) + 1
                or cnp.PyArray_DIM(out, 0) < 1):
            raise TypeError("kernel call (histogram): 1-d values, contiguous edges of their "
                            "dtype and a contiguous out with one element fewer expected")
        if code < 0 or not self.supports_counting(ARRPY_HISTOGRAM, code):
            raise NotImplementedError(
                f"backend {self.name!r} has no histogram kernel for {a.dtype}")
        if not (lo < hi):
            raise ValueError("kernel call (histogram): lo < hi expected")
        cdef cnp.ndarray w
        cdef const char *pw = NULL
        cdef int64_t ws = 0
        if weights is not None:
            w = <cnp.ndarray?>weights
            if (cnp.PyArray_NDIM(w) != 1 or _array_code(w) != ARRPY_FLOAT64
                    or cnp.PyArray_DIM(w, 0) != cnp.PyArray_DIM(a, 0)
                    or not cnp.PyArray_ISALIGNED(w)):
                raise TypeError("kernel call (histogram): weights must be float64 like a")
            pw = <const char *>cnp.PyArray_DATA(w)
            ws = cnp.PyArray_STRIDE(w, 0)
        if not (cnp.PyArray_ISALIGNED(a) and cnp.PyArray_ISALIGNED(edges)
                and cnp.PyArray_ISALIGNED(out)):
            raise ValueError("kernel call: operands must be aligned")
        if not cnp.PyArray_ISWRITEABLE(out):
            raise ValueError("output array is read-only")
        cdef int64_t n = cnp.PyArray_DIM(a, 0)
        cdef int64_t nbins = cnp.PyArray_DIM(out, 0)
        cdef const char *pa = <const char *>cnp.PyArray_DATA(a)
        cdef int64_t sa = cnp.PyArray_STRIDE(a, 0)
        cdef const char *pe = <const char *>cnp.PyArray_DATA(edges)
        cdef char *po = <char *>cnp.PyArray_DATA(out)
        cdef int status
        with nogil:
            status = self._histogram(code, n, pa, sa, pw, ws, lo, hi, nbins, pe, po)
        return status

    # --- selection (partition_nd) ---------------------------------------------------------------

    def supports_partition(self, int dtype):
        """True if the backend has a partition kernel for dtype code ``dtype``."""
        return self._partition_supported != NULL and bool(self._partition_supported(dtype))

    def partition(self, cnp.ndarray x, cnp.ndarray kth):
        """Partition ``x`` in place along its last axis around the indices ``kth`` (abi.h).

        ``kth`` is a 1-d int64 array of strictly increasing indices in ``[0, x.shape[-1])``; the
        front end normalises it. It is checked again here because a wrong index would write out
        of bounds. Returns the kernel's status flags.
        """
        cdef int code = _array_code(x)
        if code < 0 or not self.supports_partition(code):
            raise NotImplementedError(
                f"backend {self.name!r} has no partition kernel for {x.dtype}")
        if cnp.PyArray_NDIM(x) < 1:
            raise ValueError("kernel call (partition): x must have at least one axis")
        if not cnp.PyArray_ISALIGNED(x):
            raise ValueError("kernel call: operands must be aligned")
        if not cnp.PyArray_ISWRITEABLE(x):
            raise ValueError("kernel call (partition): x is read-only")
        if cnp.PyArray_TYPE(kth) != cnp.NPY_INT64 or cnp.PyArray_NDIM(kth) != 1 \
                or not cnp.PyArray_IS_C_CONTIGUOUS(kth):
            raise TypeError("kernel call (partition): kth must be a contiguous 1-d int64 array")
        cdef int ndim = cnp.PyArray_NDIM(x) - 1
        cdef int64_t n = cnp.PyArray_DIM(x, ndim)
        cdef int64_t nkth = cnp.PyArray_DIM(kth, 0)
        cdef const int64_t *pk = <const int64_t *>cnp.PyArray_DATA(kth)
        cdef int64_t j
        for j in range(nkth):
            if pk[j] < 0 or pk[j] >= n or (j > 0 and pk[j] <= pk[j - 1]):
                raise ValueError(
                    f"kernel call (partition): kth must be increasing indices in [0, {n}), "
                    f"got {(<object>kth).tolist()}")
        cdef int64_t shape[64]
        cdef int64_t sa[64]
        cdef int i, status
        for i in range(ndim):
            shape[i] = cnp.PyArray_DIM(x, i)
            sa[i] = cnp.PyArray_STRIDE(x, i)
        cdef int64_t stride = cnp.PyArray_STRIDE(x, ndim)
        cdef char *px = <char *>cnp.PyArray_DATA(x)
        if cnp.PyArray_SIZE(x) == 0 or nkth == 0:
            return 0
        if cnp.PyArray_SIZE(x) >= GIL_RELEASE_MIN_SIZE:
            with nogil:
                status = self._partition_nd(code, ndim, shape, px, sa, n, stride, pk, nkth)
        else:
            status = self._partition_nd(code, ndim, shape, px, sa, n, stride, pk, nkth)
        return status


cpdef int unary_output_code(int op, int code) noexcept:
    """The output dtype code of unary op ``op`` on dtype ``code`` (the rule in abi.h)."""
    if op == ARRPY_ISNAN or op == ARRPY_ISINF or op == ARRPY_ISFINITE or op == ARRPY_SIGNBIT \
            or op == ARRPY_LOGICAL_NOT:
        return ARRPY_BOOL
    if op == ARRPY_ABSOLUTE and code == ARRPY_COMPLEX64:
        return ARRPY_FLOAT32
    if op == ARRPY_ABSOLUTE and code == ARRPY_COMPLEX128:
        return ARRPY_FLOAT64
    return code


cdef int _check_operands(str what, cnp.ndarray x1, cnp.ndarray x2, cnp.ndarray out,
                         int code) except -1:
    if code < 0 or _array_code(x1) != code or _array_code(x2) != code:
        raise TypeError(
            f"kernel call ({what}): operands must share one supported dtype, got {x1.dtype}, "
            f"{x2.dtype} -> {out.dtype}")
    if not (cnp.PyArray_ISALIGNED(x1) and cnp.PyArray_ISALIGNED(x2)
            and cnp.PyArray_ISALIGNED(out)):
        raise ValueError("kernel call: operands must be aligned")
    if not cnp.PyArray_ISWRITEABLE(out):
        raise ValueError("output array is read-only")
    return code


cdef int _run(arrpy_binary_nd_fn kernel, int op, int code, cnp.ndarray x1, cnp.ndarray x2,
              cnp.ndarray out) except -1:
    """The kernel call itself, operands already checked: x1 and x2 broadcast to out's shape."""
    cdef int ndim = cnp.PyArray_NDIM(out)
    cdef int64_t shape[64]
    cdef int64_t s1[64]
    cdef int64_t s2[64]
    cdef int64_t so[64]
    cdef int i, status
    for i in range(ndim):
        shape[i] = cnp.PyArray_DIM(out, i)
        so[i] = cnp.PyArray_STRIDE(out, i)
    _broadcast_strides(x1, ndim, shape, s1)
    _broadcast_strides(x2, ndim, shape, s2)
    cdef const char *p1 = <const char *>cnp.PyArray_DATA(x1)
    cdef const char *p2 = <const char *>cnp.PyArray_DATA(x2)
    cdef char *po = <char *>cnp.PyArray_DATA(out)
    if cnp.PyArray_SIZE(out) >= GIL_RELEASE_MIN_SIZE:
        with nogil:
            status = kernel(op, code, ndim, shape, p1, s1, p2, s2, po, so)
    else:
        status = kernel(op, code, ndim, shape, p1, s1, p2, s2, po, so)
    return status


_INT64_DTYPE = np.dtype(np.int64)
_FLOAT64_DTYPE = np.dtype(np.float64)
_COMPLEX128_DTYPE = np.dtype(np.complex128)


cdef int _check_linalg_args(int op, const arrpy_linalg_args *args) except -1:
    """Raise ValueError unless ``args`` has every array ``op`` needs, with consistent sizes."""
    cdef int64_t k = min(args.m, args.n)
    cdef bint ok
    if op == ARRPY_LU_SOLVE:
        ok = args.b != NULL and args.pivots != NULL
    elif op == ARRPY_LU_FACTOR:
        ok = args.pivots != NULL and args.info != NULL
    elif op == ARRPY_CHOLESKY:
        ok = args.info != NULL
    elif op == ARRPY_QR:
        ok = args.tau != NULL
    elif op == ARRPY_QR_Q:
        ok = args.tau != NULL and args.u != NULL and k <= args.ucols <= args.m
    elif op == ARRPY_EIGH or op == ARRPY_EIG:
        ok = args.info != NULL and args.w != NULL and (args.u == NULL or args.ucols == args.n)
    elif op == ARRPY_SVD:
        ok = args.info != NULL and args.w != NULL and (args.u == NULL) == (args.vt == NULL) and (
            args.u == NULL or (k <= args.ucols <= args.m and k <= args.vtrows <= args.n))
    else:
        ok = False
    if not ok:
        raise ValueError(f"kernel call (linalg op {op}): missing or mis-shaped arrays")
    return 0


cdef void *_contiguous_data(object x, object dtype, tuple shape, str what) except NULL:
    """The data pointer of a writable, C-contiguous ndarray of ``dtype`` and ``shape``."""
    if not isinstance(x, np.ndarray) or x.dtype != dtype or x.shape != shape \
            or not x.flags.c_contiguous or not x.flags.writeable or not x.flags.aligned:
        raise ValueError(
            f"kernel call (linalg): {what} must be a writable C-contiguous {dtype} array of shape "
            f"{shape}")
    if x.size == 0:
        return <void *>1  # never dereferenced; NULL would mean "absent"
    return cnp.PyArray_DATA(<cnp.ndarray>x)


cdef int64_t _batch_stride(cnp.ndarray x, int axis, int64_t extent) except? -1:
    """The byte stride of batch axis ``axis`` of ``x`` for an output extent (0 if broadcast)."""
    cdef int64_t own = cnp.PyArray_DIM(x, axis)
    if own == extent:
        return cnp.PyArray_STRIDE(x, axis) if own != 1 else 0
    if own == 1:
        return 0
    raise ValueError(f"kernel call (matmul): batch axis {axis} of {(<object>x).shape} does not "
                     f"broadcast to {extent}")


cdef int _broadcast_strides(cnp.ndarray x, int ndim, const int64_t *shape,
                            int64_t *strides) except -1:
    """Byte strides of ``x`` viewed with shape ``shape`` (NumPy broadcasting: 0 where it repeats)."""
    cdef int xdim = cnp.PyArray_NDIM(x)
    cdef int offset = ndim - xdim
    cdef int i
    cdef int64_t extent
    if offset < 0:
        raise ValueError(f"kernel call: operand with {xdim} dimensions for a {ndim}-d output")
    for i in range(ndim):
        if i < offset:
            strides[i] = 0
            continue
        extent = cnp.PyArray_DIM(x, i - offset)
        if extent == shape[i]:
            strides[i] = cnp.PyArray_STRIDE(x, i - offset) if extent != 1 else 0
        elif extent == 1:
            strides[i] = 0
        else:
            raise ValueError(
                f"kernel call: operand of shape {(<object>x).shape} does not broadcast to the output")
    return 0


# ---------------------------------------------------------------------------------------------
# The array base type and its operator fast path
# ---------------------------------------------------------------------------------------------

cdef object _array_type = None      # arrpy.ArrPy, registered by arrpy._array
cdef object _slow_binary = None     # arrpy._ufunc.binary_operator
cdef object _slow_compare = None    # arrpy._ufunc.compare_operator
cdef object _slow_unary = None      # arrpy._ufunc.unary_operator
cdef object _report_status = None   # arrpy._ufunc.report_status: warnings and errors from flags
# op code -> name, for the status report
cdef dict _BINARY_NAMES = {code: name for name, code in BINARY_OPS.items()}
cdef dict _UNARY_NAMES = {code: name for name, code in UNARY_OPS.items()}

# The ops with a bool result (comparisons and logical ops), run by a backend's compare_nd.
COMPARE_OPS = {"equal": ARRPY_EQUAL, "not_equal": ARRPY_NOT_EQUAL, "less": ARRPY_LESS,
               "less_equal": ARRPY_LESS_EQUAL, "greater": ARRPY_GREATER,
               "greater_equal": ARRPY_GREATER_EQUAL, "logical_and": ARRPY_LOGICAL_AND,
               "logical_or": ARRPY_LOGICAL_OR, "logical_xor": ARRPY_LOGICAL_XOR}


def register_array_type(cls, slow_binary, slow_compare, slow_unary, report_status):
    """Tell the fast path which class to create and where the full front end lives.

    ``report_status(op_name, status)`` turns a kernel's nonzero status flags into NumPy's
    warnings or errors (under ``arrpy.errstate``).
    """
    global _array_type, _slow_binary, _slow_compare, _slow_unary, _report_status
    if not issubclass(cls, _ArrayBase):
        raise TypeError("register_array_type: the class must derive from _ArrayBase")
    _array_type = cls
    _slow_binary = slow_binary
    _slow_compare = slow_compare
    _slow_unary = slow_unary
    _report_status = report_status


cdef inline bint _overlaps(cnp.ndarray x, cnp.ndarray y) noexcept:
    """True if two C-contiguous arrays share some bytes but do not start at the same address."""
    cdef intptr_t x0 = <intptr_t>cnp.PyArray_DATA(x)
    cdef intptr_t y0 = <intptr_t>cnp.PyArray_DATA(y)
    if x0 == y0:
        return False
    return x0 < y0 + cnp.PyArray_NBYTES(y) and y0 < x0 + cnp.PyArray_NBYTES(x)


cdef inline bint _same_contiguous_layout(cnp.ndarray a, cnp.ndarray b) noexcept:
    """Both C-contiguous, aligned and of the same shape."""
    cdef int i
    if not (cnp.PyArray_IS_C_CONTIGUOUS(a) and cnp.PyArray_ISALIGNED(a)
            and cnp.PyArray_IS_C_CONTIGUOUS(b) and cnp.PyArray_ISALIGNED(b)):
        return False
    if cnp.PyArray_NDIM(a) != cnp.PyArray_NDIM(b):
        return False
    for i in range(cnp.PyArray_NDIM(a)):
        if cnp.PyArray_DIM(a, i) != cnp.PyArray_DIM(b, i):
            return False
    return True


cdef object _wrap(cnp.ndarray data):
    cdef _ArrayBase result = _ArrayBase.__new__(_array_type)
    result._data = data
    return result


def wrap(cnp.ndarray data):
    """A new ArrPy around ``data`` (no copy)."""
    if _array_type is None:
        raise RuntimeError("arrpy._core: the ArrPy class is not registered")
    return _wrap(data)


cdef object _broadcast_call(arrpy_binary_nd_fn kernel, int op, int code, cnp.ndarray x1,
                            cnp.ndarray x2, int out_typenum):
    """Same-dtype operands of any layout and broadcastable shapes, into a new C-order array of
    ``out_typenum``; None (the front end decides and words the error) if the shapes do not
    broadcast."""
    if not (cnp.PyArray_ISALIGNED(x1) and cnp.PyArray_ISALIGNED(x2)):
        return None
    cdef int n1 = cnp.PyArray_NDIM(x1)
    cdef int n2 = cnp.PyArray_NDIM(x2)
    cdef int ndim = n1 if n1 > n2 else n2
    cdef cnp.npy_intp shape[64]
    cdef cnp.npy_intp d1, d2
    cdef int i
    for i in range(ndim):
        d1 = cnp.PyArray_DIM(x1, i - (ndim - n1)) if i >= ndim - n1 else 1
        d2 = cnp.PyArray_DIM(x2, i - (ndim - n2)) if i >= ndim - n2 else 1
        if d1 == d2 or d2 == 1:
            shape[i] = d1
        elif d1 == 1:
            shape[i] = d2
        else:
            return None
    cdef cnp.ndarray out = cnp.PyArray_EMPTY(ndim, shape, out_typenum, 0)
    cdef int status = _run(kernel, op, code, x1, x2, out)
    if status and out_typenum != cnp.NPY_BOOL:
        _report_status(_BINARY_NAMES[op], status)
    return _wrap(out)


cdef object _fast_binary(int op, _ArrayBase self, object other, bint reflected, bint inplace):
    """The common cases, decided in C; returns None when the full front end must decide."""
    cdef KernelTable table = _current_table()
    if table is None or _array_type is None:
        return None
    cdef cnp.ndarray a = <cnp.ndarray>self._data
    cdef cnp.ndarray b
    cdef int code = _array_code(a)
    if code < 0 or not table._binary_supported(op, code):
        return None
    cdef bint a_contiguous = cnp.PyArray_IS_C_CONTIGUOUS(a) and cnp.PyArray_ISALIGNED(a)
    cdef int64_t n = cnp.PyArray_SIZE(a)
    cdef int64_t shape[1]
    cdef int64_t stride_a[1]
    cdef int64_t stride_b[1]
    cdef int64_t stride_out[1]
    cdef const char *pa = <const char *>cnp.PyArray_DATA(a)
    cdef const char *pb
    cdef double scalar_f64
    cdef long long scalar_i64
    cdef int overflow = 0
    cdef int i, ndim = cnp.PyArray_NDIM(a)
    shape[0] = n
    stride_a[0] = cnp.PyArray_ITEMSIZE(a)
    stride_out[0] = stride_a[0]
    stride_b[0] = stride_a[0]

    if type(other) is _array_type:
        b = <cnp.ndarray>(<_ArrayBase>other)._data
        if _array_code(b) != code:
            return None
        if not _same_contiguous_layout(a, b):
            # Views, transposes, broadcasting: still one kernel call from here, but in-place
            # results (overlap, output shape) are the front end's to decide.
            if inplace:
                return None
            if reflected:
                a, b = b, a
            return _broadcast_call(table._binary_nd, op, code, a, b, cnp.PyArray_TYPE(a))
        if inplace and _overlaps(a, b):
            return None
        pb = <const char *>cnp.PyArray_DATA(b)
    elif not a_contiguous:
        return None
    elif type(other) is float and code == ARRPY_FLOAT64:
        scalar_f64 = <double>other
        pb = <const char *>&scalar_f64
        stride_b[0] = 0
    elif type(other) is int and code == ARRPY_FLOAT64:
        # A weak Python int in a float64 loop is converted to double (NumPy raises
        # OverflowError beyond float64's range: the front end gives that error).
        try:
            scalar_f64 = PyLong_AsDouble(other)
        except OverflowError:
            return None
        pb = <const char *>&scalar_f64
        stride_b[0] = 0
    elif type(other) is int and code == ARRPY_INT64:
        scalar_i64 = PyLong_AsLongLongAndOverflow(other, &overflow)
        if overflow:
            return None     # the front end raises NumPy's OverflowError
        pb = <const char *>&scalar_i64
        stride_b[0] = 0
    else:
        return None

    cdef cnp.ndarray out
    if inplace:
        if not cnp.PyArray_ISWRITEABLE(a):
            return None
        out = a
    else:
        out = cnp.PyArray_EMPTY(ndim, cnp.PyArray_DIMS(a), cnp.PyArray_TYPE(a), 0)
    cdef char *po = <char *>cnp.PyArray_DATA(out)
    cdef arrpy_binary_nd_fn kernel = table._binary_nd
    cdef int status
    if reflected:
        pa, pb = pb, pa
        stride_a[0], stride_b[0] = stride_b[0], stride_a[0]
    if n >= GIL_RELEASE_MIN_SIZE:
        with nogil:
            status = kernel(op, code, 1, shape, pa, stride_a, pb, stride_b, po, stride_out)
    else:
        status = kernel(op, code, 1, shape, pa, stride_a, pb, stride_b, po, stride_out)
    if status:
        _report_status(_BINARY_NAMES[op], status)
    if inplace:
        return self
    return _wrap(out)


def try_fast_binary(int op, object x1, object x2):
    """``x1 <op> x2`` through the operator fast path, or None if the front end must decide."""
    if _array_type is None:
        return None
    if type(x1) is _array_type:
        return _fast_binary(op, <_ArrayBase>x1, x2, False, False)
    if type(x2) is _array_type:
        return _fast_binary(op, <_ArrayBase>x2, x1, True, False)
    return None


def try_fast_compare(int op, object x1, object x2):
    """``x1 <op> x2`` (a comparison) through the fast path, or None."""
    if _array_type is not None and type(x1) is _array_type:
        return _fast_compare(op, <_ArrayBase>x1, x2)
    return None


cdef object _fast_compare(int op, _ArrayBase self, object other):
    """Comparisons of same-dtype ArrPy operands (any layout, broadcasting) and of a float64
    array with a Python float; None when the front end must decide."""
    cdef KernelTable table = _current_table()
    if table is None or _array_type is None:
        return None
    cdef cnp.ndarray a = <cnp.ndarray>self._data
    cdef cnp.ndarray b
    cdef int code = _array_code(a)
    if code < 0 or not table._compare_supported(op, code):
        return None
    if type(other) is _array_type:
        b = <cnp.ndarray>(<_ArrayBase>other)._data
        if _array_code(b) != code:
            return None
    elif type(other) is float and code == ARRPY_FLOAT64:
        b = cnp.PyArray_EMPTY(0, NULL, cnp.NPY_DOUBLE, 0)
        (<double *>cnp.PyArray_DATA(b))[0] = <double>other
    else:
        return None
    return _broadcast_call(table._compare_nd, op, code, a, b, cnp.NPY_BOOL)


cdef object _compare(int op, _ArrayBase self, object other):
    cdef object result = _fast_compare(op, self, other)
    if result is not None:
        return result
    return _slow_compare(op, self, other)


cdef object _binary(int op, _ArrayBase self, object other, bint reflected, bint inplace):
    cdef object result = _fast_binary(op, self, other, reflected, inplace)
    if result is not None:
        return result
    return _slow_binary(op, self, other, reflected, inplace)


cdef object _fast_unary(int op, object x):
    """``OP(x)`` for an aligned ArrPy of any layout into a new C-order array; None when the
    front end must decide (another type, no kernel for the dtype: it casts or words the error)."""
    cdef KernelTable table = _current_table()
    if table is None or _array_type is None or type(x) is not _array_type:
        return None
    cdef cnp.ndarray a = <cnp.ndarray>(<_ArrayBase>x)._data
    cdef int code = _array_code(a)
    if code < 0 or not cnp.PyArray_ISALIGNED(a) or not table._unary_supported(op, code):
        return None
    cdef int ndim = cnp.PyArray_NDIM(a)
    cdef cnp.ndarray out = cnp.PyArray_EMPTY(
        ndim, cnp.PyArray_DIMS(a), _TYPENUM_BY_CODE[unary_output_code(op, code)], 0)
    cdef int64_t shape[64]
    cdef int64_t sa[64]
    cdef int64_t so[64]
    cdef int i
    for i in range(ndim):
        shape[i] = cnp.PyArray_DIM(a, i)
        sa[i] = cnp.PyArray_STRIDE(a, i) if shape[i] != 1 else 0
        so[i] = cnp.PyArray_STRIDE(out, i)
    cdef const char *pa = <const char *>cnp.PyArray_DATA(a)
    cdef char *po = <char *>cnp.PyArray_DATA(out)
    cdef arrpy_unary_nd_fn kernel = table._unary_nd
    cdef int status
    if cnp.PyArray_SIZE(a) >= GIL_RELEASE_MIN_SIZE:
        with nogil:
            status = kernel(op, code, ndim, shape, pa, sa, po, so)
    else:
        status = kernel(op, code, ndim, shape, pa, sa, po, so)
    if status:  # floating-point flags (abi.h): NumPy's warnings, after the result is written
        _report_status(_UNARY_NAMES[op], status)
    return _wrap(out)


def try_fast_unary(int op, object x):
    """``OP(x)`` through the fast path, or None if the front end must decide."""
    return _fast_unary(op, x)


cdef object _unary(int op, _ArrayBase self):
    cdef object result = _fast_unary(op, self)
    if result is not None:
        return result
    return _slow_unary(op, self)


cdef class _ArrayBase:
    """Storage and arithmetic operators of ``arrpy.ArrPy`` (see the module docstring)."""

    cdef public object _data

    # NumPy must never convert an ArrPy through __array__ and compute itself: ArrPy overrides
    # this with an __array_ufunc__ that runs arrpy's kernels (arrpy/_array.py).
    __array_ufunc__ = None

    # Comparisons. Python itself reflects them (3 < a calls a.__gt__(3)).
    def __eq__(self, other):
        return _compare(ARRPY_EQUAL, self, other)

    def __ne__(self, other):
        return _compare(ARRPY_NOT_EQUAL, self, other)

    def __lt__(self, other):
        return _compare(ARRPY_LESS, self, other)

    def __le__(self, other):
        return _compare(ARRPY_LESS_EQUAL, self, other)

    def __gt__(self, other):
        return _compare(ARRPY_GREATER, self, other)

    def __ge__(self, other):
        return _compare(ARRPY_GREATER_EQUAL, self, other)

    def __add__(self, other):
        return _binary(ARRPY_ADD, self, other, False, False)

    def __radd__(self, other):
        return _binary(ARRPY_ADD, self, other, True, False)

    def __iadd__(self, other):
        return _binary(ARRPY_ADD, self, other, False, True)

    def __sub__(self, other):
        return _binary(ARRPY_SUBTRACT, self, other, False, False)

    def __rsub__(self, other):
        return _binary(ARRPY_SUBTRACT, self, other, True, False)

    def __isub__(self, other):
        return _binary(ARRPY_SUBTRACT, self, other, False, True)

    def __mul__(self, other):
        return _binary(ARRPY_MULTIPLY, self, other, False, False)

    def __rmul__(self, other):
        return _binary(ARRPY_MULTIPLY, self, other, True, False)

    def __imul__(self, other):
        return _binary(ARRPY_MULTIPLY, self, other, False, True)

    def __truediv__(self, other):
        return _binary(ARRPY_DIVIDE, self, other, False, False)

    def __rtruediv__(self, other):
        return _binary(ARRPY_DIVIDE, self, other, True, False)

    def __itruediv__(self, other):
        return _binary(ARRPY_DIVIDE, self, other, False, True)

    def __and__(self, other):
        return _binary(ARRPY_BITWISE_AND, self, other, False, False)

    def __rand__(self, other):
        return _binary(ARRPY_BITWISE_AND, self, other, True, False)

    def __iand__(self, other):
        return _binary(ARRPY_BITWISE_AND, self, other, False, True)

    def __or__(self, other):
        return _binary(ARRPY_BITWISE_OR, self, other, False, False)

    def __ror__(self, other):
        return _binary(ARRPY_BITWISE_OR, self, other, True, False)

    def __ior__(self, other):
        return _binary(ARRPY_BITWISE_OR, self, other, False, True)

    def __xor__(self, other):
        return _binary(ARRPY_BITWISE_XOR, self, other, False, False)

    def __rxor__(self, other):
        return _binary(ARRPY_BITWISE_XOR, self, other, True, False)

    def __ixor__(self, other):
        return _binary(ARRPY_BITWISE_XOR, self, other, False, True)

    def __floordiv__(self, other):
        return _binary(ARRPY_FLOOR_DIVIDE, self, other, False, False)

    def __rfloordiv__(self, other):
        return _binary(ARRPY_FLOOR_DIVIDE, self, other, True, False)

    def __ifloordiv__(self, other):
        return _binary(ARRPY_FLOOR_DIVIDE, self, other, False, True)

    def __mod__(self, other):
        return _binary(ARRPY_REMAINDER, self, other, False, False)

    def __rmod__(self, other):
        return _binary(ARRPY_REMAINDER, self, other, True, False)

    def __imod__(self, other):
        return _binary(ARRPY_REMAINDER, self, other, False, True)

    def __lshift__(self, other):
        return _binary(ARRPY_LEFT_SHIFT, self, other, False, False)

    def __rlshift__(self, other):
        return _binary(ARRPY_LEFT_SHIFT, self, other, True, False)

    def __ilshift__(self, other):
        return _binary(ARRPY_LEFT_SHIFT, self, other, False, True)

    def __rshift__(self, other):
        return _binary(ARRPY_RIGHT_SHIFT, self, other, False, False)

    def __rrshift__(self, other):
        return _binary(ARRPY_RIGHT_SHIFT, self, other, True, False)

    def __irshift__(self, other):
        return _binary(ARRPY_RIGHT_SHIFT, self, other, False, True)

    # ``a ** b`` goes to the front end: like NumPy it turns ``a ** 2``, ``a ** -1`` and
    # ``a ** 0.5`` into square, reciprocal and sqrt.
    def __pow__(self, other, modulo):
        return _slow_binary(ARRPY_POWER, self, other, False, False, modulo)

    def __rpow__(self, other, modulo):
        return _slow_binary(ARRPY_POWER, self, other, True, False, modulo)

    def __ipow__(self, other):
        return _slow_binary(ARRPY_POWER, self, other, False, True)

    def __divmod__(self, other):
        return _slow_binary(-1, self, other, False, False)

    def __rdivmod__(self, other):
        return _slow_binary(-1, self, other, True, False)

    def __neg__(self):
        return _unary(ARRPY_NEGATIVE, self)

    def __pos__(self):
        return _unary(ARRPY_POSITIVE, self)

    def __abs__(self):
        return _unary(ARRPY_ABSOLUTE, self)

    def __invert__(self):
        return _unary(ARRPY_INVERT, self)
