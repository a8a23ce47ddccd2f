"""``python -m arrpy bench``: time every backend against NumPy.

For each op of ``arrpy.bench.ops.OPS`` and each size, NumPy and arrpy under each backend run the
same Python statement (``a + b`` ...). Before any timing, every (op, size, backend) result is
checked against NumPy's; a mismatch aborts the run. Timing is described in
``arrpy.bench.timing``: warm-up, calibration to samples of at least ``--min-time`` ms, samples of
all candidates interleaved in rounds, median per call. The python backend is slow, so it is
skipped above ``--python-max-size`` and gets a time budget per cell (``--python-budget``).

Output: per op, one row per size with the median time per call of NumPy and each backend, the
speed-up of each compiled backend over the python backend, and each compiled backend's time
divided by NumPy's (below 1: faster than NumPy). ``--json PATH`` saves every sample.
"""

import argparse
import json
import sys
import time

import numpy as np

from arrpy.bench.ops import DEFAULT_OPS, OPS_BY_NAME
from arrpy.bench.timing import (
    Candidate,
    Symbols,
    format_machine_info,
    format_time,
    machine_info,
    measure_interleaved,
)

__all__ = ["main"]

DEFAULT_SIZES = (10, 1_000, 100_000, 1_000_000)
COMPILED = ("cython", "c")


class BenchError(Exception):
    """A condition that makes the benchmark meaningless (wrong result, missing backend)."""


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def _size(text):
    text = text.strip().replace("_", "")
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r}") from None
    if value != int(value) or value < 1:
        raise argparse.ArgumentTypeError(f"a size must be a positive integer, got {text!r}")
    return int(value)


def _size_list(text):
    sizes = [_size(part) for part in text.split(",") if part.strip()]
    if not sizes:
        raise argparse.ArgumentTypeError("no sizes given")
    return sorted(set(sizes))


def _name_list(choices, what):
    def parse(text):
        names = [part.strip() for part in text.split(",") if part.strip()]
        if names == ["all"]:
            return list(choices)
        if not names:
            raise argparse.ArgumentTypeError(f"no {what} given")
        unknown = [n for n in names if n not in choices]
        if unknown:
            raise argparse.ArgumentTypeError(
                f"unknown {what} {', '.join(map(repr, unknown))}; choose from {', '.join(choices)}"
            )
        return [c for c in choices if c in names]  # canonical order, no duplicates

    return parse


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def build_parser():
    from arrpy._dtypes import SUPPORTED_DTYPE_NAMES
    from arrpy._registry import BACKEND_NAMES

    parser = argparse.ArgumentParser(
        prog="python -m arrpy bench",
        description="Time arrpy's backends against NumPy (median time per call).",
        epilog="Columns: time per call (median); 'speed-up vs python' = python time / backend "
        "time; 'ratio to numpy' = backend time / NumPy time (< 1: faster than NumPy). "
        "A '*' marks a noisy figure (interquartile range > 20% of the median).",
    )
    parser.add_argument(
        "--ops",
        type=_name_list(tuple(OPS_BY_NAME), "op"),
        default=list(DEFAULT_OPS),
        help=f"comma-separated ops, or 'all' (default: {','.join(DEFAULT_OPS)}; all: "
        f"{','.join(OPS_BY_NAME)})",
    )
    parser.add_argument(
        "--sizes",
        type=_size_list,
        default=list(DEFAULT_SIZES),
        help="comma-separated element counts, e.g. 10,1e3,1e5 (default: 10,1000,100000,1000000)",
    )
    parser.add_argument(
        "--dtype",
        default="float64",
        choices=SUPPORTED_DTYPE_NAMES,
        metavar="DTYPE",
        help="element type (default float64; any of " + ", ".join(SUPPORTED_DTYPE_NAMES) + ")",
    )
    parser.add_argument(
        "--backends",
        type=_name_list(BACKEND_NAMES, "backend"),
        default=list(BACKEND_NAMES),
        help="comma-separated backends (default: python,cython,c)",
    )
    parser.add_argument(
        "--repeats",
        type=_positive_int,
        default=None,
        help="samples per (op, size, backend) (default 25; 5 with --quick)",
    )
    parser.add_argument(
        "--min-time",
        type=_positive_float,
        default=None,
        metavar="MS",
        help="minimum duration of one sample in ms (default 2; 0.5 with --quick)",
    )
    parser.add_argument(
        "--threads",
        type=_positive_int,
        default=None,
        help="threads for the compiled backends (arrpy.set_num_threads)",
    )
    parser.add_argument(
        "--python-max-size",
        type=_size,
        default=1_000_000,
        metavar="N",
        help="skip the python backend above N elements (default 1000000)",
    )
    parser.add_argument(
        "--python-budget",
        type=_positive_float,
        default=None,
        metavar="SECONDS",
        help="sampling time allowed to the python backend per size "
        "(default 2; 0.25 with --quick); at least 3 samples are taken",
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer and shorter samples (CI smoke test)"
    )
    parser.add_argument("--seed", type=int, default=12345, help=argparse.SUPPRESS)
    parser.add_argument(
        "--json",
        metavar="PATH",
        default=None,
        help="also save every sample and the machine info as JSON",
    )
    return parser


