// Page behaviour that needs script; the page works without it (links, navigation, content).
// - the theme toggle (light/dark, saved for the next visit; theme.js applies it early);
// - the menu button that shows the topic list on narrow screens;
// - heading anchors that copy their link;
// - the table of contents marking the section being read.

const root = document.documentElement;

function currentTheme() {
  if (root.dataset.theme) return root.dataset.theme;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const themeButton = document.querySelector('[data-action="theme"]');
if (themeButton) {
  const label = () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    themeButton.textContent = next === 'dark' ? 'Dark theme' : 'Light theme';
    themeButton.setAttribute('aria-label', `Switch to the ${next} theme`);
  };
  themeButton.addEventListener('click', () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    root.dataset.theme = next;
    try {
      localStorage.setItem('dsguide-theme', next);
    } catch {
      // Not saved; the choice holds for this page.
    }
    label();
  });
  label();
  themeButton.hidden = false;
}

const menuButton = document.querySelector('[data-action="menu"]');
const layout = document.querySelector('.layout');
if (menuButton && layout) {
  menuButton.addEventListener('click', () => {
    const open = layout.classList.toggle('menu-open');
    menuButton.setAttribute('aria-expanded', String(open));
  });
  menuButton.hidden = false;
}

for (const anchor of document.querySelectorAll('.heading-anchor')) {
  anchor.addEventListener('click', async () => {
    // The link still navigates; copying is a convenience where the clipboard is allowed.
    try {
      await navigator.clipboard.writeText(anchor.href);
      anchor.classList.add('copied');
      setTimeout(() => anchor.classList.remove('copied'), 1500);
    } catch {
      // No clipboard access: the address bar has the link.
    }
  });
}

const tocLinks = new Map(
  [...document.querySelectorAll('.toc a[href^="#"]')].map((link) => [decodeURIComponent(link.hash.slice(1)), link]),
);
if (tocLinks.size > 0 && 'IntersectionObserver' in window) {
  const visible = new Set();
  const mark = () => {
    // The first heading in document order that is on screen is the section being read.
    const current = [...tocLinks.keys()].find((id) => visible.has(id));
    if (!current) return;
    for (const [id, link] of tocLinks) {
      if (id === current) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
    }
  };
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) visible.add(entry.target.id);
      else visible.delete(entry.target.id);
    }
    mark();
  }, { rootMargin: '0px 0px -60% 0px' });
  for (const id of tocLinks.keys()) {
    const heading = document.getElementById(id);
    if (heading) observer.observe(heading);
  }
}
