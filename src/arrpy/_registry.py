"""The kernel registry: (op, dtype, backend) -> kernel.

Backends are loaded lazily, the first time a kernel of theirs is needed; each registers every
kernel it has. ``backend_coverage`` and ``show_backend_status`` are computed from this table, never
written by hand, and a missing kernel is an error that names what is missing (no silent fallback
to another backend).
"""

import importlib

from arrpy._dtypes import SUPPORTED_DTYPE_NAMES, from_numpy_dtype

__all__ = [
    "BACKEND_NAMES",
    "BackendUnavailableError",
    "COUNTING",
    "FACTORIZATIONS",
    "FAMILIES",
    "KERNELS",
    "OPS",
    "PRODUCTS",
    "REDUCTIONS",
    "SCANS",
    "SELECTIONS",
    "load_backend",
    "loaded_backends",
    "lookup",
    "backend_coverage",
    "show_backend_status",
]

# Every backend arrpy ships, in the order the benchmark and the coverage table show them.
BACKEND_NAMES = ("python", "cython", "c")
_BACKEND_MODULES = {
    "python": "arrpy.backends.python",
    "cython": "arrpy.backends.cython",
    "c": "arrpy.backends.cpp",
}

_BOOL_AND_INTEGERS = tuple(
    n for n in SUPPORTED_DTYPE_NAMES if not n.startswith(("float", "complex"))
)
_INTEGERS = _BOOL_AND_INTEGERS[1:]
_FLOATS = ("float32", "float64")
_COMPLEX = ("complex64", "complex128")
_NUMBERS = _INTEGERS + _FLOATS + _COMPLEX  # every dtype but bool
_INEXACT = _FLOATS + _COMPLEX

# Every compute op arrpy exposes, with the dtypes NumPy defines it for. The registry walk in the
# tests checks that each backend has a kernel for each of these pairs.
OPS = {
    "add": SUPPORTED_DTYPE_NAMES,
    "subtract": tuple(n for n in SUPPORTED_DTYPE_NAMES if n != "bool"),
    "multiply": SUPPORTED_DTYPE_NAMES,
    "divide": ("float32", "float64", "complex64", "complex128"),
    "equal": SUPPORTED_DTYPE_NAMES,
    "not_equal": SUPPORTED_DTYPE_NAMES,
    "less": SUPPORTED_DTYPE_NAMES,
    "less_equal": SUPPORTED_DTYPE_NAMES,
    "greater": SUPPORTED_DTYPE_NAMES,
    "greater_equal": SUPPORTED_DTYPE_NAMES,
    "logical_and": SUPPORTED_DTYPE_NAMES,
    "logical_or": SUPPORTED_DTYPE_NAMES,
    "logical_xor": SUPPORTED_DTYPE_NAMES,
    "bitwise_and": _BOOL_AND_INTEGERS,
    "bitwise_or": _BOOL_AND_INTEGERS,
    "bitwise_xor": _BOOL_AND_INTEGERS,
    "floor_divide": _INTEGERS + _FLOATS,
    "remainder": _INTEGERS + _FLOATS,
    "power": _NUMBERS,
    "maximum": SUPPORTED_DTYPE_NAMES,
    "minimum": SUPPORTED_DTYPE_NAMES,
    "fmax": SUPPORTED_DTYPE_NAMES,
    "fmin": SUPPORTED_DTYPE_NAMES,
    "copysign": _FLOATS,
    "hypot": _FLOATS,
    "arctan2": _FLOATS,
    "logaddexp": _FLOATS,
    "left_shift": _INTEGERS,
    "right_shift": _INTEGERS,
    # unary
    "negative": _NUMBERS,
    "positive": _NUMBERS,
    "absolute": SUPPORTED_DTYPE_NAMES,
    "reciprocal": _NUMBERS,
    "square": _NUMBERS,
    "sqrt": _INEXACT,
    "cbrt": _FLOATS,
    **dict.fromkeys(
        (
            "exp",
            "exp2",
            "expm1",
            "log",
            "log2",
            "log10",
            "log1p",
            "sin",
            "cos",
            "tan",
            "arcsin",
            "arccos",
            "arctan",
            "sinh",
            "cosh",
            "tanh",
            "arcsinh",
            "arccosh",
            "arctanh",
            "rint",
        ),
        _INEXACT,
    ),
    "deg2rad": _FLOATS,
    "rad2deg": _FLOATS,
    "floor": _BOOL_AND_INTEGERS + _FLOATS,
    "ceil": _BOOL_AND_INTEGERS + _FLOATS,
    "trunc": _BOOL_AND_INTEGERS + _FLOATS,
    "sign": _NUMBERS,
    "conjugate": _NUMBERS,
    "invert": _BOOL_AND_INTEGERS,
    "isnan": SUPPORTED_DTYPE_NAMES,
    "isinf": SUPPORTED_DTYPE_NAMES,
    "isfinite": SUPPORTED_DTYPE_NAMES,
    "signbit": _FLOATS,
    "logical_not": SUPPORTED_DTYPE_NAMES,
}


