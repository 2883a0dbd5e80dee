//! Step back for time-driven widgets: the states before the last steps, newest last.

use std::collections::VecDeque;

/// Snapshots of a model taken before each step, so "Step back" can restore them. Holds at most
/// `limit`; the oldest are forgotten first, which bounds memory however long a widget plays.
pub struct History<S> {
    past: VecDeque<S>,
    limit: usize,
}

impl<S: Clone> History<S> {
    pub fn new(limit: usize) -> Self {
        History { past: VecDeque::new(), limit: limit.max(1) }
    }

    /// Remembers `state` as the one to return to.
    pub fn record(&mut self, state: &S) {
        if self.past.len() == self.limit {
            self.past.pop_front();
        }
        self.past.push_back(state.clone());
    }

    /// The state before the last recorded step, removed from the history.
    pub fn back(&mut self) -> Option<S> {
        self.past.pop_back()
    }

    pub fn can_step_back(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn clear(&mut self) {
        self.past.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::History;

    #[test]
    fn steps_back_in_reverse_order_within_its_limit() {
        let mut history = History::new(3);
        assert!(!history.can_step_back());
        for state in 0..5 {
            history.record(&state);
        }
        assert_eq!([history.back(), history.back(), history.back(), history.back()], [Some(4), Some(3), Some(2), None]);
        history.record(&9);
        history.clear();
        assert_eq!(history.back(), None);
    }
}
