"""Reading and writing ndarray buffers as Python values, through the buffer protocol only.

The python backend sees an ndarray's memory as a ``memoryview`` of one of the ``struct`` module's
element formats. Complex numbers have no ``struct`` format, so they are read as (real, imag) pairs
of floats and reassembled.
"""

from array import array

__all__ = ["element_format", "read_values", "write_values"]

# arrpy dtype name -> (struct format of one component, number of components per element)
_FORMATS = {
    "bool": ("?", 1),
    "int8": ("b", 1),
    "uint8": ("B", 1),
    "int16": ("h", 1),
    "uint16": ("H", 1),
    "int32": ("i", 1),
    "uint32": ("I", 1),
    "int64": ("q", 1),
    "uint64": ("Q", 1),
    "float32": ("f", 1),
    "float64": ("d", 1),
    "complex64": ("f", 2),
    "complex128": ("d", 2),
}


def element_format(dtype_name):
    """``(struct format, components per element)`` of an arrpy dtype name."""
    return _FORMATS[dtype_name]


def _flat_view(arr, fmt):
    """A 1-D memoryview of ``arr``'s elements in C order (a zero-copy view when contiguous)."""
    view = memoryview(arr)
    if view.c_contiguous:
        return view.cast("B").cast(fmt)
    # Strided, negative-stride or broadcast (stride 0) views: tobytes() gathers in C order.
    return memoryview(view.tobytes()).cast(fmt)


def read_values(arr, dtype_name):
    """All elements of ``arr`` in C order as a sequence of Python bool/int/float/complex."""
    fmt, parts = _FORMATS[dtype_name]
    flat = _flat_view(arr, fmt)
    if parts == 1:
        return flat
    return list(map(complex, flat[0::2], flat[1::2]))


def write_values(arr, dtype_name, values):
    """Store ``values`` (Python numbers, C order, already in range for the dtype) into ``arr``."""
    fmt, parts = _FORMATS[dtype_name]
    if parts == 2:
        values = [part for z in values for part in (z.real, z.imag)]
    # array.array has no bool typecode; a bool is stored as the byte 0 or 1.
    packed = memoryview(array("B" if fmt == "?" else fmt, values)).cast("B")
    target = memoryview(arr)
    if target.c_contiguous:
        target.cast("B")[:] = packed
        return
    # A strided output (a user's out= view or an in-place op on a view). The buffer protocol has
    # no way to address the base memory of a strided view, so the bytes are placed by NumPy's
    # copy: moving memory, not computing. The values themselves were computed above.
    import numpy

    numpy.copyto(arr, numpy.frombuffer(packed, dtype=arr.dtype).reshape(arr.shape))
