// Live reload for `dsguide serve` (never part of dist/): reload when a build succeeds, show
// the diagnostics over the page when one fails.
const events = new EventSource('/__dsguide/events');
let overlay = null;

events.addEventListener('reload', () => window.location.reload());
events.addEventListener('failed', (event) => {
  if (!overlay) {
    overlay = document.createElement('div');
    overlay.setAttribute('role', 'alert');
    overlay.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:1000;'
      + 'margin:0;padding:1rem 1.25rem;background:#1b1f24;color:#ffd8d3;border-top:4px solid #d55e00;'
      + 'font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;';
    document.body.append(overlay);
  }
  overlay.textContent = `The build failed; fix the file and this page reloads.\n\n${event.data}`;
});