def _reduction_pairs():
    """(input dtype, accumulator dtype) pairs of sum and prod (see abi.h)."""
    pairs = [(d, d) for d in SUPPORTED_DTYPE_NAMES]
    signed = [d for d in _INTEGERS if d.startswith("int")]
    unsigned = [d for d in _INTEGERS if d.startswith("uint")]
    pairs += [(d, "int64") for d in ["bool", *signed] if d != "int64"]
    pairs += [(d, "uint64") for d in ["bool", *unsigned] if d != "uint64"]
    pairs += [(d, "float64") for d in ["bool", *_INTEGERS, "float32"]]
    return tuple(f"{a}->{b}" for a, b in pairs)


# Reductions along one axis: op -> "input->output" dtype pairs (the kernel ABI's reduce_nd).
REDUCTIONS = {
    "sum": _reduction_pairs(),
    "prod": _reduction_pairs(),
    "min": tuple(f"{d}->{d}" for d in SUPPORTED_DTYPE_NAMES),
    "max": tuple(f"{d}->{d}" for d in SUPPORTED_DTYPE_NAMES),
    "all": tuple(f"{d}->bool" for d in SUPPORTED_DTYPE_NAMES),
    "any": tuple(f"{d}->bool" for d in SUPPORTED_DTYPE_NAMES),
    "argmin": tuple(f"{d}->int64" for d in SUPPORTED_DTYPE_NAMES),
    "argmax": tuple(f"{d}->int64" for d in SUPPORTED_DTYPE_NAMES),
    # The numerator of var, fused: sum |x - mean|^2 in the real computation dtype.
    "sumsqdev": tuple(f"{d}->float64" for d in _BOOL_AND_INTEGERS)
    + ("float32->float32", "float32->float64", "float64->float64", "complex64->float32",
       "complex64->float64", "complex128->float64"),
}


# Matrix products (the kernel ABI's matmul_nd): op -> dtypes. Every linear-algebra product
# (dot, inner, tensordot, ...) is computed by this kernel.
PRODUCTS = {"matmul": SUPPORTED_DTYPE_NAMES}

# Factorizations and solves (the kernel ABI's linalg_nd): op -> dtypes. numpy.linalg computes in
# double precision only (float64 or complex128) and casts single-precision results back.
FACTORIZATIONS = dict.fromkeys(
    ("lu_factor", "lu_solve", "cholesky", "qr", "qr_q", "eigh", "eig", "svd"),
    ("float64", "complex128"),
)


# Scans along one axis (the kernel ABI's scan_nd): op -> "input->output" dtype pairs, those of
# sum and prod (NumPy's accumulator rules).
SCANS = {"cumsum": _reduction_pairs(), "cumprod": _reduction_pairs()}

_DTYPE_PAIRS = {}  # (op, input dtype, output dtype, computation) -> dtype_pair's answer


def dtype_pair(op, source, target, computation=None):
    """The "input->output" name of the REDUCTIONS / SCANS kernel for ``op`` from numpy dtype
    ``source`` to ``target``, and whether the input must first be cast to ``computation``
    (default: ``target``) because there is no such kernel (e.g. sum(float64, dtype=float32):
    NumPy computes in the requested dtype). Remembered per dtypes: it was a fifth of a small
    reduction's time, and numpy.dtype.name is computed in Python on every access."""
    key = (op, source, target, computation)
    found = _DTYPE_PAIRS.get(key)
    if found is None:
        target_name = from_numpy_dtype(target).name
        pair = f"{from_numpy_dtype(source).name}->{target_name}"
        if pair in (REDUCTIONS[op] if op in REDUCTIONS else SCANS[op]):
            found = (pair, False)
        else:
            cast_name = from_numpy_dtype(target if computation is None else computation).name
            found = (f"{cast_name}->{target_name}", True)
        _DTYPE_PAIRS[key] = found
    return found

# Selection (the kernel ABI's partition_nd): np.partition's in-place partial sort along one axis,
# on which median, percentile and quantile are built. Every dtype has it.
SELECTIONS = {"partition": SUPPORTED_DTYPE_NAMES}

