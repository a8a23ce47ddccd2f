// Complex unary loops (scalar flavour only: uses std::complex, whose transcendental functions
// call glibc's cexp / clog / csqrt / csin / ... as NumPy does). Included by unary_impl.hpp inside
// arrpy_un_scalar's anonymous namespace; not a standalone header.
// (<complex> is included at the top of unary_impl.hpp.)

inline float m_hypot(float x, float y) { return ::hypotf(x, y); }
inline double m_hypot(double x, double y) { return ::hypot(x, y); }
inline float m_atan2(float y, float x) { return ::atan2f(y, x); }
inline float m_fma(float x, float y, float z) { return ::fmaf(x, y, z); }
inline double m_fma(double x, double y, double z) { return ::fma(x, y, z); }
inline double m_atan2(double y, double x) { return ::atan2(y, x); }

template <class F>
struct CplxOps {
    typedef std::complex<F> C;
    static constexpr F kLn2 = F(0.693147180559945309417232121458176568);
    static constexpr F kLog2e = F(1.442695040888963407359924681001892137);
    static constexpr F kLog10e = F(0.434294481903251827651128918916605082);

    static inline C negative(C z) { return C(-z.real(), -z.imag()); }
    static inline C positive(C z) { return z; }
    static inline C conjugate(C z) { return C(z.real(), -z.imag()); }
    static inline F absolute(C z) { return m_hypot(z.real(), z.imag()); }
    static inline C square(C z) {
        // NumPy's SIMD loop (simd_csquare = simd_cmul(z, z), the fused formula of the binary
        // CMul): re = fma(r, r, -(i*i)), im = fma(r, i, i*r). E.g. (1e20+1e20j) in complex64
        // squares to (-inf+infj), where the unfused formula gives (nan+infj).
        const F r = z.real(), i = z.imag();
        return C(m_fma(r, r, -(i * i)), m_fma(r, i, i * r));
    }
    static inline C reciprocal(C z) {  // NumPy's CDOUBLE_reciprocal (Smith)
        const F r = z.real(), i = z.imag();
        if (m_fabs(i) <= m_fabs(r)) {
            const F q = i / r, d = r + i * q;
            return C(F(1) / d, -q / d);
        }
        const F q = r / i, d = r * q + i;
        return C(q / d, F(-1) / d);
    }
    static inline C sqrt(C z) { return std::sqrt(z); }
    static inline C exp(C z) { return std::exp(z); }
    static inline C exp2(C z) { return std::exp(C(z.real() * kLn2, z.imag() * kLn2)); }
    static inline C expm1(C z) {  // nc_expm1
        const F x = z.real(), y = z.imag();
        const F a = m_sin(y / 2);
        return C(m_expm1(x) * m_cos(y) - 2 * a * a, m_exp(x) * m_sin(y));
    }
    static inline C log(C z) { return std::log(z); }
    static inline C log2(C z) {
        const C l = std::log(z);
        return C(l.real() * kLog2e, l.imag() * kLog2e);
    }
    static inline C log10(C z) {
        const C l = std::log(z);
        return C(l.real() * kLog10e, l.imag() * kLog10e);
    }
    static inline C log1p(C z) {  // nc_log1p
        const F l = m_hypot(z.real() + 1, z.imag());
        return C(m_log(l), m_atan2(z.imag(), z.real() + 1));
    }
    static inline C sin(C z) { return std::sin(z); }
    static inline C cos(C z) { return std::cos(z); }
    static inline C tan(C z) { return std::tan(z); }
    static inline C arcsin(C z) { return std::asin(z); }
    static inline C arccos(C z) { return std::acos(z); }
    static inline C arctan(C z) { return std::atan(z); }
    static inline C sinh(C z) { return std::sinh(z); }
    static inline C cosh(C z) { return std::cosh(z); }
    static inline C tanh(C z) { return std::tanh(z); }
    static inline C arcsinh(C z) { return std::asinh(z); }
    static inline C arccosh(C z) { return std::acosh(z); }
    static inline C arctanh(C z) { return std::atanh(z); }
    static inline C rint(C z) { return C(m_rint(z.real()), m_rint(z.imag())); }
    static inline C sign(C z) {  // NumPy's CDOUBLE_sign
        const F r = z.real(), i = z.imag();
        const F a = m_hypot(r, i);
        const F nan = std::numeric_limits<F>::quiet_NaN();
        if (a != a) return C(nan, nan);
        if (m_fabs(a) == std::numeric_limits<F>::infinity()) {
            const bool rinf = m_fabs(r) == std::numeric_limits<F>::infinity();
            const bool iinf = m_fabs(i) == std::numeric_limits<F>::infinity();
            if (rinf) {
                if (iinf) return C(nan, nan);
                return C(r > 0 ? F(1) : F(-1), F(0));
            }
            return C(F(0), i > 0 ? F(1) : F(-1));
        }
        if (a == 0) return C(F(0), F(0));
        return C(r / a, i / a);
    }
    static inline uint8_t isnan(C z) { return (z.real() != z.real()) || (z.imag() != z.imag()); }
    static inline uint8_t isinf(C z) {
        return m_fabs(z.real()) == std::numeric_limits<F>::infinity() ||
               m_fabs(z.imag()) == std::numeric_limits<F>::infinity();
    }
    static inline uint8_t isfinite(C z) {
        return m_fabs(z.real()) < std::numeric_limits<F>::infinity() &&
               m_fabs(z.imag()) < std::numeric_limits<F>::infinity();
    }
    static inline uint8_t logical_not(C z) { return z.real() == 0 && z.imag() == 0; }
};

