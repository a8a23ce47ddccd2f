// Unary kernels compiled for AVX2/FMA (stub; being written).
