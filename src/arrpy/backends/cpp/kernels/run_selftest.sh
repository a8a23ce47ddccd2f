#!/bin/sh
# Builds and runs selftest_unary.cpp (unary ops), selftest.cpp (binary ops), selftest_reduce.cpp
# (reductions), selftest_factor.cpp (factorizations) and selftest_matmul.cpp (matrix products):
# optimised (avx2 + scalar paths), then under ASan/UBSan, then the thread-pool part under TSan.
# Not part of the library build. Usage: sh run_selftest.sh [outdir]
set -e
cd "$(dirname "$0")"
OUT=${1:-/tmp/arrpy_selftest}
mkdir -p "$OUT"
F="-O3 -ffp-contract=off -std=c++17 -Wall -Wextra -fPIC -I../.. -I."
SRC="elementwise_dispatch.cpp elementwise_baseline.cpp thread_pool.cpp"
USRC="unary_dispatch.cpp unary_baseline.cpp thread_pool.cpp"
build_unary() {  # $1 = name, rest = extra flags
    name=$1; shift
    UAVX=""
    case "$(uname -m)" in x86_64)
        g++ $F "$@" -mavx2 -mfma -c unary_avx2.cpp -o "$OUT/uavx2_$name.o"
        g++ $F "$@" -mavx2 -mfma -c simd_math_avx2.cpp -o "$OUT/smath_$name.o"
        UAVX="$OUT/uavx2_$name.o $OUT/smath_$name.o";;
    esac
    g++ $F "$@" selftest_unary.cpp $USRC $UAVX -pthread -o "$OUT/$name"
}
RSRC="reduce_dispatch.cpp reduce_baseline.cpp thread_pool.cpp"
build_reduce() {  # $1 = name, rest = extra flags
    name=$1; shift
    RAVX=""
    case "$(uname -m)" in x86_64) g++ $F "$@" -mavx2 -mfma -c reduce_avx2.cpp -o "$OUT/ravx2_$name.o"; RAVX="$OUT/ravx2_$name.o";; esac
    g++ $F "$@" selftest_reduce.cpp $RSRC $RAVX -pthread -o "$OUT/$name"
}
build() {  # $1 = name, rest = extra flags
    name=$1; shift
    AVX=""
    case "$(uname -m)" in x86_64) g++ $F "$@" -mavx2 -mfma -c elementwise_avx2.cpp -o "$OUT/avx2_$name.o"; AVX="$OUT/avx2_$name.o";; esac
    g++ $F "$@" selftest.cpp $SRC $AVX -pthread -o "$OUT/$name"
}
SAN="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined"
build_unary selftest_unary
"$OUT/selftest_unary"
ARRPY_SIMD=scalar "$OUT/selftest_unary"
build_unary selftest_unary_san $SAN
"$OUT/selftest_unary_san"
ARRPY_SIMD=scalar "$OUT/selftest_unary_san"
build_unary selftest_unary_tsan -O1 -g -fsanitize=thread
"$OUT/selftest_unary_tsan"
build_reduce selftest_reduce
"$OUT/selftest_reduce"
ARRPY_SIMD=scalar "$OUT/selftest_reduce"
build_reduce selftest_reduce_san $SAN
"$OUT/selftest_reduce_san"
ARRPY_SIMD=scalar "$OUT/selftest_reduce_san"
build_reduce selftest_reduce_tsan -O1 -g -fsanitize=thread
"$OUT/selftest_reduce_tsan"
build selftest
"$OUT/selftest"
ARRPY_SIMD=scalar "$OUT/selftest"
build selftest_san $SAN
"$OUT/selftest_san"
ARRPY_SIMD=scalar "$OUT/selftest_san"
build selftest_tsan -O1 -g -fsanitize=thread
SELFTEST_POOL_ONLY=2 "$OUT/selftest_tsan"
# factorizations (linalg_nd): selftest_factor.cpp
FSRC="factor_dispatch.cpp factor_baseline.cpp thread_pool.cpp"
build_factor() {  # $1 = name, rest = extra flags
    name=$1; shift
    FAVX=""
    case "$(uname -m)" in x86_64) g++ $F "$@" -mavx2 -mfma -c factor_avx2.cpp -o "$OUT/favx2_$name.o"; FAVX="$OUT/favx2_$name.o";; esac
    g++ $F "$@" selftest_factor.cpp $FSRC $FAVX -pthread -o "$OUT/$name"
}
build_factor selftest_factor
"$OUT/selftest_factor"
ARRPY_SIMD=scalar "$OUT/selftest_factor"
build_factor selftest_factor_san $SAN
"$OUT/selftest_factor_san"
ARRPY_SIMD=scalar "$OUT/selftest_factor_san"
build_factor selftest_factor_tsan -O1 -g -fsanitize=thread
"$OUT/selftest_factor_tsan"
# matrix products (gemm)
MSRC="matmul_dispatch.cpp matmul_baseline.cpp thread_pool.cpp"
build_matmul() {  # $1 = name, rest = extra flags
    name=$1; shift
    MAVX=""
    case "$(uname -m)" in x86_64)
        g++ $F "$@" -mavx2 -mfma -c matmul_avx2.cpp -o "$OUT/mavx2_$name.o"
        g++ $F "$@" -mavx512f -mavx2 -mfma -c matmul_avx512.cpp -o "$OUT/mavx512_$name.o"
        MAVX="$OUT/mavx2_$name.o $OUT/mavx512_$name.o";;
    esac
    g++ $F "$@" selftest_matmul.cpp $MSRC $MAVX -pthread -o "$OUT/$name"
}
build_matmul selftest_matmul
"$OUT/selftest_matmul"
ARRPY_SIMD=avx2 "$OUT/selftest_matmul"
ARRPY_SIMD=scalar "$OUT/selftest_matmul"
build_matmul selftest_matmul_san $SAN
"$OUT/selftest_matmul_san"
ARRPY_SIMD=scalar "$OUT/selftest_matmul_san"
build_matmul selftest_matmul_tsan -O1 -g -fsanitize=thread
"$OUT/selftest_matmul_tsan"
