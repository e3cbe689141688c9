// The app's service worker: keeps the built files so that the calculator opens and works
// without a network (pull the cable and reload: it still analyses files, which shows that
// it needs no server). It never sees the user's data: files are read by the page and its
// analysis worker, and nothing is sent anywhere.
//
// The list below is written by scripts/post-build.mjs: every built file with its SHA-256.
// A new build changes the list, hence this file, hence the browser installs the new worker,
// which fetches every file past the HTTP cache and checks it against its hash (`integrity`)
// before it is used; a stale or half-deployed file fails the install instead of being
// served. The cache is named by the hash of the list, so the analysis worker's files (whose
// names carry no hash) always come from the same build as the page.
const BUILD = /*PRECACHE*/{ "version": "dev", "files": [] }/*END*/;
const CACHE = `kpi-${BUILD.version}`;
const SCOPE = new URL('./', self.location).href;
const urlOf = (path) => new URL(path, SCOPE).href;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(BUILD.files.map(async ({ path, integrity }) => {
      const url = urlOf(path);
      const response = await fetch(url, { cache: 'no-cache', integrity });
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      await cache.put(url, response);
    }));
    // The first install takes over at once; an update waits until no page uses the old build
    // (a page of the old build must not get the new analysis worker). A development build
    // (no list: `trunk serve`) caches nothing and never waits.
    if (!self.registration.active || BUILD.files.length === 0) await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith('kpi-') && n !== CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (BUILD.files.length === 0 || request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  event.respondWith((async () => {
    const url = new URL(request.url);
    url.hash = '';
    const navigate = request.mode === 'navigate';
    // a page: "dir/" is "dir/index.html", and its query (a shared link's settings) is the
    // page's business, not part of the file
    if (navigate) {
      url.search = '';
      if (url.pathname.endsWith('/')) url.pathname += 'index.html';
    }
    // `caches.match` with a name reads without creating: `caches.open` here would bring back
    // this build's cache after the next build's worker deleted it (a fetch of a page or
    // worker of the old build still in flight while the new build takes over).
    const hit = await caches.match(url.href, { cacheName: CACHE });
    return hit ?? fetch(request);
  })());
});
