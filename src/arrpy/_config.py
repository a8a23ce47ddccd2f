"""Backend selection and the thread count.

Which backend runs a call is resolved as: the innermost ``with arrpy.backend(...)`` (a
``contextvars`` value, so threads and async tasks do not leak into each other) > ``set_backend``
> the ``ARRPY_BACKEND`` environment variable > the default, ``"c"``. The state itself lives in
``arrpy._core`` so the compiled operator fast path can read it in nanoseconds.
"""

import contextlib
import enum
import os

from arrpy import _core
from arrpy._registry import BACKEND_NAMES, load_backend, loaded_backends

__all__ = [
    "Backend",
    "set_backend",
    "get_backend",
    "backend",
    "set_num_threads",
    "get_num_threads",
]

DEFAULT_BACKEND = "c"
_ALIASES = {"cpp": "c", "c++": "c", "cxx": "c", "py": "python"}


class Backend(str, enum.Enum):
    """The three implementations of every compute op."""

    PYTHON = "python"
    CYTHON = "cython"
    C = "c"

    def __str__(self):
        return self.value


def _normalize(name, where):
    if isinstance(name, Backend):
        return name.value
    if not isinstance(name, str):
        raise TypeError(
            f"{where}: backend must be a str or arrpy.Backend, got {type(name).__name__}"
        )
    key = _ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in BACKEND_NAMES:
        raise ValueError(
            f"{where}: unknown backend {name!r}; choose one of "
            + ", ".join(repr(b) for b in BACKEND_NAMES)
        )
    return key


def set_backend(name):
    """Select the backend for this process (``"python"``, ``"cython"`` or ``"c"``).

    Raises ValueError for an unknown name and ``BackendUnavailableError`` (an ImportError that
    carries the original import error) if that backend's extension failed to build or import.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.set_backend("cython")
    >>> arrpy.get_backend()
    <Backend.CYTHON: 'cython'>
    >>> arrpy.set_backend("c")
    """
    key = _normalize(name, "set_backend")
    load_backend(key)
    _core.set_global_backend(key)


def get_backend():
    """The backend in effect here (context manager, else ``set_backend``, env var, default).

    Examples
    --------
    >>> import arrpy
    >>> with arrpy.backend("python"):
    ...     arrpy.get_backend().value
    'python'
    """
    return Backend(_core.current_backend_name())


@contextlib.contextmanager
def backend(name):
    """Use backend ``name`` inside a ``with`` block (this thread / async task only).

    Examples
    --------
    >>> import arrpy
    >>> a = arrpy.array([1.0, 2.0])
    >>> with arrpy.backend("python"):
    ...     a + a
    ArrPy([2., 4.])
    """
    key = _normalize(name, "backend")
    load_backend(key)
    token = _core.backend_context.set(key)
    try:
        yield Backend(key)
    finally:
        _core.backend_context.reset(token)


def _threads_from_env():
    raw = os.environ.get("ARRPY_NUM_THREADS", "").strip()
    if not raw:
        return os.cpu_count() or 1
    try:
        count = int(raw)
    except ValueError:
        count = 0
    if count < 1:
        raise ValueError(f"ARRPY_NUM_THREADS must be a positive integer, got {raw!r}")
    return count


_num_threads = None


def set_num_threads(n):
    """Number of threads the compiled backends split large work across (the caller is one).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.set_num_threads(1)
    >>> arrpy.get_num_threads()
    1
    >>> arrpy.set_num_threads(2)
    """
    global _num_threads
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"set_num_threads: n must be an int, got {type(n).__name__}")
    if n < 1:
        raise ValueError(f"set_num_threads: n must be >= 1, got {n}")
    _num_threads = n
    for module in loaded_backends():
        if hasattr(module, "set_num_threads"):
            module.set_num_threads(n)


def get_num_threads():
    """The thread count set by ``set_num_threads``, else ``ARRPY_NUM_THREADS``, else the cores.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.get_num_threads() >= 1
    True
    """
    global _num_threads
    if _num_threads is None:
        _num_threads = _threads_from_env()
    return _num_threads


def _init_from_env():
    raw = os.environ.get("ARRPY_BACKEND", "").strip()
    _core.set_global_backend(_normalize(raw, "ARRPY_BACKEND") if raw else DEFAULT_BACKEND)


_init_from_env()
