// Self-test of the C++ partition kernel (partition_nd in abi.h) against std::sort, for sanitizer
// runs outside the Python build:
//   g++ -O1 -g -std=c++17 -fsanitize=address,undefined -I../.. -I. selftest_partition.cpp
//       partition_dispatch.cpp thread_pool.cpp -pthread -o /tmp/selftest_partition
//   /tmp/selftest_partition
// Random rows (with nans and duplicates), contiguous and strided, one and many rows, random kth.
#include <stdint.h>
#include <stdio.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "arrpy_cpp.hpp"

namespace {

// NumPy's float order: nan last.
bool float_less(double a, double b) { return a < b || (b != b && a == a); }

int check(int dtype, int64_t rows, int64_t n, int64_t step, std::mt19937_64 &rng) {
    std::uniform_real_distribution<double> u(-3.0, 3.0);
    std::vector<double> buf((size_t)(rows * n * step));
    for (auto &x : buf) {
        x = std::floor(u(rng) * 4) / 4;  // many duplicates
        if (rng() % 10 == 0) x = NAN;
    }
    std::vector<double> before = buf;
    std::vector<int64_t> kth;
    for (int64_t k = 0; k < n; ++k)
        if (rng() % 5 == 0 || k == n / 2) kth.push_back(k);
    const int64_t shape[1] = {rows};
    const int64_t sa[1] = {n * step * 8};
    int st = arrpy_cpp_partition_nd(dtype, 1, shape, reinterpret_cast<char *>(buf.data()), sa, n,
                                    step * 8, kth.data(), (int64_t)kth.size());
    if (st != 0) return 1;
    for (int64_t r = 0; r < rows; ++r) {
        std::vector<double> row, got;
        for (int64_t i = 0; i < n; ++i) {
            row.push_back(before[(size_t)((r * n + i) * step)]);
            got.push_back(buf[(size_t)((r * n + i) * step)]);
        }
        std::sort(row.begin(), row.end(), float_less);
        for (int64_t k : kth) {
            const double p = row[(size_t)k], g = got[(size_t)k];
            if (!(p == g || (p != p && g != g))) return 2;
            for (int64_t i = 0; i < k; ++i)
                if (float_less(p, got[(size_t)i])) return 3;
            for (int64_t i = k + 1; i < n; ++i)
                if (float_less(got[(size_t)i], p)) return 4;
        }
    }
    return 0;
}

}  // namespace

int main() {
    std::mt19937_64 rng(42);
    int failures = 0;
    for (int trial = 0; trial < 300; ++trial) {
        const int64_t n = 1 + (int64_t)(rng() % 3000);
        const int64_t rows = 1 + (int64_t)(rng() % (trial % 10 == 0 ? 200 : 3));
        const int64_t step = 1 + (int64_t)(rng() % 2);
        const int err = check(ARRPY_FLOAT64, rows, n, step, rng);
        if (err) {
            printf("FAIL trial %d n=%lld rows=%lld step=%lld err=%d\n", trial, (long long)n,
                   (long long)rows, (long long)step, err);
            ++failures;
        }
    }
    printf("%s\n", failures ? "FAILED" : "ok");
    return failures != 0;
}
