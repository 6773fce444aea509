/// <reference lib="webworker" />
/**
 * The service worker: after one visit the app opens with the network off (its data is in OPFS
 * already). The build writes the list of files to precache (PRECACHE, and a version that changes
 * with them) into this file; see the fitbook-service-worker plugin in vite.config.ts.
 *
 * Navigations go to the network first, so a new deployment is picked up whenever online, and
 * fall back to the cached page offline; the app's hashed files are served from the cache.
 * Requests to other origins are never made by the app (CSP) and never handled here.
 */
declare const PRECACHE: string[];
declare const VERSION: string;

const CACHE = `fitbook-${VERSION}`;
// The page's DOM typings are in scope too, so the global is typed here rather than redeclared.
const sw = self as unknown as ServiceWorkerGlobalScope;

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('fitbook-') && key !== CACHE) await caches.delete(key);
    await sw.clients.claim();
  })());
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(async () => (await caches.match('./', { ignoreSearch: true, ignoreVary: true })) ?? Response.error()));
    return;
  }
  // ignoreVary: servers send "Vary: Origin" (module scripts carry an Origin header, the
  // precache requests did not), which would make every cached script miss.
  event.respondWith(caches.match(request, { ignoreVary: true }).then((hit) => hit ?? fetch(request)));
});
