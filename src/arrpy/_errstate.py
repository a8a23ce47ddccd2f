"""Floating-point and integer error handling: ``errstate``, ``seterr``, ``geterr``.

Kernels return status flags (``backends/abi.h``); the front end turns them into NumPy's
RuntimeWarnings or FloatingPointErrors according to the current settings, which live in a
context variable (so threads and asyncio tasks each see their own ``with errstate(...)``).
"""

import contextlib
import contextvars
import warnings

__all__ = ["errstate", "geterr", "seterr", "report_status"]

_CATEGORIES = ("divide", "over", "under", "invalid")
_MODES = ("ignore", "warn", "raise")
# NumPy's defaults: underflow is ignored, everything else warns.
_DEFAULT = {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}
_settings = contextvars.ContextVar("arrpy_errstate", default=_DEFAULT)

# Status flags of the kernel ABI (abi.h) -> (category, NumPy's wording).
_STATUS_DIVIDE_BY_ZERO = 1
_STATUS_OVERFLOW = 2
_STATUS_INVALID = 4
_STATUS_NEGATIVE_INTEGER_POWER = 8
_FLAG_MESSAGES = (
    (_STATUS_DIVIDE_BY_ZERO, "divide", "divide by zero"),
    (_STATUS_OVERFLOW, "over", "overflow"),
    (_STATUS_INVALID, "invalid", "invalid value"),
)


def _updated(current, all=None, **categories):
    new = dict(current)
    if all is not None:
        new.update(dict.fromkeys(_CATEGORIES, all))
    for category, mode in categories.items():
        if mode is not None:
            new[category] = mode
    for category, mode in new.items():
        if mode not in _MODES:
            raise ValueError(
                f"errstate: {category}={mode!r} is not supported; use one of {', '.join(_MODES)}"
            )
    return new


def geterr():
    """The current handling of floating-point and integer errors.

    Returns
    -------
    dict
        ``{"divide": mode, "over": mode, "under": mode, "invalid": mode}``, each mode one of
        ``"ignore"``, ``"warn"``, ``"raise"``.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.geterr()["divide"]
    'warn'
    """
    return dict(_settings.get())


def seterr(all=None, divide=None, over=None, under=None, invalid=None):
    """Set how errors are handled (for the current context); return the old settings.

    Parameters
    ----------
    all : {"ignore", "warn", "raise"}, optional
        Set every category at once (the others override it).
    divide, over, under, invalid : {"ignore", "warn", "raise"}, optional
        Division by zero, overflow, underflow, invalid operation.

    Returns
    -------
    dict
        The settings before the call.

    Examples
    --------
    >>> import arrpy
    >>> old = arrpy.seterr(divide="ignore")
    >>> arrpy.array([1, 2]) // 0
    ArrPy([0, 0])
    >>> _ = arrpy.seterr(**old)
    """
    old = geterr()
    _settings.set(_updated(old, all, divide=divide, over=over, under=under, invalid=invalid))
    return old


class errstate(contextlib.ContextDecorator):
    """Context manager (and decorator) for error handling, like ``numpy.errstate``.

    Parameters
    ----------
    all, divide, over, under, invalid : {"ignore", "warn", "raise"}, optional
        As in ``seterr``; the settings apply inside the ``with`` block only.

    Notes
    -----
    arrpy reports what its kernels detect: integer division by zero and overflow of
    ``MIN // -1``. Floating-point exceptions (``1.0 / 0.0``) are not reported yet.

    Examples
    --------
    >>> import arrpy
    >>> with arrpy.errstate(divide="raise"):
    ...     arrpy.array([1]) // 0
    Traceback (most recent call last):
    ...
    FloatingPointError: divide by zero encountered in floor_divide
    """

    def __init__(self, *, all=None, divide=None, over=None, under=None, invalid=None):
        self._changes = {
            "all": all, "divide": divide, "over": over, "under": under, "invalid": invalid
        }  # fmt: skip
        _updated(_DEFAULT, **self._changes)  # validate now, as NumPy does
        self._tokens = []

    def __enter__(self):
        self._tokens.append(_settings.set(_updated(_settings.get(), **self._changes)))
        return self

    def __exit__(self, *exc_info):
        _settings.reset(self._tokens.pop())
        return False


def report_status(op, status):
    """Turn a kernel's status flags into NumPy's warning or error for ``op``."""
    if status & _STATUS_NEGATIVE_INTEGER_POWER:
        raise ValueError("Integers to negative integer powers are not allowed.")
    settings = _settings.get()
    for flag, category, wording in _FLAG_MESSAGES:
        if not status & flag:
            continue
        mode = settings[category]
        message = f"{wording} encountered in {op}"
        if mode == "raise":
            raise FloatingPointError(message)
        if mode == "warn":
            warnings.warn(message, RuntimeWarning, stacklevel=4)
