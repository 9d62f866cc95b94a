/// <reference lib="webworker" />
// The service worker of the mobile channel: it keeps the mobile page and its files, so that the page opens
// without a network; the captures themselves are kept by the page (IndexedDB) and sent by it.

declare const self: ServiceWorkerGlobalScope;

const CACHE = 'sitepresence-v1';
/** What the mobile page needs to open offline. */
const SHELL = [
  '/mobile',
  '/assets/app.css',
  '/assets/mobile.js',
  '/manifest.webmanifest',
  '/assets/icons/icon-192.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Signing out forgets the kept page: it holds the person's workplaces and workers.
  if (request.method === 'POST' && url.pathname === '/sign-out') {
    event.waitUntil(caches.delete(CACHE));
    return;
  }
  if (request.method !== 'GET') return;
  if (url.pathname === '/mobile') {
    event.respondWith(networkFirst(request));
    return;
  }
  if (SHELL.includes(url.pathname)) event.respondWith(networkFirst(request));
});

/** The network's answer (kept for later), or the kept one when there is no network. */
async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // A redirect to the sign-in page is not the mobile page: only a real page is kept.
    if (response.ok && !response.redirected) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept !== undefined) return kept;
    throw error;
  }
}
