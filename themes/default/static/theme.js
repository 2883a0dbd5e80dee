// Applies the reader's saved colour theme before the page is drawn (loaded blocking from
// <head>, so there is no flash of the other theme). No saved choice: follow the system.
try {
  const saved = localStorage.getItem('dsguide-theme');
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
} catch {
  // Storage can be unavailable (private modes, strict settings): the system theme applies.
}
