//! The files a published site needs besides its pages: `404.html`, `robots.txt`, `_headers`
//! (cache lifetimes and security headers, in the format Netlify and Cloudflare Pages read, and
//! which `dsguide serve` applies too), and `sitemap.xml` (when `site.yaml` names the public
//! `url`, since a sitemap needs absolute URLs).

use std::path::PathBuf;

use crate::context::{self, Shared};
use crate::diagnostics::Diagnostic;
use crate::output::Files;
use crate::site::Site;
use crate::theme::Theme;

/// Adds the site-level files to `files`.
pub fn add(site: &Site, shared: &Shared, theme: &Theme, files: &mut Files) -> Result<(), Diagnostic> {
    let settings = shared.settings;
    let not_found = theme.render("404.html", &context::plain_context(site, shared, "Page not found"))?;
    files.insert(PathBuf::from("404.html"), not_found.into_bytes());

    let base = settings.base_url.trim_end_matches('/');
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(url) = &settings.url {
        robots.push_str(&format!("Sitemap: {url}{base}/sitemap.xml\n"));
        files.insert(PathBuf::from("sitemap.xml"), sitemap(site, url, base).into_bytes());
    }
    files.insert(PathBuf::from("robots.txt"), robots.into_bytes());
    files.insert(PathBuf::from("_headers"), headers(base).into_bytes());
    Ok(())
}

/// The Content-Security-Policy the site satisfies: everything from its own origin, no inline
/// scripts or styles, and `'wasm-unsafe-eval'`, which compiling the widgets' wasm requires.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
     base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Security headers everywhere; fingerprinted files never change, so they are cached for a
/// year (pages keep the host's default, which revalidates).
fn headers(base: &str) -> String {
    format!(
        "{base}/*\n  Content-Security-Policy: {CONTENT_SECURITY_POLICY}\n  X-Content-Type-Options: nosniff\n  \
         Referrer-Policy: strict-origin-when-cross-origin\n\
         {base}/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n\
         {base}/widgets/*\n  Cache-Control: public, max-age=31536000, immutable\n"
    )
}

/// Every page in reading order, with its `updated` date as `lastmod` when it has one.
fn sitemap(site: &Site, origin: &str, base: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for index in site.reading_order() {
        let page = &site.pages[index];
        xml.push_str(&format!("  <url><loc>{}</loc>", kit::markup::escape(&format!("{origin}{base}{}", page.url))));
        if let Some(updated) = &page.front_matter.updated {
            xml.push_str(&format!("<lastmod>{updated}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