# ---------------------------------------------------------------------------------------------
# Operands, correctness check
# ---------------------------------------------------------------------------------------------


def _namespaces(op, size, dtype, seed):
    """(numpy namespace, arrpy namespace) for ``op`` at ``size``; same values, separate memory."""
    import arrpy

    rng = np.random.default_rng([seed, size, sum(map(ord, op.name))])
    operands = op.setup(size, np.dtype(dtype), rng)
    np_ns = {"xp": np, "np": np, **operands}
    ap_ns = {"xp": arrpy, "np": np}
    for name, value in operands.items():
        ap_ns[name] = arrpy.array(value) if isinstance(value, np.ndarray) else value
    return np_ns, ap_ns


def _as_numpy(result):
    import arrpy

    if isinstance(result, arrpy.ArrPy):
        return result.data
    return np.asarray(result)


def _check(op, size, backend, np_ns, ap_ns):
    """Raise BenchError unless arrpy under ``backend`` gives NumPy's result."""
    import arrpy

    expected = eval(op.expr_for_numpy, dict(np_ns))
    where = f"{op.name} ({op.expr}) on {size} {np_ns['a'].dtype} elements, backend {backend!r}"
    try:
        with arrpy.backend(backend):
            got = eval(op.expr, dict(ap_ns))
    except Exception as error:
        raise BenchError(f"{where} raised {type(error).__name__}: {error}") from error
    if isinstance(expected, np.ndarray) and not isinstance(got, arrpy.ArrPy):
        raise BenchError(f"{where} returned {type(got).__name__}, not an ArrPy")
    got = _as_numpy(got)
    expected = np.asarray(expected)
    if got.shape != expected.shape or got.dtype != expected.dtype:
        raise BenchError(
            f"{where}: result has shape {got.shape} and dtype {got.dtype}, "
            f"NumPy's has shape {expected.shape} and dtype {expected.dtype}"
        )
    if expected.dtype.kind in "fc":
        ok = np.allclose(got, expected, equal_nan=True)
    else:
        ok = np.array_equal(got, expected)
    if not ok:
        bad = np.flatnonzero(
            ~np.isclose(got, expected, equal_nan=True)
            if expected.dtype.kind in "fc"
            else got != expected
        )
        i = int(bad[0])
        raise BenchError(
            f"{where} differs from NumPy at {bad.size} of {expected.size} elements; "
            f"first at flat index {i}: arrpy {got.flat[i].item()!r}, "
            f"numpy {expected.flat[i].item()!r}"
        )


# ---------------------------------------------------------------------------------------------
# Progress (stderr)
# ---------------------------------------------------------------------------------------------


class _Progress:
    def __init__(self, total, stream=None):
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.total = total
        self.done = 0
        self.label = ""

    def start_cell(self, label):
        self.done += 1
        self.label = label
        if self.tty:
            self._show("")
        else:
            print(f"[{self.done}/{self.total}] {label}", file=self.stream, flush=True)

    def round(self, r, repeats):
        if self.tty:
            self._show(f" round {r + 1}/{repeats}")

    def _show(self, extra):
        self.stream.write(f"\r\x1b[K[{self.done}/{self.total}] {self.label}{extra}")
        self.stream.flush()

    def clear(self):
        if self.tty:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def _format_speedup(value, sym):
    if value is None:
        return sym.dash
    if value >= 99.5:
        return f"{value:.0f}{sym.times}"
    if value >= 9.95:
        return f"{value:.1f}{sym.times}"
    return f"{value:.2f}{sym.times}"


