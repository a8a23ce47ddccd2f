"""Placeholder; replaced by the benchmark."""


def main(argv=None):
    raise NotImplementedError
