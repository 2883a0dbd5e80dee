//! How a layer decides whether and when to retry: backoff with or without jitter, retry budgets
//! and a circuit breaker.

use kit::rng::Rng;

/// The backoff schedules of "Exponential Backoff And Jitter" (Marc Brooker, AWS Architecture
/// Blog, 2015): `base` and `cap` in ms, `attempt` counting retries from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backoff {
    /// Retry at once.
    Immediate,
    /// min(cap, base · 2^attempt).
    Exponential,
    /// A uniform draw from [0, min(cap, base · 2^attempt)].
    FullJitter,
    /// Half of min(cap, base · 2^attempt), plus a uniform draw from the other half.
    EqualJitter,
    /// min(cap, a uniform draw from [base, 3 · the previous sleep]), starting from base.
    Decorrelated,
}

impl Backoff {
    pub const ALL: [Backoff; 5] =
        [Backoff::Immediate, Backoff::Exponential, Backoff::FullJitter, Backoff::EqualJitter, Backoff::Decorrelated];

    pub fn key(self) -> &'static str {
        match self {
            Backoff::Immediate => "immediate",
            Backoff::Exponential => "exponential",
            Backoff::FullJitter => "full-jitter",
            Backoff::EqualJitter => "equal-jitter",
            Backoff::Decorrelated => "decorrelated",
        }
    }

    pub fn from_key(key: &str) -> Option<Backoff> {
        Backoff::ALL.into_iter().find(|backoff| backoff.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Backoff::Immediate => "immediate",
            Backoff::Exponential => "exponential, no jitter",
            Backoff::FullJitter => "exponential, full jitter",
            Backoff::EqualJitter => "exponential, equal jitter",
            Backoff::Decorrelated => "decorrelated jitter",
        }
    }

    /// The sleep before retry number `attempt` (0 for the first retry); `previous` is the last
    /// sleep, used by decorrelated jitter.
    pub fn sleep(self, attempt: u32, previous: f64, base: f64, cap: f64, rng: &mut Rng) -> f64 {
        let exponential = (base * f64::from(1u32 << attempt.min(30))).min(cap);
        match self {
            Backoff::Immediate => 0.0,
            Backoff::Exponential => exponential,
            Backoff::FullJitter => rng.fraction() * exponential,
            Backoff::EqualJitter => exponential / 2.0 + rng.fraction() * exponential / 2.0,
            Backoff::Decorrelated => {
                let high = (previous.max(base) * 3.0).max(base);
                (base + rng.fraction() * (high - base)).min(cap)
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Budget {
    None,
    /// gRPC-style retry throttling (gRFC A6): a token count starting at `max`, less 1 for each
    /// failed attempt, plus `ratio` for each success; retries are allowed only while the count
    /// is above max / 2.
    TokenBucket,
    /// The Google SRE book's per-client budget: retry only while retries are under 10% of the
    /// requests sent.
    Ratio,
}

impl Budget {
    pub const ALL: [Budget; 3] = [Budget::None, Budget::TokenBucket, Budget::Ratio];

    pub fn key(self) -> &'static str {
        match self {
            Budget::None => "none",
            Budget::TokenBucket => "token-bucket",
            Budget::Ratio => "ratio",
        }
    }

    pub fn from_key(key: &str) -> Option<Budget> {
        Budget::ALL.into_iter().find(|budget| budget.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Budget::None => "none",
            Budget::TokenBucket => "token bucket (gRPC throttling)",
            Budget::Ratio => "10% of requests (SRE book)",
        }
    }
}

/// The token bucket's size and refill per success; the widget's values (the gRFC makes both
/// required settings rather than giving defaults).
pub const MAX_TOKENS: f64 = 10.0;
pub const TOKEN_RATIO: f64 = 0.1;
/// The share of retries among requests the ratio budget allows.
pub const RETRY_RATIO: f64 = 0.1;

/// One layer's budget state.
#[derive(Clone, Debug, PartialEq)]
pub struct BudgetState {
    pub tokens: f64,
    pub requests: u64,
    pub retries: u64,
}

impl Default for BudgetState {
    fn default() -> Self {
        BudgetState { tokens: MAX_TOKENS, requests: 0, retries: 0 }
    }
}

impl BudgetState {
    pub fn record(&mut self, success: bool) {
        if success {
            self.tokens = (self.tokens + TOKEN_RATIO).min(MAX_TOKENS);
        } else {
            self.tokens = (self.tokens - 1.0).max(0.0);
        }
    }

    /// Whether `budget` allows one more retry now; a granted retry is counted.
    pub fn allow_retry(&mut self, budget: Budget) -> bool {
        let allowed = match budget {
            Budget::None => true,
            Budget::TokenBucket => self.tokens > MAX_TOKENS / 2.0,
            Budget::Ratio => (self.retries as f64) < RETRY_RATIO * self.requests as f64,
        };
        if allowed {
            self.retries += 1;
        }
        allowed
    }
}

/// A circuit breaker: it opens when at least half of the last 20 outcomes failed (with at least
/// 10 seen), fails calls at once for [`OPEN_FOR`] ms, then lets one trial through.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Breaker {
    outcomes: Vec<bool>,
    open_until: Option<f64>,
    trial_out: bool,
}

pub const OPEN_FOR: f64 = 2_000.0;
const WINDOW: usize = 20;

impl Breaker {
    pub fn is_open(&self, now: f64) -> bool {
        self.open_until.is_some_and(|until| now < until)
    }

    /// Whether a call may go out now.
    pub fn admit(&mut self, now: f64) -> bool {
        match self.open_until {
            Some(until) if now < until => false,
            Some(_) if self.trial_out => false,
            Some(_) => {
                self.trial_out = true;
                true
            }
            None => true,
        }
    }

    pub fn record(&mut self, success: bool, now: f64) {
        if self.open_until.is_some() && self.trial_out {
            self.trial_out = false;
            self.open_until = if success { None } else { Some(now + OPEN_FOR) };
            self.outcomes.clear();
            return;
        }
        self.outcomes.push(success);
        if self.outcomes.len() > WINDOW {
            self.outcomes.remove(0);
        }
        let failures = self.outcomes.iter().filter(|&&ok| !ok).count();
        if self.outcomes.len() >= WINDOW / 2 && failures * 2 >= self.outcomes.len() {
            self.open_until = Some(now + OPEN_FOR);
            self.outcomes.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jitter_formulas() {
        let mut rng = Rng::seeded(1);
        let (base, cap) = (10.0, 1_000.0);
        for attempt in 0..10 {
            let exponential = (10.0 * 2f64.powi(attempt as i32)).min(cap);
            assert_eq!(Backoff::Exponential.sleep(attempt, 0.0, base, cap, &mut rng), exponential);
            assert_eq!(Backoff::Immediate.sleep(attempt, 0.0, base, cap, &mut rng), 0.0);
            for _ in 0..200 {
                let full = Backoff::FullJitter.sleep(attempt, 0.0, base, cap, &mut rng);
                assert!((0.0..=exponential).contains(&full));
                let equal = Backoff::EqualJitter.sleep(attempt, 0.0, base, cap, &mut rng);
                assert!((exponential / 2.0..=exponential).contains(&equal));
                let previous = 40.0 * f64::from(attempt + 1);
                let decorrelated = Backoff::Decorrelated.sleep(attempt, previous, base, cap, &mut rng);
                assert!((base..=(previous * 3.0).min(cap)).contains(&decorrelated), "{decorrelated}");
            }
        }
        // Full jitter spreads uniformly: its mean is half the exponential sleep.
        let mean = (0..20_000).map(|_| Backoff::FullJitter.sleep(3, 0.0, base, cap, &mut rng)).sum::<f64>() / 20_000.0;
        assert!((mean - 40.0).abs() < 1.0, "{mean}");
    }

    #[test]
    fn the_token_bucket_throttles_below_half_and_recovers_with_successes() {
        let mut state = BudgetState::default();
        assert!(state.allow_retry(Budget::TokenBucket), "full: retries allowed");
        for _ in 0..5 {
            state.record(false);
        }
        assert_eq!(state.tokens, 5.0);
        assert!(!state.allow_retry(Budget::TokenBucket), "at max/2 retries stop");
        state.record(true);
        assert!(state.allow_retry(Budget::TokenBucket), "5.1 > 5: allowed again");
        for _ in 0..100 {
            state.record(true);
        }
        assert_eq!(state.tokens, MAX_TOKENS, "never above max");
    }

    #[test]
    fn the_ratio_budget_keeps_retries_under_a_tenth_of_requests() {
        let mut state = BudgetState { requests: 100, ..BudgetState::default() };
        let granted = (0..50).filter(|_| state.allow_retry(Budget::Ratio)).count();
        assert_eq!(granted, 10);
    }

    #[test]
    fn the_breaker_opens_on_failures_and_closes_after_a_good_trial() {
        let mut breaker = Breaker::default();
        for _ in 0..10 {
            breaker.record(false, 0.0);
        }
        assert!(!breaker.admit(1.0) && breaker.is_open(1.0));
        assert!(breaker.admit(OPEN_FOR + 1.0), "one trial after the cool-down");
        assert!(!breaker.admit(OPEN_FOR + 2.0), "only one");
        breaker.record(true, OPEN_FOR + 3.0);
        assert!(breaker.admit(OPEN_FOR + 4.0) && !breaker.is_open(OPEN_FOR + 4.0));
    }
}