def _format_ratio(value, sym):
    if value is None:
        return sym.dash
    return f"{value:.2f}" if value < 9.995 else f"{value:.1f}"


def _ratio(num, den):
    if num is None or den is None or den <= 0:
        return None
    return num / den


def format_table(op, dtype, rows, backends, sym):
    """Lines of the table of one op. ``rows``: list of (size, {label: Measurement or None})."""
    compiled = [b for b in backends if b in COMPILED]
    groups = []  # (group title, [(column title, [cells])])
    sizes = [f"{size:,}" for size, _ in rows]
    groups.append(("", [("size", sizes)]))

    def time_cell(m):
        if m is None:
            return sym.dash + " "
        return format_time(m.median, sym) + ("*" if m.noisy else " ")

    def median(m):
        return None if m is None else m.median

    time_cols = [
        (label, [time_cell(ms.get(label)) for _, ms in rows]) for label in ["numpy", *backends]
    ]
    groups.append(("time per call (median)", time_cols))
    if "python" in backends and compiled:
        groups.append(
            (
                "speed-up vs python",
                [
                    (
                        b,
                        [
                            _format_speedup(
                                _ratio(median(ms.get("python")), median(ms.get(b))), sym
                            )
                            for _, ms in rows
                        ],
                    )
                    for b in compiled
                ],
            )
        )
    if compiled:
        groups.append(
            (
                "ratio to numpy",
                [
                    (
                        f"{b}/np",
                        [
                            _format_ratio(_ratio(median(ms.get(b)), median(ms.get("numpy"))), sym)
                            for _, ms in rows
                        ],
                    )
                    for b in compiled
                ],
            )
        )

    gap = "  "
    group_sep = "   "
    widths = []
    for _, cols in groups:
        w = [max(len(title), *(len(c) for c in cells)) for title, cells in cols]
        widths.append(w)
    # Widen the last column of a group whose title is wider than its columns.
    for gi, (title, cols) in enumerate(groups):
        total = sum(widths[gi]) + len(gap) * (len(cols) - 1)
        if len(title) > total:
            widths[gi][-1] += len(title) - total

    def join(parts_by_group):
        return group_sep.join(gap.join(parts) for parts in parts_by_group).rstrip()

    top = join(
        [
            [title.center(sum(widths[gi]) + len(gap) * (len(cols) - 1))]
            for gi, (title, cols) in enumerate(groups)
        ]
    )
    head = join(
        [
            [t.rjust(w) for (t, _), w in zip(cols, widths[gi], strict=True)]
            for gi, (_, cols) in enumerate(groups)
        ]
    )
    lines = [f"{op.name}: {op.expr}  ({dtype})", top, head]
    for r in range(len(rows)):
        lines.append(
            join(
                [
                    [cells[r].rjust(w) for (_, cells), w in zip(cols, widths[gi], strict=True)]
                    for gi, (_, cols) in enumerate(groups)
                ]
            )
        )
    return lines


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def _load_backends(backends):
    import arrpy
    from arrpy._registry import load_backend

    for name in backends:
        try:
            load_backend(name)
        except arrpy.BackendUnavailableError as error:
            raise BenchError(f"{error} (use --backends to benchmark the others)") from error


