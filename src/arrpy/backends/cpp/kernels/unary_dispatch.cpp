// Unary elementwise kernels: N-d driver (stub; being written).
#include "arrpy_cpp.hpp"

extern "C" int arrpy_cpp_unary_nd(int, int, int, const int64_t *, const char *, const int64_t *,
                                  char *, const int64_t *) {
    return ARRPY_STATUS_UNSUPPORTED;
}

extern "C" int arrpy_cpp_unary_supported(int, int) { return 0; }
