// Vectorised exp/log/sin/cos for AVX2/FMA (stub; being written).
