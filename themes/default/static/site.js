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

// Search: a dialog over Pagefind's JavaScript API, loaded on first use. Open it with the
// button or `/`; arrow keys move through the results, Enter opens one, Escape closes.
const searchDialog = document.querySelector('.search-dialog');
const searchButton = document.querySelector('[data-action="search"]');
if (searchDialog && searchButton) {
  const input = searchDialog.querySelector('input');
  const list = searchDialog.querySelector('.search-results');
  const status = searchDialog.querySelector('.search-status');
  let pagefind = null;
  let active = -1;

  const loadPagefind = async () => {
    if (!pagefind) {
      pagefind = await import(searchDialog.dataset.pagefind);
      await pagefind.options({ baseUrl: searchDialog.dataset.baseUrl });
    }
    return pagefind;
  };

  const options = () => [...list.querySelectorAll('[role="option"]')];
  const select = (index) => {
    const all = options();
    active = Math.max(-1, Math.min(index, all.length - 1));
    all.forEach((option, position) => option.setAttribute('aria-selected', String(position === active)));
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', all[active].id);
      all[active].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  const render = (results) => {
    list.replaceChildren(...results.map((result, index) => {
      const item = document.createElement('li');
      item.id = `search-result-${index}`;
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', 'false');
      const link = document.createElement('a');
      link.href = result.url;
      link.tabIndex = -1;
      const title = document.createElement('span');
      title.className = 'search-title';
      title.textContent = result.meta.title ?? result.url;
      link.append(title);
      if (result.meta.section) {
        const section = document.createElement('span');
        section.className = 'search-section';
        section.textContent = result.meta.section;
        link.append(section);
      }
      const excerpt = document.createElement('span');
      excerpt.className = 'search-excerpt';
      // Pagefind's excerpt is escaped text with <mark> around the matches.
      excerpt.innerHTML = result.excerpt;
      link.append(excerpt);
      item.append(link);
      return item;
    }));
    input.setAttribute('aria-expanded', String(results.length > 0));
    select(results.length > 0 ? 0 : -1);
  };

  let latestQuery = '';
  input.addEventListener('input', async () => {
    const query = input.value.trim();
    latestQuery = query;
    if (!query) {
      render([]);
      status.textContent = '';
      return;
    }
    try {
      const engine = await loadPagefind();
      const search = await engine.debouncedSearch(query);
      if (search === null || query !== latestQuery) return;
      const results = await Promise.all(search.results.slice(0, 8).map((result) => result.data()));
      if (query !== latestQuery) return;
      render(results);
      status.textContent = results.length === 0 ? 'No results.' : `${search.results.length} result${search.results.length === 1 ? '' : 's'}.`;
    } catch (error) {
      status.textContent = `Search is unavailable (${error}).`;
    }
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      select(active + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      select(active - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const link = options()[active]?.querySelector('a');
      if (link) window.location.href = link.href;
    }
  });

  const open = () => {
    searchDialog.showModal();
    input.select();
  };
  searchButton.addEventListener('click', open);
  document.addEventListener('keydown', (event) => {
    const typing = event.target instanceof HTMLElement && event.target.closest('input, textarea, select, [contenteditable]');
    if (event.key === '/' && !typing && !searchDialog.open) {
      event.preventDefault();
      open();
    }
  });
  searchDialog.addEventListener('click', (event) => {
    if (event.target === searchDialog) searchDialog.close();
  });
  searchButton.hidden = false;
}
