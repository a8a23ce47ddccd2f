"""arrpy's data types and NumPy 2's promotion rules.

A ``DType`` names one of the thirteen element types arrpy computes with and carries the NumPy type
that stores it (``numpy_type``, ``numpy_dtype``). Anything NumPy accepts as a dtype (``"f8"``,
``float``, ``np.float64``, ``np.dtype("int32")``) is accepted wherever arrpy takes ``dtype=``.
Promotion is NumPy's own (``np.result_type``): Python scalars are "weak", so ``int8 array + 1``
stays ``int8``.
"""

import numpy as np

__all__ = [
    "DType",
    "bool_",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float32",
    "float64",
    "complex64",
    "complex128",
    "SUPPORTED_DTYPE_NAMES",
    "to_numpy_dtype",
    "from_numpy_dtype",
    "result_type",
    "can_cast",
    "finfo",
    "iinfo",
]


class DType:
    """One of arrpy's element types.

    Compares equal to every spelling NumPy would accept for it, so ``a.dtype == "float64"``,
    ``a.dtype == np.float64`` and ``a.dtype == arrpy.float64`` all hold. ``np.dtype(arrpy.float64)``
    works too (through the ``dtype`` attribute).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.float64.itemsize
    8
    >>> arrpy.int8 == "int8"
    True
    >>> arrpy.float32(1.5)
    np.float32(1.5)
    """

    __slots__ = ("name", "numpy_type", "dtype")

    def __init__(self, numpy_type):
        self.numpy_type = numpy_type
        self.dtype = np.dtype(numpy_type)
        self.name = self.dtype.name

    numpy_dtype = property(lambda self: self.dtype, doc="The equivalent ``numpy.dtype``.")
    itemsize = property(lambda self: self.dtype.itemsize, doc="Bytes per element.")
    kind = property(lambda self: self.dtype.kind, doc="NumPy's kind code: b, i, u, f or c.")
    char = property(lambda self: self.dtype.char, doc="NumPy's type character.")
    str = property(lambda self: self.dtype.str, doc="Array-protocol type string, e.g. '<f8'.")

    def __call__(self, value=0):
        """A NumPy scalar of this type, like ``np.float64(value)``."""
        return self.numpy_type(value)

    def __eq__(self, other):
        if isinstance(other, DType):
            return self is other
        try:
            return self.dtype == np.dtype(other)
        except TypeError:
            return NotImplemented

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self):
        return hash(self.dtype)

    def __repr__(self):
        return f"arrpy.{self.name}" if self.name != "bool" else "arrpy.bool_"

    def __str__(self):
        return self.name

    def __reduce__(self):
        return (from_numpy_dtype, (self.dtype,))


bool_ = DType(np.bool_)
int8 = DType(np.int8)
int16 = DType(np.int16)
int32 = DType(np.int32)
int64 = DType(np.int64)
uint8 = DType(np.uint8)
uint16 = DType(np.uint16)
uint32 = DType(np.uint32)
uint64 = DType(np.uint64)
float32 = DType(np.float32)
float64 = DType(np.float64)
complex64 = DType(np.complex64)
complex128 = DType(np.complex128)

_ALL = (
    bool_,
    int8,
    uint8,
    int16,
    uint16,
    int32,
    uint32,
    int64,
    uint64,
    float32,
    float64,
    complex64,
    complex128,
)
SUPPORTED_DTYPE_NAMES = tuple(d.name for d in _ALL)
_BY_NUMPY = {d.dtype: d for d in _ALL}


def from_numpy_dtype(dtype, op="arrpy"):
    """The arrpy ``DType`` for a NumPy dtype; TypeError naming ``op`` if arrpy lacks it."""
    try:
        return _BY_NUMPY[dtype]
    except KeyError:
        pass
    dtype = np.dtype(dtype)
    found = _BY_NUMPY.get(dtype.newbyteorder("=")) if dtype.byteorder in "<>" else None
    if found is None:
        raise TypeError(
            f"{op}: data type {dtype.name!r} is not supported by arrpy; supported: "
            f"{', '.join(SUPPORTED_DTYPE_NAMES)}"
        )
    return found


def to_numpy_dtype(dtype, op="arrpy"):
    """Normalise any dtype spelling to a native-order ``numpy.dtype`` that arrpy supports.

    Raises TypeError for names NumPy does not know and for types arrpy does not compute with.
    """
    if isinstance(dtype, DType):
        return dtype.dtype
    try:
        numpy_dtype = np.dtype(dtype)
    except TypeError as error:
        raise TypeError(f"{op}: data type {dtype!r} not understood") from error
    return from_numpy_dtype(numpy_dtype, op).dtype


def _unwrap(value):
    if isinstance(value, DType):
        return value.dtype
    data = getattr(value, "_data", None)
    if isinstance(data, np.ndarray):
        return data
    return value


def result_type(*arrays_and_dtypes):
    """The dtype NumPy 2 would give an operation on these arrays, dtypes and scalars.

    Python scalars are weak: they adapt to the array's kind where they fit.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.result_type(arrpy.int8, arrpy.float32)
    arrpy.float32
    >>> arrpy.result_type(arrpy.zeros(3, dtype="int8"), 1)
    arrpy.int8
    """
    if not arrays_and_dtypes:
        raise ValueError("result_type: at least one array or dtype is required")
    resolved = np.result_type(*(_unwrap(v) for v in arrays_and_dtypes))
    return from_numpy_dtype(resolved, "result_type")


def can_cast(from_, to, casting="safe"):
    """True if a cast from ``from_`` (dtype or array) to dtype ``to`` is allowed by ``casting``.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.can_cast(arrpy.int32, arrpy.float64)
    True
    >>> arrpy.can_cast("float64", "int64", casting="same_kind")
    False
    """
    source = _unwrap(from_)
    if not isinstance(source, np.ndarray):
        source = to_numpy_dtype(source, "can_cast")
    return bool(np.can_cast(source, to_numpy_dtype(to, "can_cast"), casting=casting))


def finfo(dtype):
    """Machine limits of a floating or complex dtype (``numpy.finfo``).

    Examples
    --------
    >>> import arrpy
    >>> float(arrpy.finfo(arrpy.float32).eps)
    1.1920928955078125e-07
    """
    numpy_dtype = to_numpy_dtype(_dtype_of(dtype), "finfo")
    if numpy_dtype.kind not in "fc":
        raise ValueError(f"finfo: data type {numpy_dtype.name!r} is not inexact")
    return np.finfo(numpy_dtype)


def iinfo(dtype):
    """Machine limits of an integer dtype (``numpy.iinfo``).

    Examples
    --------
    >>> import arrpy
    >>> int(arrpy.iinfo(arrpy.int8).min)
    -128
    """
    numpy_dtype = to_numpy_dtype(_dtype_of(dtype), "iinfo")
    if numpy_dtype.kind not in "iu":
        raise ValueError(f"iinfo: invalid integer data type {numpy_dtype.name!r}")
    return np.iinfo(numpy_dtype)


def _dtype_of(value):
    data = getattr(value, "_data", None)
    return data.dtype if isinstance(data, np.ndarray) else value
