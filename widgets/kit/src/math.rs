//! Math that is cheaper to borrow from the browser than to ship.
//!
//! Rust's `f64::sin`/`cos` compile to libm's implementations, about 8 KB of wasm; in the
//! browser the engine's `Math.sin`/`Math.cos` do the same job for free. Natively (the static
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

#[cfg(test)]
mod tests {
    #[test]
    fn quarter_turn() {
        let (sin, cos) = super::sin_cos(core::f64::consts::FRAC_PI_2);
        assert!((sin - 1.0).abs() < 1e-12 && cos.abs() < 1e-12);
    }
}
