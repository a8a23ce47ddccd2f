"""``python -m arrpy bench [options]``: run the backend benchmark (see ``arrpy.bench``)."""

import sys


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(
            "usage: python -m arrpy bench [--help] [options]\n"
            "       python -m arrpy status      (which backends loaded, kernel coverage)"
        )
        return 0
    command, rest = argv[0], argv[1:]
    if command == "bench":
        from arrpy.bench import main as bench_main

        return bench_main(rest)
    if command == "status":
        import arrpy

        arrpy.show_backend_status()
        return 0
    print(
        f"python -m arrpy: unknown command {command!r} (expected 'bench' or 'status')",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
