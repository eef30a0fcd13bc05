/*
 * IMLab's service worker (registered by the production build only). It precaches every file of the
 * build (the app, the engine worker, the TF.js .wasm files, the demo table, the icons), then serves
 * them from the cache first, so after one online visit the app runs with the network off.
 *
 * The build (vite.config.ts, plugin "imlab-pwa") fills in VERSION and PRECACHE below. A new version
 * installs in the background and waits: the page offers a reload and sends SKIP_WAITING.
 */
const VERSION = '__IMLAB_VERSION__';
const PRECACHE = /* __IMLAB_PRECACHE__ */ [];
const CACHE = `imlab-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('imlab-') && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      // Every page of the app is index.html (the Learn page is a #hash route). Each file is cached
      // under one URL, so Vary (e.g. Accept-Encoding from a compressing server) must not cause a miss.
      const options = { ignoreSearch: true, ignoreVary: true };
      const hit =
        request.mode === 'navigate'
          ? (await cache.match('index.html', options)) || (await cache.match('./', options))
          : await cache.match(request, options);
      if (hit) return hit;
      try {
        return await fetch(request);
      } catch (e) {
        if (request.mode === 'navigate') {
          return new Response('IMLab is offline and not cached yet: open it once while online.', {
            status: 503,
            headers: { 'Content-Type': 'text/plain; charset=utf-8' },
          });
        }
        throw e;
      }
    })(),
  );
});
