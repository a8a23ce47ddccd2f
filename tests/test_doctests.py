"""The numpydoc examples in arrpy's docstrings stay true."""

import doctest
import importlib

import pytest

MODULES = ["arrpy", "arrpy._array", "arrpy._dtypes", "arrpy._config", "arrpy._registry",
           "arrpy._errstate", "arrpy.creation", "arrpy.arithmetic", "arrpy.logic",
           "arrpy.bitwise", "arrpy.mathematical", "arrpy.reductions",
           "arrpy.products", "arrpy.linalg", "arrpy.linalg._products", "arrpy.linalg._norms",
           "arrpy.linalg._solvers"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report = []
    for test in finder.find(module, name):
        runner.run(test, out=report.append)
    results = runner.summarize(verbose=False)
    assert results.attempted > 0, f"{name} has no docstring examples"
    assert results.failed == 0, "".join(report)


def test_every_public_function_has_an_example():
    import arrpy

    missing = []
    for public in arrpy.__all__:
        obj = getattr(arrpy, public)
        if callable(obj) and not isinstance(obj, type) and not isinstance(obj, arrpy.DType):
            if ">>>" not in (obj.__doc__ or ""):
                missing.append(public)
    assert not missing, f"public functions without a docstring example: {missing}"
