//! Rules of a `_headers` file (the format Netlify and Cloudflare Pages read): a path pattern
//! on its own line, then indented `Name: value` lines. A pattern ending in `*` matches every
//! path that starts with what comes before it. `dsguide serve` applies the site's own rules so
//! a page is tried out under the headers it will be published with, CSP included.

pub struct HeaderRules {
    rules: Vec<(String, Vec<(String, String)>)>,
}

impl HeaderRules {
    pub fn parse(text: &str) -> Self {
        let mut rules: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for line in text.lines() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            if !line.starts_with(char::is_whitespace) {
                rules.push((line.trim().to_string(), Vec::new()));
            } else if let (Some((_, headers)), Some((name, value))) = (rules.last_mut(), line.trim().split_once(':')) {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        HeaderRules { rules }
    }

    /// Every header the rules give `path`, in file order.
    pub fn for_path(&self, path: &str) -> Vec<(&str, &str)> {
        self.rules
            .iter()
            .filter(|(pattern, _)| match pattern.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => path == pattern,
            })
            .flat_map(|(_, headers)| headers.iter().map(|(name, value)| (name.as_str(), value.as_str())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_prefixes_and_exact_paths() {
        let rules = HeaderRules::parse("# comment\n/g/*\n  A: 1\n  B: x: y\n/g/assets/*\n  C: 2\n/g/exact\n  D: 3\n");
        assert_eq!(rules.for_path("/g/assets/s.css"), [("A", "1"), ("B", "x: y"), ("C", "2")]);
        assert_eq!(rules.for_path("/g/exact"), [("A", "1"), ("B", "x: y"), ("D", "3")]);
        assert!(rules.for_path("/other").is_empty());
    }
}
