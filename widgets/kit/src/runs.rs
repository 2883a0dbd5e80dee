//! Run-length encoding of a run's actions, for links: a widget that rebuilds its state by
//! replaying the reader's actions numbers each action below `kinds` and stores runs of the same
//! action as one number, `action + kinds × (repeats − 1)`.

/// Encodes `actions` (each below `kinds`) as runs.
pub fn encode(actions: &[u32], kinds: u32) -> Vec<u32> {
    let mut codes = Vec::new();
    let mut index = 0;
    while index < actions.len() {
        let action = actions[index];
        let run = actions[index..].iter().take_while(|&&next| next == action).count();
        codes.push(action + kinds * (run as u32 - 1));
        index += run;
    }
    codes
}

/// The inverse of [`encode`], keeping at most `limit` actions so that a hand-edited link cannot
/// stall the page; codes whose action is not known to `valid` are skipped.
pub fn decode(codes: &[u32], kinds: u32, limit: usize, valid: impl Fn(u32) -> bool) -> Vec<u32> {
    let mut actions = Vec::new();
    for &code in codes {
        let action = code % kinds;
        if !valid(action) {
            continue;
        }
        let room = limit.saturating_sub(actions.len());
        actions.extend(std::iter::repeat_n(action, ((code / kinds) as usize + 1).min(room)));
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_round_trip_and_stay_bounded() {
        let actions = [0, 0, 3, 3, 3, 1, 0];
        assert_eq!(encode(&actions, 8), [8, 19, 1, 0]);
        assert_eq!(decode(&encode(&actions, 8), 8, 100, |_| true), actions);
        assert_eq!(decode(&[7, 6], 8, 100, |action| action < 6), [] as [u32; 0]);
        assert_eq!(decode(&[8 * 1_000_000], 8, 500, |_| true).len(), 500);
    }
}
