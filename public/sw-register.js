// Registers the service worker (sw.js, next to this file) that keeps the app usable offline.
// A separate file, not an inline script: the Content-Security-Policy allows no inline code
// but the hashed loader Trunk writes.
if ('serviceWorker' in navigator) {
  addEventListener('load', () => {
    navigator.serviceWorker.register(new URL('sw.js', document.baseURI)).catch((e) => {
      // offline use is an extra: the app works without it
      console.warn('service worker not registered:', e?.message ?? e);
    });
  });
}
