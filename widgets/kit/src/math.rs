//! Math that is cheaper to borrow from the browser than to ship.
//!
//! Rust's `f64::sin`/`cos`/`exp`/`ln` compile to libm's implementations, several KB of wasm
//! each; in the browser the engine's `Math` functions do the same job for free. Natively (the static
//! figures, the tests) the standard library is used. The two may differ in the last bits, which
//! never shows: views round coordinates to 0.1 px.

/// The sine and cosine of `angle` (radians).
pub fn sin_cos(angle: f64) -> (f64, f64) {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Math::sin(angle), js_sys::Math::cos(angle))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        angle.sin_cos()
    }
}

/// `e^x`.
pub fn exp(x: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Math::exp(x)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        x.exp()
    }
}

/// The natural logarithm.
pub fn ln(x: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Math::log(x)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        x.ln()
    }
}

/// `x^n` for a whole exponent, by repeated squaring (no libm `pow`).
pub fn powi(mut x: f64, mut n: u32) -> f64 {
    let mut result = 1.0;
    while n > 0 {
        if n & 1 == 1 {
            result *= x;
        }
        x *= x;
        n >>= 1;
    }
    result
}

#[cfg(test)]
mod tests {
    #[test]
    fn quarter_turn() {
        let (sin, cos) = super::sin_cos(core::f64::consts::FRAC_PI_2);
        assert!((sin - 1.0).abs() < 1e-12 && cos.abs() < 1e-12);
    }

    #[test]
    fn exp_ln_and_powers() {
        assert!((super::exp(1.0) - core::f64::consts::E).abs() < 1e-12);
        assert!((super::ln(core::f64::consts::E) - 1.0).abs() < 1e-12);
        assert_eq!(super::powi(0.5, 3), 0.125);
        assert_eq!(super::powi(3.0, 0), 1.0);
    }
}
