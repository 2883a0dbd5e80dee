//! Histories of one register: operations by clients, each an interval from invocation to
//! response, written and read back as text, and generated at random from a seed.
//!
//! The register starts at 0 and every write writes its own value (1, 2, ...), so a read names the
//! write it read from. A write whose response never came is pending: it may or may not have
//! taken effect.

use kit::rng::Rng;

/// The last instant on the timeline.
pub const HORIZON: u32 = 24;
/// The most clients and operations a history may have (the checkers search orders of them).
pub const MAX_CLIENTS: usize = 4;
pub const MAX_OPS: usize = 12;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Write(u32),
    Read(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Op {
    pub client: usize,
    pub kind: Kind,
    pub start: u32,
    /// `None` for an operation whose response never came.
    pub end: Option<u32>,
}

impl Op {
    pub fn is_write(&self) -> bool {
        matches!(self.kind, Kind::Write(_))
    }

    pub fn value(&self) -> u32 {
        match self.kind {
            Kind::Write(value) | Kind::Read(value) => value,
        }
    }

    /// Whether this operation finished before `other` began: the real-time order.
    pub fn precedes(&self, other: &Op) -> bool {
        self.end.is_some_and(|end| end < other.start)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct History {
    pub clients: usize,
    pub ops: Vec<Op>,
}

pub fn client_name(client: usize) -> char {
    (b'A' + client as u8) as char
}

impl History {
    /// Operations of `client` in the order it issued them.
    pub fn session(&self, client: usize) -> Vec<usize> {
        let mut mine: Vec<usize> = (0..self.ops.len()).filter(|&i| self.ops[i].client == client).collect();
        mine.sort_by_key(|&i| self.ops[i].start);
        mine
    }

    /// The write a read returns the value of; `None` for the initial 0.
    pub fn writer(&self, read: usize) -> Option<usize> {
        let value = self.ops[read].value();
        (0..self.ops.len()).find(|&i| self.ops[i].kind == Kind::Write(value))
    }

    /// A read of a value no write wrote (and not the initial 0).
    pub fn impossible_read(&self) -> Option<usize> {
        (0..self.ops.len()).find(|&i| matches!(self.ops[i].kind, Kind::Read(v) if v != 0) && self.writer(i).is_none())
    }

    /// What makes a history malformed, if anything: overlapping operations of one client, an
    /// operation after a client's pending one, a repeated write value, times off the timeline.
    pub fn problem(&self) -> Option<String> {
        if self.ops.len() > MAX_OPS {
            return Some(format!("at most {MAX_OPS} operations"));
        }
        for op in &self.ops {
            if op.client >= self.clients {
                return Some(format!("client {} is not one of the {} clients", client_name(op.client), self.clients));
            }
            if op.end.is_some_and(|end| end < op.start) || op.start > HORIZON || op.end.is_some_and(|end| end > HORIZON)
            {
                return Some(format!("times must run forwards within 0 to {HORIZON}"));
            }
            if matches!(op.kind, Kind::Write(0)) {
                return Some("0 is the initial value; writes write 1 or more".into());
            }
        }
        for (index, op) in self.ops.iter().enumerate() {
            if let Kind::Write(value) = op.kind {
                if self.ops[..index].iter().any(|other| other.kind == Kind::Write(value)) {
                    return Some(format!("two writes of {value}: each write needs its own value"));
                }
            }
        }
        for client in 0..self.clients {
            let session = self.session(client);
            for pair in session.windows(2) {
                let (first, second) = (self.ops[pair[0]], self.ops[pair[1]]);
                match first.end {
                    None => {
                        return Some(format!(
                            "client {} issues an operation after one that never returned",
                            client_name(client)
                        ))
                    }
                    Some(end) if end >= second.start => {
                        return Some(format!(
                            "client {}'s operations overlap; a client waits for each response",
                            client_name(client)
                        ))
                    }
                    _ => {}
                }
            }
        }
        None
    }

    /// The operation as text: `A: w(1) 0-4`, `B: r()=1 2-6`, `C: w(3) 5-?`.
    pub fn op_text(&self, index: usize) -> String {
        let op = &self.ops[index];
        let mut text = String::new();
        text.push(client_name(op.client));
        text.push_str(": ");
        text.push_str(&short(op));
        text.push(' ');
        text.push_str(&op.start.to_string());
        text.push('-');
        match op.end {
            Some(end) => text.push_str(&end.to_string()),
            None => text.push('?'),
        }
        text
    }

    pub fn to_text(&self) -> String {
        (0..self.ops.len()).map(|index| self.op_text(index)).collect::<Vec<_>>().join("; ")
    }

    /// Reads the format [`History::to_text`] writes.
    pub fn parse(text: &str, clients: usize) -> Result<History, String> {
        let mut ops = Vec::new();
        for part in text.split(';').map(str::trim).filter(|part| !part.is_empty()) {
            let op = parse_op(part).ok_or_else(|| {
                format!("cannot read `{part}`: write operations as `A: w(1) 0-4`, `B: r()=1 2-6` or `C: w(2) 5-?`")
            })?;
            ops.push(op);
        }
        let history = History { clients: clients.clamp(2, MAX_CLIENTS), ops };
        match history.problem() {
            Some(problem) => Err(problem),
            None => Ok(history),
        }
    }

    /// A random history: clients take turns at random times, writes take effect at a random
    /// instant inside their interval, and each read returns what the register held at some
    /// instant of its interval, or, now and then, an older value.
    pub fn random(clients: usize, seed: u64) -> History {
        let clients = clients.clamp(2, MAX_CLIENTS);
        let mut rng = Rng::seeded(seed);
        let mut ops = Vec::new();
        let mut next_value = 1;
        let per_client = (MAX_OPS / clients).min(3);
        for client in 0..clients {
            let mut time = rng.below(4) as u32;
            for _ in 0..1 + rng.below(per_client as u64) {
                let length = 2 + rng.below(4) as u32;
                if time + length > HORIZON {
                    break;
                }
                let kind = if rng.below(2) == 0 {
                    next_value += 1;
                    Kind::Write(next_value - 1)
                } else {
                    Kind::Read(0)
                };
                ops.push(Op { client, kind, start: time, end: Some(time + length) });
                time += length + 1 + rng.below(3) as u32;
            }
        }
        // Each write takes effect at a point of its interval; reads then see the register at a
        // point of theirs.
        let effects: Vec<(u32, u32)> = ops
            .iter()
            .filter(|op| op.is_write())
            .map(|op| (op.start + rng.below(u64::from(op.end.unwrap_or(op.start) - op.start) + 1) as u32, op.value()))
            .collect();
        for op in ops.iter_mut().filter(|op| !op.is_write()) {
            let end = op.end.unwrap_or(op.start);
            let at = op.start + rng.below(u64::from(end - op.start) + 1) as u32;
            let mut held = effects.iter().filter(|(time, _)| *time <= at).collect::<Vec<_>>();
            held.sort();
            // Often enough a replica that lags: any older value, or the initial 0.
            let stale = rng.below(2) == 0 && !held.is_empty();
            let pick = if stale { rng.below(held.len() as u64 + 1) as usize } else { held.len() };
            let pick = pick.wrapping_sub(1);
            op.kind = Kind::Read(held.get(pick).map_or(0, |(_, value)| *value));
        }
        // Now and then the last write of some client never hears back.
        if rng.below(3) == 0 {
            if let Some(last) = (0..ops.len()).rev().find(|&i| ops[i].is_write()) {
                let client = ops[last].client;
                if ops.iter().all(|op| op.client != client || op.start <= ops[last].start) {
                    ops[last].end = None;
                }
            }
        }
        ops.sort_by_key(|op| (op.start, op.client));
        History { clients, ops }
    }
}

/// `w(1)` or `r()=1`.
pub fn short(op: &Op) -> String {
    match op.kind {
        Kind::Write(value) => format!("w({value})"),
        Kind::Read(value) => format!("r()={value}"),
    }
}

fn parse_op(text: &str) -> Option<Op> {
    let (client, rest) = text.split_once(':')?;
    let client = client.trim();
    let letter = client.chars().next().filter(|_| client.len() == 1)?;
    let client = (letter as u8).checked_sub(b'A').map(usize::from).filter(|&c| c < MAX_CLIENTS)?;
    let mut words = rest.split_whitespace();
    let (operation, times) = (words.next()?, words.next()?);
    if words.next().is_some() {
        return None;
    }
    let kind = if let Some(value) = operation.strip_prefix("w(").and_then(|v| v.strip_suffix(')')) {
        Kind::Write(value.parse().ok()?)
    } else {
        Kind::Read(operation.strip_prefix("r()=")?.parse().ok()?)
    };
    let (start, end) = times.split_once('-')?;
    let end = if end == "?" { None } else { Some(end.parse().ok()?) };
    Some(Op { client, kind, start: start.parse().ok()?, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_and_problems_are_named() {
        let history = History::parse("A: w(1) 0-4; B: r()=1 2-6; A: w(2) 7-?", 2).unwrap();
        assert_eq!(History::parse(&history.to_text(), 2).unwrap(), history);
        assert!(History::parse("A: w(1) 0-4; A: r()=1 3-6", 2).unwrap_err().contains("overlap"));
        assert!(History::parse("A: w(1) 0-?; A: r()=1 3-6", 2).unwrap_err().contains("never returned"));
        assert!(History::parse("A: w(1) 0-4; B: w(1) 5-6", 2).unwrap_err().contains("two writes of 1"));
        assert!(History::parse("A: x 0-4", 2).unwrap_err().starts_with("cannot read"));
        assert!(History::parse("C: w(1) 0-4", 2).unwrap_err().contains("not one of the 2 clients"));
    }

    #[test]
    fn random_histories_are_well_formed() {
        for seed in 0..500 {
            for clients in 2..=MAX_CLIENTS {
                let history = History::random(clients, seed);
                assert_eq!(history.problem(), None, "seed {seed}: {}", history.to_text());
                assert!(history.impossible_read().is_none());
            }
        }
    }
}
