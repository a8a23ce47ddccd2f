"""arrpy: a NumPy-compatible N-dimensional array with three interchangeable compute backends.

Every compute operation exists three times, in pure Python (``"python"``, the readable
specification), in Cython (``"cython"``) and in C++ with SIMD and threads (``"c"``, the default),
with the same results. NumPy owns the memory: each ``ArrPy`` wraps one ``numpy.ndarray`` and the
compiled kernels work on its buffer directly.

>>> import arrpy
>>> a = arrpy.arange(4.0)
>>> with arrpy.backend("python"):
...     print(a * 2)
[0. 2. 4. 6.]
"""

import os as _os

# The Cython backend uses OpenMP. Idle OpenMP threads must sleep rather than spin, or they fight
# NumPy's OpenBLAS threads and arrpy's own C++ pool for the cores (measured: a 100x100 matmul
# 100x slower). This must be set before the OpenMP runtime loads.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from arrpy import (  # noqa: E402  (the category modules, for their __all__)
    arithmetic,
    bitwise,
    histograms,
    linalg,
    logic,
    mathematical,
    nanfunctions,
    order_statistics,
    products,
    reductions,
    scans,
    statistics,
)
from arrpy._array import ArrPy  # noqa: E402
from arrpy._config import (  # noqa: E402
    Backend,
    backend,
    get_backend,
    get_num_threads,
    set_backend,
    set_num_threads,
)
from arrpy._dtypes import (  # noqa: E402
    DType,
    bool_,
    can_cast,
    complex64,
    complex128,
    finfo,
    float32,
    float64,
    iinfo,
    int8,
    int16,
    int32,
    int64,
    result_type,
    uint8,
    uint16,
    uint32,
    uint64,
)
from arrpy._errstate import errstate, geterr, seterr  # noqa: E402
from arrpy._registry import (  # noqa: E402
    BackendUnavailableError,
    backend_coverage,
    show_backend_status,
)
from arrpy.arithmetic import *  # noqa: E402, F403
from arrpy.bitwise import *  # noqa: E402, F403
from arrpy.creation import (  # noqa: E402
    arange,
    array,
    asarray,
    empty,
    empty_like,
    eye,
    full,
    full_like,
    identity,
    linspace,
    ones,
    ones_like,
    zeros,
    zeros_like,
)
from arrpy.histograms import *  # noqa: E402, F403
from arrpy.logic import *  # noqa: E402, F403
from arrpy.mathematical import *  # noqa: E402, F403
from arrpy.nanfunctions import *  # noqa: E402, F403
from arrpy.order_statistics import *  # noqa: E402, F403
from arrpy.products import *  # noqa: E402, F403
from arrpy.reductions import *  # noqa: E402, F403
from arrpy.scans import *  # noqa: E402, F403
from arrpy.statistics import *  # noqa: E402, F403

__version__ = "0.1.0"

newaxis = None

__all__ = [
    # the array and its types
    "ArrPy",
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
    "result_type",
    "can_cast",
    "finfo",
    "iinfo",
    "newaxis",
    # creation
    "array",
    "asarray",
    "zeros",
    "ones",
    "full",
    "empty",
    "zeros_like",
    "ones_like",
    "full_like",
    "empty_like",
    "arange",
    "linspace",
    "eye",
    "identity",
    # floating-point error handling
    "errstate",
    "geterr",
    "seterr",
    # backends and threads
    "Backend",
    "BackendUnavailableError",
    "backend",
    "get_backend",
    "set_backend",
    "backend_coverage",
    "show_backend_status",
    "set_num_threads",
    "get_num_threads",
    # submodules
    "linalg",
]
# The public functions, by category (each module's __all__).
__all__ += (
    arithmetic.__all__
    + logic.__all__
    + bitwise.__all__
    + mathematical.__all__
    + reductions.__all__
    + nanfunctions.__all__
    + scans.__all__
    + order_statistics.__all__
    + histograms.__all__
    + statistics.__all__
    + products.__all__
)
