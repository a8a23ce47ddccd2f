"""The PASS / MISS table printed by the issue target scripts in this directory, and the backend
and thread-count setting their candidates are timed under."""

import contextlib

import arrpy
from arrpy.bench.timing import format_machine_info, machine_info

__all__ = ["Report", "print_header", "sampling", "sampling_arguments", "setting"]


def sampling_arguments(parser, default_repeats, quick_repeats=5):
    """The options every target script takes: --repeats, --min-time, --quick, --strict."""
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help=f"samples (default {default_repeats}; {quick_repeats} quick)",
    )
    parser.add_argument("--min-time", type=float, default=None, metavar="MS")
    parser.add_argument("--quick", action="store_true", help="fewer, shorter samples")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")


def sampling(args, default_repeats, quick_repeats=5, min_time_ms=2.0, quick_min_time_ms=0.5):
    """(samples, minimum seconds per sample) from sampling_arguments' options."""
    repeats = args.repeats or (quick_repeats if args.quick else default_repeats)
    min_time_ms = args.min_time or (quick_min_time_ms if args.quick else min_time_ms)
    return repeats, min_time_ms / 1e3


def print_header(title, *method_lines):
    """The title, the machine (CPU, cores, load, versions, SIMD, threads) and the method."""
    print(title)
    for line in format_machine_info(machine_info()):
        print(line)
    for line in method_lines:
        print(line)
    print()


@contextlib.contextmanager
def setting(backend, threads):
    """arrpy's backend and thread count for the duration of a block (restored afterwards)."""
    before = arrpy.get_num_threads()
    arrpy.set_num_threads(threads)
    try:
        with arrpy.backend(backend):
            yield
    finally:
        arrpy.set_num_threads(before)


class Report:
    def __init__(self, sym):
        self.sym = sym
        self.rows = []

    def add(self, what, value, goal_text, passed, detail, fmt="{:.2f}"):
        self.rows.append((what, fmt.format(value), goal_text, "PASS" if passed else "MISS", detail))

    def print(self):
        widths = [max(len(r[i]) for r in self.rows) for i in range(4)]
        head = ("target", "measured", "goal", "result")
        widths = [max(w, len(h)) for w, h in zip(widths, head, strict=True)]
        print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + "  details")
        for row in self.rows:
            cells = [c.ljust(w) for c, w in zip(row[:4], widths, strict=True)]
            print("  ".join(cells) + "  " + row[4])

    def finish(self, strict):
        """Print the table and the count of misses; the exit code (1: missed and strict)."""
        self.print()
        if not self.missed:
            return 0
        print(f"\n{len(self.missed)} target(s) missed")
        return 1 if strict else 0

    @property
    def missed(self):
        return [r for r in self.rows if r[3] == "MISS"]
