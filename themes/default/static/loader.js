// The widget loader: the only hand-written JavaScript of the site.
//
// Each <figure class="widget" data-widget="NAME" data-module="URL" data-config="{...}">
// already shows the widget's initial state, rendered at build time. When a figure nears the
// viewport, this imports the widget's ES module (wasm-bindgen's glue, at a fingerprinted URL),
// initialises its wasm once, and calls its mount(body, config), which replaces the static state
// with the live widget. A figure without data-module (its widget was not built) stays static.

const modules = new Map();

function loadModule(url) {
  if (!modules.has(url)) {
    modules.set(url, import(url).then(async (module) => {
      await module.default();
      return module;
    }));
  }
  return modules.get(url);
}

// A shared link names one figure and its state: #widget-quorum-1~{url-encoded JSON}. As the
// reader works, the widget puts its state on the figure (data-state) and this keeps the hash
// in step (history.replaceState, no new history entry); when a page opens with such a hash,
// the state overrides that figure's config at mount. Widgets clamp every value, so a
// hand-edited link cannot break them.
const [sharedId, sharedState] = window.location.hash.slice(1).split('~');

function sharedConfig(figure) {
  if (!sharedState || figure.id !== sharedId) return {};
  try {
    const state = JSON.parse(decodeURIComponent(sharedState));
    return state !== null && typeof state === 'object' ? state : {};
  } catch {
    return {};
  }
}

async function mount(figure) {
  const body = figure.querySelector('.widget-body');
  try {
    const module = await loadModule(figure.dataset.module);
    module.mount(body, { ...JSON.parse(figure.dataset.config || '{}'), ...sharedConfig(figure) });
    figure.dataset.mounted = 'true';
    new MutationObserver(() => {
      window.history.replaceState(null, '', `#${figure.id}~${encodeURIComponent(figure.dataset.state)}`);
    }).observe(figure, { attributeFilter: ['data-state'] });
  } catch (error) {
    figure.dataset.mounted = 'failed';
    const message = document.createElement('p');
    message.className = 'widget-error';
    message.setAttribute('role', 'alert');
    message.textContent = `This widget could not start (${error}); the figure shows its initial state.`;
    body.prepend(message);
  }
}

const figures = document.querySelectorAll('figure.widget[data-module]');
if (sharedId) document.getElementById(sharedId)?.scrollIntoView();
if ('IntersectionObserver' in window) {
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        mount(entry.target);
      }
    }
  }, { rootMargin: '300px 0px' });
  figures.forEach((figure) => observer.observe(figure));
} else {
  figures.forEach(mount);
}
