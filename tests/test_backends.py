"""Backends: loading, the kernel registry, selection (global, context, env var), threads."""

import asyncio
import io
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pytest
from conftest import ALL_BACKENDS, BACKENDS, DTYPES, assert_same, sample_values

import arrpy
from arrpy import _registry
from arrpy._dtypes import SUPPORTED_DTYPE_NAMES


def run_python(code, **env):
    """Run ``code`` in a fresh interpreter with extra environment variables; CompletedProcess."""
    environment = dict(os.environ)
    for name in ("ARRPY_BACKEND", "ARRPY_NUM_THREADS"):
        environment.pop(name, None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


# --- every backend must load: a failed build fails the suite --------------------------------------


def test_test_backends_are_known():
    unknown = [name for name in BACKENDS if name not in ALL_BACKENDS]
    assert not unknown, (
        f"ARRPY_TEST_BACKENDS names unknown backends {unknown}; known: {ALL_BACKENDS}"
    )
    assert _registry.BACKEND_NAMES == ALL_BACKENDS


@pytest.mark.parametrize("name", BACKENDS)
def test_backend_loads(name):
    try:
        module = _registry.load_backend(name)
    except ImportError as error:  # BackendUnavailableError is an ImportError
        pytest.fail(f"backend {name!r} failed to load: {error!r} (cause: {error.__cause__!r})")
    assert module is not None
    assert module in _registry.loaded_backends()
    assert _registry.load_backend(name) is module  # loaded once
    assert isinstance(module.simd_target(), str) and module.simd_target()


# --- the registry walk ---------------------------------------------------------------------------


def _numpy_loop_dtypes(op):
    """The arrpy dtypes NumPy's ufunc for ``op`` has a loop for (all inputs of that dtype)."""
    ufunc = getattr(np, "true_divide" if op == "divide" else op)
    chars = {np.dtype(d).char: d for d in DTYPES}
    chars["l"] = chars["q"] = "int64"  # NumPy's two spellings of a 64-bit integer
    chars["L"] = chars["Q"] = "uint64"
    found = set()
    for loop in ufunc.types:
        inputs = loop.split("->")[0]
        if len(set(inputs)) == 1 and inputs[0] in chars:
            found.add(chars[inputs[0]])
    return found


def test_ops_table_matches_numpys_loops():
    # Every op arrpy has is a NumPy ufunc, with exactly NumPy's dtypes (so the registry walk
    # below demands a kernel for each of them in every backend).
    assert len(_registry.OPS) == 16 + 13 + 40
    for op, dtypes in _registry.OPS.items():
        assert set(dtypes) == _numpy_loop_dtypes(op), op
        assert list(dtypes) == [d for d in SUPPORTED_DTYPE_NAMES if d in dtypes], op


@pytest.mark.parametrize("name", BACKENDS)
def test_registry_walk_every_op_every_dtype_has_a_kernel(name):
    missing = []
    for op, dtypes in _registry.KERNELS.items():
        for dtype in dtypes:
            try:
                kernel = _registry.lookup(op, dtype, name)
            except NotImplementedError:
                missing.append((op, dtype))
                continue
            assert callable(kernel)
    assert not missing, f"backend {name!r} lacks kernels for {missing}"


@pytest.mark.parametrize("name", BACKENDS)
@pytest.mark.parametrize("op", ["add", "subtract", "multiply", "divide"])
def test_registry_kernels_compute(name, op):
    """Each registered kernel, called directly, computes NumPy's result."""
    np_op = {
        "add": np.add,
        "subtract": np.subtract,
        "multiply": np.multiply,
        "divide": np.true_divide,
    }[op]
    for dtype in _registry.OPS[op]:
        x = sample_values(dtype, (3, 4), seed=1)
        y = sample_values(dtype, (4,), seed=2)
        out = np.empty((3, 4), dtype=dtype)
        _registry.lookup(op, dtype, name)(x, y, out)
        with np.errstate(all="ignore"):
            expected = np_op(x, y)
        assert_same(arrpy.asarray(out), expected, err_msg=f"{name} {op} {dtype}")


def test_backend_coverage_lists_all_backends():
    coverage = arrpy.backend_coverage()
    assert set(coverage) == set(_registry.KERNELS)
    for op, by_dtype in coverage.items():
        assert list(by_dtype) == list(_registry.KERNELS[op])
        for dtype, backends in by_dtype.items():
            assert backends == list(ALL_BACKENDS), f"{op} {dtype}: only {backends}"


def test_missing_kernel_raises_not_implemented_naming_op_dtype_and_backends():
    with pytest.raises(NotImplementedError) as info:
        _registry.lookup("subtract", "bool", "c")
    message = str(info.value)
    assert "subtract" in message
    assert "bool" in message
    assert "'c'" in message or " c " in message
    assert "none" in message  # no backend has a bool subtract


def test_missing_kernel_names_the_backends_that_have_it(monkeypatch):
    # Simulate a kernel only the python and c backends have: remove cython's from the table.
    key = ("multiply", "int16", "cython")
    _registry.load_backend("cython")
    monkeypatch.delitem(_registry._kernels, key)
    with pytest.raises(NotImplementedError) as info:
        _registry.lookup("multiply", "int16", "cython")
    message = str(info.value)
    assert "multiply" in message and "int16" in message and "cython" in message
    assert "python, c" in message
    assert arrpy.backend_coverage()["multiply"]["int16"] == ["python", "c"]
    status = io.StringIO()
    arrpy.show_backend_status(file=status)
    assert "multiply  missing: int16 (cython)" in status.getvalue()


def test_front_end_dispatches_to_the_selected_backend(monkeypatch):
    calls = []
    for name in ALL_BACKENDS:
        _registry.load_backend(name)
        original = _registry._kernels[("add", "int16", name)]

        def spy(x1, x2, out, _name=name, _original=original):
            calls.append(_name)
            return _original(x1, x2, out)

        monkeypatch.setitem(_registry._kernels, ("add", "int16", name), spy)
    # Mixed dtypes take the general front end (the compiled fast path, which calls the backend's
    # kernel table directly, only takes operands that already share the loop dtype).
    x = arrpy.array([1, 2, 3], dtype="int16")
    y = arrpy.array([1, 2, 3], dtype="int8")
    for name in ALL_BACKENDS:
        with arrpy.backend(name):
            assert_same(arrpy.add(x, y), np.array([2, 4, 6], dtype=np.int16))
    assert calls == list(ALL_BACKENDS)


def test_operator_fast_path_never_bypasses_the_python_backend(monkeypatch):
    """Contiguous same-dtype operands take the compiled fast path under c and cython; under the
    python backend the same expression must reach the python kernel."""
    calls = []
    original = _registry.lookup("add", "float64", "python")

    def spy(x1, x2, out):
        calls.append("python")
        return original(x1, x2, out)

    monkeypatch.setitem(_registry._kernels, ("add", "float64", "python"), spy)
    x = arrpy.array([1.0, 2.0, 3.0])
    with arrpy.backend("python"):
        assert_same(x + x, np.array([2.0, 4.0, 6.0]))
        assert_same(x + 1.0, np.array([2.0, 3.0, 4.0]))
        assert_same(arrpy.add(x, x), np.array([2.0, 4.0, 6.0]))
    assert calls == ["python"] * 3
    with arrpy.backend("c"):
        assert_same(x + x, np.array([2.0, 4.0, 6.0]))
    assert calls == ["python"] * 3


# --- selection ------------------------------------------------------------------------------------


def test_default_backend_is_c():
    result = run_python("import arrpy; print(arrpy.get_backend().value)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "c"


def test_backend_enum():
    assert [b.value for b in arrpy.Backend] == ["python", "cython", "c"]
    assert arrpy.Backend.C == "c"
    assert str(arrpy.Backend.CYTHON) == "cython"
    assert arrpy.Backend("python") is arrpy.Backend.PYTHON


@pytest.mark.parametrize("name", BACKENDS)
def test_set_backend_and_get_backend(name):
    arrpy.set_backend(name)
    assert arrpy.get_backend() is arrpy.Backend(name)
    arrpy.set_backend(arrpy.Backend(name))
    assert arrpy.get_backend() == name
    x = arrpy.array([1.0, 2.0])
    assert_same(x + x, np.array([2.0, 4.0]))


def test_set_backend_aliases():
    arrpy.set_backend("cpp")
    assert arrpy.get_backend() is arrpy.Backend.C
    arrpy.set_backend(" Python ")
    assert arrpy.get_backend() is arrpy.Backend.PYTHON


@pytest.mark.parametrize("bad", ["fortran", "", "c#", "numpy"])
def test_set_backend_unknown_name_is_value_error(bad):
    before = arrpy.get_backend()
    with pytest.raises(ValueError) as info:
        arrpy.set_backend(bad)
    assert "set_backend" in str(info.value)
    assert repr(bad) in str(info.value)
    assert arrpy.get_backend() is before
    with pytest.raises(ValueError, match="backend"):
        with arrpy.backend(bad):
            pass


@pytest.mark.parametrize("bad", [None, 3, b"c", ["c"]])
def test_set_backend_wrong_type_is_type_error(bad):
    with pytest.raises(TypeError, match="set_backend"):
        arrpy.set_backend(bad)


@pytest.mark.parametrize("name", BACKENDS)
def test_context_manager_restores(name):
    other = "python" if name != "python" else "c"
    arrpy.set_backend(other)
    with arrpy.backend(name) as active:
        assert active is arrpy.Backend(name)
        assert arrpy.get_backend() is arrpy.Backend(name)
        with arrpy.backend(other):
            assert arrpy.get_backend() == other
        assert arrpy.get_backend() == name
    assert arrpy.get_backend() == other


def test_context_manager_restores_after_exception():
    arrpy.set_backend("c")
    with pytest.raises(RuntimeError):
        with arrpy.backend("python"):
            raise RuntimeError("boom")
    assert arrpy.get_backend() is arrpy.Backend.C


def test_context_manager_beats_set_backend():
    with arrpy.backend("python"):
        arrpy.set_backend("cython")
        assert arrpy.get_backend() is arrpy.Backend.PYTHON
    assert arrpy.get_backend() is arrpy.Backend.CYTHON


def test_context_manager_is_per_thread():
    arrpy.set_backend("c")
    inside = threading.Barrier(2, timeout=30)
    seen = {}
    errors = []

    def worker(name):
        try:
            with arrpy.backend(name):
                inside.wait()  # both threads are inside their `with` now
                seen[name] = arrpy.get_backend().value
                a = arrpy.arange(5.0)
                assert_same(a * a, np.arange(5.0) ** 2)
                inside.wait()
        except Exception as error:  # noqa: BLE001
            errors.append(error)
            inside.abort()

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("python", "cython")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert seen == {"python": "python", "cython": "cython"}
    # The main thread never saw either context.
    assert arrpy.get_backend() is arrpy.Backend.C


def test_new_thread_uses_global_backend_not_callers_context():
    arrpy.set_backend("cython")
    seen = []
    with arrpy.backend("python"):
        thread = threading.Thread(target=lambda: seen.append(arrpy.get_backend().value))
        thread.start()
        thread.join(30)
    assert seen == ["cython"]


def test_context_manager_is_per_async_task():
    arrpy.set_backend("c")

    async def task(name, started, results):
        with arrpy.backend(name):
            started.append(name)
            while len(started) < 2:  # interleave: both tasks are inside their `with`
                await asyncio.sleep(0)
            await asyncio.sleep(0)
            results[name] = arrpy.get_backend().value
            a = arrpy.arange(4.0)
            assert_same(a + a, np.arange(4.0) * 2)

    async def main():
        started, results = [], {}
        await asyncio.gather(task("python", started, results), task("cython", started, results))
        return results, arrpy.get_backend().value

    results, after = asyncio.run(main())
    assert results == {"python": "python", "cython": "cython"}
    assert after == "c"


@pytest.mark.parametrize("name", BACKENDS)
def test_env_var_arrpy_backend(name):
    result = run_python(
        """
        import arrpy
        print(arrpy.get_backend().value)
        print((arrpy.arange(3) + 1).tolist())
        """,
        ARRPY_BACKEND=name,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == [name, "[1, 2, 3]"]


def test_env_var_arrpy_backend_is_beaten_by_set_backend():
    result = run_python(
        "import arrpy; arrpy.set_backend('cython'); print(arrpy.get_backend().value)",
        ARRPY_BACKEND="python",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "cython"


def test_env_var_arrpy_backend_unknown():
    result = run_python("import arrpy", ARRPY_BACKEND="fortran")
    assert result.returncode != 0
    assert "ValueError" in result.stderr
    assert "ARRPY_BACKEND" in result.stderr and "fortran" in result.stderr


_BLOCK_C_BACKEND = """
import importlib.abc, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "arrpy.backends.cpp._cpp":
            raise ImportError("simulated build failure of _cpp")
        return None

sys.meta_path.insert(0, Block())
import arrpy
"""


def test_unavailable_backend_error():
    result = run_python(
        _BLOCK_C_BACKEND
        + """
import io
from arrpy import _registry
try:
    arrpy.set_backend("c")
except arrpy.BackendUnavailableError as error:
    assert isinstance(error, ImportError)
    assert "simulated build failure" in str(error.__cause__), error.__cause__
    assert "'c'" in str(error)
    print("set_backend raised")
try:
    with arrpy.backend("c"):
        pass
except arrpy.BackendUnavailableError:
    print("backend() raised")
# The default backend is c: an operation must fail loudly, never fall back silently.
a = arrpy.arange(3.0)
for attempt in (lambda: a + a, lambda: arrpy.add(a, a)):
    try:
        attempt()
    except arrpy.BackendUnavailableError:
        print("op raised")
with arrpy.backend("python"):
    print((a + a).tolist())
print(arrpy.backend_coverage()["add"]["float64"])
out = io.StringIO()
arrpy.show_backend_status(file=out)
print(out.getvalue())
"""
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:6] == [
        "set_backend raised",
        "backend() raised",
        "op raised",
        "op raised",
        "[0.0, 2.0, 4.0]",
        "['python', 'cython']",
    ]
    status = "\n".join(lines[6:])
    assert "c       UNAVAILABLE" in status and "simulated build failure" in status
    assert "add       missing:" in status


def test_backend_unavailable_error_type():
    assert issubclass(arrpy.BackendUnavailableError, ImportError)


def test_show_backend_status_output(capsys):
    arrpy.set_backend("cython")
    arrpy.set_num_threads(2)
    arrpy.show_backend_status()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "arrpy backends (selected: cython, threads: 2)"
    total = sum(len(dtypes) for dtypes in _registry.KERNELS.values())
    # KERNELS is every family's table, and the elementwise dtypes are NumPy's loops.
    families = _registry.FAMILIES.values()
    assert _registry.KERNELS == {op: d for family in families for op, d in family.items()}
    assert sum(len(d) for d in _registry.OPS.values()) == sum(
        len(_numpy_loop_dtypes(op)) for op in _registry.OPS
    )
    for line, name in zip(lines[1:4], ALL_BACKENDS, strict=True):
        assert line.split()[0] == name
        assert "loaded" in line
        assert line.endswith(f"kernels: {total}/{total}"), line
    assert [line.split() for line in lines[4:]] == [
        [op, "complete"] for op in _registry.KERNELS
    ]
    buffer = io.StringIO()
    arrpy.show_backend_status(file=buffer)
    assert buffer.getvalue().splitlines() == lines


# --- threads --------------------------------------------------------------------------------------


def test_set_and_get_num_threads():
    for n in (1, 3, 2):
        arrpy.set_num_threads(n)
        assert arrpy.get_num_threads() == n
        for module in _registry.loaded_backends():
            if hasattr(module, "get_num_threads"):
                assert module.get_num_threads() == n


@pytest.mark.parametrize("bad", [0, -1])
def test_set_num_threads_rejects_non_positive(bad):
    before = arrpy.get_num_threads()
    with pytest.raises(ValueError, match="set_num_threads"):
        arrpy.set_num_threads(bad)
    assert arrpy.get_num_threads() == before


@pytest.mark.parametrize("bad", [1.5, "2", None, True])
def test_set_num_threads_rejects_non_int(bad):
    with pytest.raises(TypeError, match="set_num_threads"):
        arrpy.set_num_threads(bad)


def test_num_threads_default_is_cpu_count():
    result = run_python("import arrpy, os; print(arrpy.get_num_threads(), os.cpu_count() or 1)")
    assert result.returncode == 0, result.stderr
    threads, cpus = result.stdout.split()
    assert threads == cpus


def test_env_var_arrpy_num_threads():
    result = run_python(
        """
        import arrpy
        from arrpy import _registry
        print(arrpy.get_num_threads())
        print(_registry.load_backend("c").get_num_threads())
        print(_registry.load_backend("cython").get_num_threads())
        """,
        ARRPY_NUM_THREADS="3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "3", "3"]


@pytest.mark.parametrize("bad", ["0", "-2", "many", "1.5"])
def test_env_var_arrpy_num_threads_bad(bad):
    result = run_python("import arrpy; arrpy.get_num_threads()", ARRPY_NUM_THREADS=bad)
    assert result.returncode != 0
    assert "ValueError" in result.stderr
    assert "ARRPY_NUM_THREADS" in result.stderr and repr(bad) in result.stderr


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_results_do_not_depend_on_thread_count(backend, threads):
    arrpy.set_num_threads(threads)
    x = sample_values("float64", (300, 301), seed=5)
    y = sample_values("float64", (301,), seed=6)
    with np.errstate(all="ignore"):
        assert_same(arrpy.asarray(x) * arrpy.asarray(y), x * y)
        assert_same(arrpy.asarray(x)[:, ::2] / arrpy.asarray(y)[::2], x[:, ::2] / y[::2])
    a = sample_values("int32", (100_001,), seed=7)
    assert_same(arrpy.asarray(a) - arrpy.asarray(a[::-1]), a - a[::-1])


def test_concurrent_large_operations_from_many_threads():
    """Python threads running large kernels at once (the GIL is released; the C++ pool and OpenMP
    are shared) each get their own correct result."""
    arrpy.set_num_threads(2)
    errors = []
    start = threading.Barrier(6, timeout=60)

    def worker(index):
        try:
            name = BACKENDS[index % len(BACKENDS)]
            dtype = ("float64", "int32", "complex64")[index % 3]
            # finite, moderate values: no overflow, so the result does not depend on the layout
            x = sample_values(dtype, (200_001,), seed=40 + index, special=False)
            y = sample_values(dtype, (200_001,), seed=80 + index, special=False)
            with np.errstate(all="ignore"):
                expected_sum = x + y
                expected_product = x[::-1] * y[::2].repeat(2)[:200_001]
            a, b = arrpy.asarray(x), arrpy.asarray(y)
            start.wait()
            with arrpy.backend(name):
                for _ in range(3):
                    assert_same(a + b, expected_sum, err_msg=f"thread {index} {name}")
                    assert_same(
                        arrpy.multiply(x[::-1], y[::2].repeat(2)[:200_001]),
                        expected_product,
                        err_msg=f"thread {index} {name}",
                    )
        except BaseException as error:  # noqa: BLE001
            errors.append((index, error))
            start.abort()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads), "a worker thread hung"
    assert not errors, errors


# --- the C++ backend's run-time SIMD selection ----------------------------------------------------


@pytest.mark.skipif("c" not in BACKENDS, reason="the c backend is not under test")
def test_c_backend_scalar_simd_path_matches_numpy():
    """ARRPY_SIMD=scalar forces the portable path (what a CPU without AVX2 runs). It must give
    NumPy's results for every op and dtype, on SIMD-tail sizes, scalars, strides and the
    threaded size."""
    code = """
        import numpy as np
        import arrpy
        from arrpy import _registry
        from arrpy.backends.cpp import simd_target
        assert simd_target() == "scalar", simd_target()
        rng = np.random.default_rng(0)
        checked = 0
        with np.errstate(all="ignore"):
            for op in ARITHMETIC_AND_COMPARISONS:
                dtypes = _registry.OPS[op]
                f, ref = getattr(arrpy, op), getattr(np, op)
                for name in dtypes:
                    dt = np.dtype(name)
                    for n in (1, 3, 7, 8, 17, 33, 70, 1 << 20):
                        x = (rng.standard_normal(n) * 50).astype(dt)
                        y = (rng.standard_normal(n) * 50 + 1).astype(dt)
                        if dt.kind == "c":
                            x = x + 1j * (rng.standard_normal(n) * 50).astype(dt)
                        for a, b in ((x, y), (x[::-1], y), (x, y[:1].reshape(())), (y[0], x)):
                            got = f(arrpy.asarray(a), arrpy.asarray(b)).data
                            want = ref(a, b)
                            assert got.dtype == want.dtype, (op, name, got.dtype, want.dtype)
                            if dt.kind in "fc":
                                tol = 1e-6 if name in ("float32", "complex64") else 1e-15
                                np.testing.assert_allclose(got, want, rtol=tol, atol=0,
                                                           err_msg=f"{op} {name} n={n}")
                            else:
                                np.testing.assert_array_equal(got, want,
                                                              err_msg=f"{op} {name} n={n}")
                            checked += 1
        print("checked", checked)
    """
    ops = (
        "add",
        "subtract",
        "multiply",
        "divide",
        "equal",
        "not_equal",
        "less",
        "less_equal",
        "greater",
        "greater_equal",
        "logical_and",
        "logical_or",
        "logical_xor",
        "bitwise_and",
        "bitwise_or",
        "bitwise_xor",
    )
    code = f"ARITHMETIC_AND_COMPARISONS = {ops!r}\n" + textwrap.dedent(code)
    result = run_python(code, ARRPY_SIMD="scalar", ARRPY_BACKEND="c")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "checked" in result.stdout


def test_c_backend_scalar_simd_path_passes_the_kernel_tests():
    """The elementwise and matmul kernel test files (every op, dtype, layout) on the c backend's
    portable path."""
    env = dict(os.environ, ARRPY_SIMD="scalar", ARRPY_TEST_BACKENDS="c")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            str(Path(__file__).parent / "test_elementwise_kernels.py"),
            str(Path(__file__).parent / "test_matmul_kernels.py"),
            str(Path(__file__).parent / "test_scan_kernels.py"),  # scans
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert " passed" in result.stdout