template <class F, class Tout, Tout (*fn)(std::complex<F>)>
void loop_cplx(int64_t n, const char *a, int64_t sa, char *out, int64_t so) {
    typedef std::complex<F> C;
    for (int64_t i = 0; i < n; ++i) {
        F parts[2];
        memcpy(parts, a + i * sa, sizeof parts);
        const Tout r = fn(C(parts[0], parts[1]));
        memcpy(out + i * so, &r, sizeof r);
    }
}

template <class F>
void add_complex_of(arrpy_unary_table &t, int dt) {
    typedef CplxOps<F> O;
    typedef std::complex<F> C;
#define ARRPY_C(OP, name) t.fn[OP][dt] = &loop_cplx<F, C, &O::name>;
    ARRPY_C(ARRPY_NEGATIVE, negative) ARRPY_C(ARRPY_POSITIVE, positive)
    ARRPY_C(ARRPY_RECIPROCAL, reciprocal) ARRPY_C(ARRPY_SQUARE, square) ARRPY_C(ARRPY_SQRT, sqrt)
    ARRPY_C(ARRPY_EXP, exp) ARRPY_C(ARRPY_EXP2, exp2) ARRPY_C(ARRPY_EXPM1, expm1)
    ARRPY_C(ARRPY_LOG, log) ARRPY_C(ARRPY_LOG2, log2) ARRPY_C(ARRPY_LOG10, log10)
    ARRPY_C(ARRPY_LOG1P, log1p) ARRPY_C(ARRPY_SIN, sin) ARRPY_C(ARRPY_COS, cos)
    ARRPY_C(ARRPY_TAN, tan) ARRPY_C(ARRPY_ARCSIN, arcsin) ARRPY_C(ARRPY_ARCCOS, arccos)
    ARRPY_C(ARRPY_ARCTAN, arctan) ARRPY_C(ARRPY_SINH, sinh) ARRPY_C(ARRPY_COSH, cosh)
    ARRPY_C(ARRPY_TANH, tanh) ARRPY_C(ARRPY_ARCSINH, arcsinh) ARRPY_C(ARRPY_ARCCOSH, arccosh)
    ARRPY_C(ARRPY_ARCTANH, arctanh) ARRPY_C(ARRPY_RINT, rint) ARRPY_C(ARRPY_SIGN, sign)
    ARRPY_C(ARRPY_CONJUGATE, conjugate)
#undef ARRPY_C
    t.fn[ARRPY_ABSOLUTE][dt] = &loop_cplx<F, F, &O::absolute>;
    t.fn[ARRPY_ISNAN][dt] = &loop_cplx<F, uint8_t, &O::isnan>;
    t.fn[ARRPY_ISINF][dt] = &loop_cplx<F, uint8_t, &O::isinf>;
    t.fn[ARRPY_ISFINITE][dt] = &loop_cplx<F, uint8_t, &O::isfinite>;
    t.fn[ARRPY_LOGICAL_NOT][dt] = &loop_cplx<F, uint8_t, &O::logical_not>;
}

inline void add_complex(arrpy_unary_table &t) {
    add_complex_of<float>(t, ARRPY_COMPLEX64);
    add_complex_of<double>(t, ARRPY_COMPLEX128);
}
