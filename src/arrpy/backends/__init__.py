"""arrpy's compute backends: ``python`` (pure Python), ``cython`` and ``cpp`` (the ``c`` backend).

Each backend package exposes its kernels to ``arrpy._registry``; the compiled ones share the C
kernel ABI in ``abi.h``.
"""
