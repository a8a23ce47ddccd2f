// Unary kernels compiled for the baseline target (stub; being written).