# Counting and searching (abi.h arrpy_counting_op) -> dtypes: bincount of int64 indices (counts,
# or float64 weighted sums), searchsorted of real values, histogram with equal bins of float32 /
# float64 values.
COUNTING = {
    "bincount": ("int64",),
    "searchsorted": _BOOL_AND_INTEGERS + _FLOATS,
    "histogram": _FLOATS,
}

# Every kernel family, in the order show_backend_status lists them.
FAMILIES = {
    "elementwise": OPS,
    "reductions": REDUCTIONS,
    "scans": SCANS,
    "selection": SELECTIONS,
    "counting": COUNTING,
    "products": PRODUCTS,
    "factorizations": FACTORIZATIONS,
}

# Everything a backend must implement: the elementwise ops by dtype, the other families by dtype
# or "input->output" dtype pair. The registry walk, backend_coverage and show_backend_status use
# it.
KERNELS = {op: dtypes for family in FAMILIES.values() for op, dtypes in family.items()}


class BackendUnavailableError(ImportError):
    """A compiled backend failed to build or import; the original ImportError is the cause."""


# (op, dtype name, backend) -> kernel(x1, x2, out) for binary ops, kernel(x, out) for unary ops
_kernels = {}
_modules = {}  # backend name -> loaded module
_load_errors = {}  # backend name -> the exception its import raised


def load_backend(name):
    """Import backend ``name`` and register its kernels (once); return its module.

    Raises BackendUnavailableError, carrying the import error, if it cannot be loaded.
    """
    module = _modules.get(name)
    if module is not None:
        return module
    if name in _load_errors:
        _raise_unavailable(name)
    try:
        module = importlib.import_module(_BACKEND_MODULES[name])
    except ImportError as error:
        _load_errors[name] = error
        _raise_unavailable(name)
    _register(name, module)
    if hasattr(module, "set_num_threads"):
        from arrpy._config import get_num_threads

        module.set_num_threads(get_num_threads())
    _modules[name] = module
    return module


def loaded_backends():
    """The backend modules loaded so far."""
    return list(_modules.values())


def _raise_unavailable(name):
    error = _load_errors[name]
    raise BackendUnavailableError(
        f"arrpy backend {name!r} is not available: its extension failed to import "
        f"({type(error).__name__}: {error}). Reinstall arrpy with a working C/C++ compiler "
        f"(pip install --force-reinstall --no-cache-dir arrpy) or choose another backend."
    ) from error


def _register(name, module):
    from arrpy import _core

    if name == "python":
        for op, dtype_name in module.supported_binary():
            _kernels[(op, dtype_name, name)] = module.binary_kernel(op, dtype_name)
        for op, dtype_name in module.supported_unary():
            _kernels[(op, dtype_name, name)] = module.unary_kernel(op, dtype_name)
        for op, pair in getattr(module, "supported_reduce", list)():
            _kernels[(op, pair, name)] = module.reduce_kernel(op, pair)
        for dtype_name in getattr(module, "supported_matmul", list)():
            _kernels[("matmul", dtype_name, name)] = module.matmul_kernel(dtype_name)
        for op, dtype_name in getattr(module, "supported_linalg", list)():
            _kernels[(op, dtype_name, name)] = module.linalg_kernel(op, dtype_name)
        # stats (issue 4): counting and searching
        for op, dtype_name in getattr(module, "supported_counting", list)():
            _kernels[(op, dtype_name, name)] = module.counting_kernel(op, dtype_name)
        # scans (cumsum, cumprod)
        for op, pair in getattr(module, "supported_scan", list)():
            _kernels[(op, pair, name)] = module.scan_kernel(op, pair)
        # selection (partition_nd)
        for dtype_name in getattr(module, "supported_partition", list)():
            _kernels[("partition", dtype_name, name)] = module.partition_kernel(dtype_name)
        return
    table = module.kernel_table()
    _core.register_kernel_table(table)
    for ops, supports, run in (
        (_core.BINARY_OPS, table.supports_binary, table.binary),
        (_core.COMPARE_OPS, table.supports_compare, table.compare),
    ):
        for op, op_code in ops.items():
            for dtype_name, dtype_code in _core.DTYPE_CODES.items():
                if supports(op_code, dtype_code):
                    _kernels[(op, dtype_name, name)] = _compiled_kernel(run, op_code)
    for op, op_code in _core.UNARY_OPS.items():
        for dtype_name, dtype_code in _core.DTYPE_CODES.items():
            if table.supports_unary(op_code, dtype_code):
                _kernels[(op, dtype_name, name)] = _compiled_unary_kernel(table.unary, op_code)
    for op, op_code in _core.REDUCE_OPS.items():
        for pair in REDUCTIONS[op]:
            source, target = pair.split("->")
            codes = _core.DTYPE_CODES[source], _core.DTYPE_CODES[target]
            if table.supports_reduce(op_code, *codes):
                _kernels[(op, pair, name)] = _compiled_unary_kernel(table.reduce, op_code)
    for dtype_name, dtype_code in _core.DTYPE_CODES.items():
        if table.supports_matmul(dtype_code):
            _kernels[("matmul", dtype_name, name)] = table.matmul
    for op, op_code in _core.LINALG_OPS.items():
        for dtype_name, dtype_code in _core.DTYPE_CODES.items():
            if table.supports_linalg(op_code, dtype_code):
                _kernels[(op, dtype_name, name)] = _compiled_linalg_kernel(table.linalg, op_code)
    # stats (issue 4): counting and searching
    for op, op_code in _core.COUNTING_OPS.items():
        for dtype_name, dtype_code in _core.DTYPE_CODES.items():
            if table.supports_counting(op_code, dtype_code):
                _kernels[(op, dtype_name, name)] = getattr(table, op)
    # scans (cumsum, cumprod)
    for op, op_code in _core.SCAN_OPS.items():
        for pair in SCANS[op]:
            source, target = pair.split("->")
            codes = _core.DTYPE_CODES[source], _core.DTYPE_CODES[target]
            if table.supports_scan(op_code, *codes):
                _kernels[(op, pair, name)] = _compiled_unary_kernel(table.scan, op_code)
    # selection (partition_nd)
    for dtype_name, dtype_code in _core.DTYPE_CODES.items():
        if table.supports_partition(dtype_code):
            _kernels[("partition", dtype_name, name)] = table.partition


