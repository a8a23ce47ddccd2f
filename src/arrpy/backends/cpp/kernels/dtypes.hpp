/* Facts about the ABI's dtype codes shared by every C++ driver (no Python headers). */
#ifndef ARRPY_DTYPES_HPP
#define ARRPY_DTYPES_HPP

#include <stdint.h>

#include "abi.h"

/* Bytes per element of an arrpy dtype code (abi.h's order). */
static inline int64_t arrpy_cpp_itemsize(int dtype) {
    static const int64_t sizes[ARRPY_NUM_DTYPES] = {1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 8, 16};
    return sizes[dtype];
}

#endif /* ARRPY_DTYPES_HPP */
