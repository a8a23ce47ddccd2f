"""The PASS / MISS table printed by the issue target scripts in this directory, and the backend
and thread-count setting their candidates are timed under."""

import contextlib

import arrpy

__all__ = ["Report", "setting"]


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

    @property
    def missed(self):
        return [r for r in self.rows if r[3] == "MISS"]