def _compiled_kernel(run, op_code):
    def kernel(x1, x2, out):
        return run(op_code, x1, x2, out)

    return kernel


def _compiled_linalg_kernel(run, op_code):
    def kernel(a, **arrays):
        return run(op_code, a, **arrays)

    return kernel


def _compiled_unary_kernel(run, op_code):
    def kernel(x, out):
        return run(op_code, x, out)

    return kernel


def lookup(op, dtype_name, backend):
    """The kernel for ``op`` on ``dtype_name`` in ``backend``.

    Raises NotImplementedError naming the op, the dtype and the backends that do have it.
    """
    kernel = _kernels.get((op, dtype_name, backend))
    if kernel is not None:
        return kernel
    load_backend(backend)
    kernel = _kernels.get((op, dtype_name, backend))
    if kernel is not None:
        return kernel
    having = [b for b in BACKEND_NAMES if _has(op, dtype_name, b)]
    raise NotImplementedError(
        f"{op}: the {backend!r} backend has no kernel for dtype {dtype_name}; "
        f"backends with one: {', '.join(having) if having else 'none'}"
    )


def _has(op, dtype_name, backend):
    try:
        load_backend(backend)
    except BackendUnavailableError:
        return False
    return (op, dtype_name, backend) in _kernels


def backend_coverage():
    """Which backends implement which (op, dtype), from the registry.

    Returns
    -------
    dict
        ``{op: {dtype name: [backend names that have the kernel]}}`` for every op and every dtype
        NumPy defines it for. A backend that failed to load has no kernels.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.backend_coverage()["add"]["float64"]
    ['python', 'cython', 'c']
    """
    return {
        op: {d: [b for b in BACKEND_NAMES if _has(op, d, b)] for d in dtypes}
        for op, dtypes in KERNELS.items()
    }


def show_backend_status(file=None):
    """Print which backends loaded, their SIMD target and kernel coverage (from the registry).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.show_backend_status()  # doctest: +ELLIPSIS
    arrpy backends ...
    """
    from arrpy._config import get_backend, get_num_threads

    lines = [f"arrpy backends (selected: {get_backend().value}, threads: {get_num_threads()})"]
    coverage = backend_coverage()
    total = sum(len(dtypes) for dtypes in KERNELS.values())
    for name in BACKEND_NAMES:
        try:
            module = load_backend(name)
        except BackendUnavailableError as error:
            lines.append(f"  {name:<7} UNAVAILABLE: {error.__cause__}")
            continue
        have = sum(
            name in backends for by_dtype in coverage.values() for backends in by_dtype.values()
        )
        lines.append(
            f"  {name:<7} loaded, simd: {module.simd_target():<11} kernels: {have}/{total}"
        )
    for op, by_dtype in coverage.items():
        missing = [
            f"{d} ({', '.join(sorted(set(BACKEND_NAMES) - set(b)))})"
            for d, b in by_dtype.items()
            if len(b) < len(BACKEND_NAMES)
        ]
        lines.append(
            f"  {op:<9} " + ("complete" if not missing else "missing: " + "; ".join(missing))
        )
    print("\n".join(lines), file=file)
