"""Timing machinery shared by ``python -m arrpy bench`` and the scripts in ``benchmarks/``.

Method: each candidate (NumPy, or arrpy under one backend) is one Python statement timed with
``timeit`` (no function-call overhead around the statement, garbage collector off). It is warmed
up, then calibrated so that one sample (``number`` back-to-back calls) lasts at least
``min_sample_time``. Samples of all candidates are then taken in rounds, one sample of each
candidate per round, in a rotating order, so that the machine's noise (this may be a shared
machine) falls on all of them alike. The reported figure is the median time per call.
"""

import contextlib
import os
import platform
import statistics
import sys
import timeit
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "Candidate",
    "Measurement",
    "measure_interleaved",
    "machine_info",
    "format_time",
    "Symbols",
]

NOISY_SPREAD = 0.20  # interquartile range / median above which a figure is flagged as noisy


@dataclass
class Candidate:
    """One thing to time: ``stmt`` evaluated with ``namespace`` as globals inside ``context()``."""

    label: str
    stmt: str
    namespace: dict
    context: Callable = contextlib.nullcontext
    budget: float | None = None  # seconds of sampling allowed (slow candidates); None: all
    min_samples: int = 3  # samples taken even when over budget


@dataclass
class Measurement:
    label: str
    number: int  # calls per sample
    samples: list = field(default_factory=list)  # seconds per call, one per sample

    @property
    def median(self):
        return statistics.median(self.samples)

    @property
    def best(self):
        return min(self.samples)

    @property
    def quartiles(self):
        if len(self.samples) < 2:
            return self.samples[0], self.samples[0]
        q1, _, q3 = statistics.quantiles(self.samples, n=4, method="inclusive")
        return q1, q3

    @property
    def spread(self):
        """Interquartile range relative to the median."""
        q1, q3 = self.quartiles
        return (q3 - q1) / self.median if self.median > 0 else 0.0

    @property
    def noisy(self):
        return self.spread > NOISY_SPREAD

    def as_dict(self):
        q1, q3 = self.quartiles
        return {
            "label": self.label,
            "number": self.number,
            "median": self.median,
            "min": self.best,
            "q1": q1,
            "q3": q3,
            "samples": self.samples,
        }


def _calibrate(timer, min_sample_time):
    """Calls per sample so that a sample lasts at least ``min_sample_time``; and its duration."""
    number = 1
    while True:
        elapsed = timer.timeit(number)
        if elapsed >= min_sample_time:
            return number, elapsed
        if elapsed <= 0:
            number *= 10
            continue
        # Jump near the target (with 20% margin) but at least double.
        number = max(number * 2, int(number * min_sample_time * 1.2 / elapsed) + 1)


def _rounds_for(count, repeats):
    """Which of ``repeats`` rounds a candidate with ``count`` samples takes part in (spread out)."""
    if count >= repeats:
        return set(range(repeats))
    return {int(i * repeats / count) for i in range(count)}


def measure_interleaved(candidates, repeats, min_sample_time, progress=None):
    """Time ``candidates`` in interleaved rounds; return ``{label: Measurement}``.

    ``progress(round_index, repeats)`` is called before each round when given.
    """
    timers = {}
    plans = {}
    results = {}
    for cand in candidates:
        timer = timeit.Timer(cand.stmt, globals=cand.namespace)
        with cand.context():
            timer.timeit(1)  # warm-up (first call, caches, pool)
            number, elapsed = _calibrate(timer, min_sample_time)
        count = repeats
        if cand.budget is not None:
            count = max(cand.min_samples, int(cand.budget / max(elapsed, 1e-9)))
            count = min(count, repeats)
        timers[cand.label] = timer
        plans[cand.label] = _rounds_for(count, repeats)
        results[cand.label] = Measurement(cand.label, number)
    for r in range(repeats):
        if progress is not None:
            progress(r, repeats)
        shift = r % len(candidates)
        order = candidates[shift:] + candidates[:shift]
        for cand in order:
            if r not in plans[cand.label]:
                continue
            m = results[cand.label]
            with cand.context():
                elapsed = timers[cand.label].timeit(m.number)
            m.samples.append(elapsed / m.number)
    return results


# ---------------------------------------------------------------------------------------------
# Machine description and formatting
# ---------------------------------------------------------------------------------------------


def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Model", "Hardware", "cpu model"):
                    if value.strip():
                        return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def machine_info():
    """A dict describing this machine and the libraries being measured."""
    import numpy as np

    import arrpy

    info = {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "numpy": np.__version__,
        "arrpy": arrpy.__version__,
        "threads": arrpy.get_num_threads(),
    }
    try:
        info["cores_usable"] = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        info["cores_usable"] = info["cores"]
    try:
        from arrpy.backends import cpp

        info["simd"] = cpp.simd_target()
    except ImportError as error:
        info["simd"] = f"unavailable ({error.__class__.__name__})"
    try:
        info["loadavg"] = [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        info["loadavg"] = None
    return info


def format_machine_info(info):
    cores = f"{info['cores']} cores"
    if info.get("cores_usable") not in (None, info["cores"]):
        cores += f" ({info['cores_usable']} usable)"
    lines = [
        f"machine : {info['cpu']}, {cores}, {info['platform']}",
        f"software: arrpy {info['arrpy']}, numpy {info['numpy']}, Python {info['python']}",
        f"arrpy   : C++ SIMD target {info['simd']}, {info['threads']} thread(s)",
    ]
    if info.get("loadavg") is not None:
        lines[0] += f", load average {' '.join(str(x) for x in info['loadavg'])}"
    return lines


class Symbols:
    """Unicode symbols when the output stream can encode them, ASCII otherwise."""

    def __init__(self, stream=None):
        stream = stream or sys.stdout
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            "µ—×".encode(encoding)
            unicode_ok = True
        except (UnicodeEncodeError, LookupError):
            unicode_ok = False
        self.micro = "µ" if unicode_ok else "u"
        self.dash = "—" if unicode_ok else "-"
        self.times = "×" if unicode_ok else "x"


def format_time(seconds, symbols=None):
    """``seconds`` in ns / µs / ms / s with three significant digits."""
    symbols = symbols or Symbols()
    if seconds is None:
        return symbols.dash
    units = (("ns", 1e-9), (symbols.micro + "s", 1e-6), ("ms", 1e-3), ("s", 1.0))
    for i, (unit, scale) in enumerate(units):
        value = seconds / scale
        if value < 999.5 or i == len(units) - 1:
            if value < 9.995:
                return f"{value:.2f} {unit}"
            if value < 99.95:
                return f"{value:.1f} {unit}"
            return f"{value:.0f} {unit}"
    raise AssertionError("unreachable")