def run(args, out=None):
    import arrpy

    out = out or sys.stdout
    sym = Symbols(out)
    repeats = args.repeats or (5 if args.quick else 25)
    min_time = (args.min_time if args.min_time is not None else (0.5 if args.quick else 2.0)) / 1e3
    python_budget = args.python_budget or (0.25 if args.quick else 2.0)

    if args.threads is not None:
        arrpy.set_num_threads(args.threads)
    _load_backends(args.backends)

    ops = [OPS_BY_NAME[name] for name in args.ops]
    skipped = [op for op in ops if op.dtypes is not None and args.dtype not in op.dtypes]
    ops = [op for op in ops if op not in skipped]

    info = machine_info()
    started = time.perf_counter()
    print("arrpy benchmark: median time per call, NumPy and arrpy's backends interleaved", file=out)
    for line in format_machine_info(info):
        print(line, file=out)
    print(
        f"settings: dtype {args.dtype}, {repeats} samples of >= {min_time * 1e3:g} ms, "
        f"python backend up to {args.python_max_size:,} elements "
        f"(budget {python_budget:g} s per size)",
        file=out,
    )
    for op in skipped:
        print(f"note: {op.name} ({op.expr}) is not defined for {args.dtype}; skipped", file=out)
    out.flush()

    def backends_at(size, op):
        # An op may cap the python backend lower (matmul: n^1.5 multiply-adds for n elements).
        limit = args.python_max_size
        if op.python_max_size is not None:
            limit = min(limit, op.python_max_size)
        return [b for b in args.backends if b != "python" or size <= limit]

    # Every result is checked before anything is timed.
    checking = _Progress(1)
    checking.start_cell("checking results against NumPy")
    try:
        for op in ops:
            for size in args.sizes:
                np_ns, ap_ns = _namespaces(op, size, args.dtype, args.seed)
                try:
                    eval(op.expr_for_numpy, dict(np_ns))
                except Exception as error:
                    raise BenchError(
                        f"NumPy cannot run {op.name} ({op.expr_for_numpy}) on "
                        f"{args.dtype}: {type(error).__name__}: {error}"
                    ) from error
                for backend in backends_at(size, op):
                    _check(op, size, backend, np_ns, ap_ns)
    finally:
        checking.clear()
    print(
        f"check   : every result equals NumPy's ({len(ops)} ops x {len(args.sizes)} sizes x "
        f"{len(args.backends)} backends)",
        file=out,
    )
    print(file=out)
    out.flush()

    progress = _Progress(len(ops) * len(args.sizes))
    records = []
    try:
        for op in ops:
            rows = []
            for size in args.sizes:
                progress.start_cell(f"{op.name} n={size:,}")
                np_ns, ap_ns = _namespaces(op, size, args.dtype, args.seed)
                candidates = [Candidate("numpy", op.expr_for_numpy, np_ns)]
                for backend in backends_at(size, op):
                    candidates.append(
                        Candidate(
                            backend,
                            op.expr,
                            ap_ns,
                            context=lambda b=backend: arrpy.backend(b),
                            budget=python_budget if backend == "python" else None,
                        )
                    )
                measured = measure_interleaved(
                    candidates, repeats, min_time, progress=progress.round
                )
                rows.append((size, measured))
                for m in measured.values():
                    records.append(
                        {
                            "op": op.name,
                            "expr": op.expr,
                            "dtype": args.dtype,
                            "size": size,
                            **m.as_dict(),
                        }
                    )
                del np_ns, ap_ns, candidates
            progress.clear()
            for line in format_table(op, args.dtype, rows, args.backends, sym):
                print(line, file=out)
            print(file=out)
            out.flush()
    finally:
        progress.clear()

    elapsed = time.perf_counter() - started
    print(
        "speed-up vs python = python time / backend time; ratio to numpy = backend time / "
        "NumPy time (< 1: faster than NumPy)",
        file=out,
    )
    print(
        f"{sym.dash} = not run; * = noisy (interquartile range > 20% of the median); "
        f"total {elapsed:.0f} s",
        file=out,
    )

    if args.json:
        payload = {
            "machine": info,
            "settings": {
                "ops": [op.name for op in ops],
                "sizes": args.sizes,
                "dtype": args.dtype,
                "backends": args.backends,
                "repeats": repeats,
                "min_sample_time": min_time,
                "threads": arrpy.get_num_threads(),
                "python_max_size": args.python_max_size,
                "python_budget": python_budget,
                "quick": args.quick,
            },
            "time_unit": "seconds per call",
            "results": records,
        }
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(payload, f, indent=1)
            f.write("\n")
        print(f"raw results saved to {args.json}", file=out)
    return 0


def main(argv=None):
    """Entry point of ``python -m arrpy bench [options]``; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except BenchError as error:
        print(f"arrpy bench: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\narrpy bench: interrupted", file=sys.stderr)
        return 130
