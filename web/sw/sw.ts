/// <reference lib="webworker" />
// The service worker of the mobile channel: it keeps the mobile page and its files, so that the page opens
// without a network; the captures themselves are kept by the page (IndexedDB) and sent by it.

import { CaptureStore } from '../src/capture-store.js';

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
  // Signing out forgets the kept page (it holds the person's workplaces and workers) and the captures already
  // settled; the unsent ones stay, to be sent once someone signs in again.
  if (request.method === 'POST' && url.pathname === '/sign-out') {
    event.waitUntil(forget());
    return;
  }
  if (request.method !== 'GET') return;
  if (url.pathname === '/mobile') {
    event.respondWith(networkFirst(request));
    return;
  }
  if (SHELL.includes(url.pathname)) event.respondWith(networkFirst(request));
});

/** Forgets the kept page and the settled captures. */
async function forget(): Promise<void> {
  await caches.delete(CACHE);
  const store = await CaptureStore.open();
  await store.forgetSettled(new Date(Date.now() + 60_000).toISOString());
}

/**
 * The network's answer (kept for later), or the kept one when there is no network — or when the server cannot
 * answer (a 5xx: the very day the registry is down is the day the page must open). A redirect to the sign-in
 * page means the session ended: the kept page is forgotten.
 */
async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  let response: Response;
  try {
    response = await fetch(request);
  } catch (error) {
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept !== undefined) return kept;
    throw error;
  }
  // (A navigation's redirect comes back opaque: /mobile redirects only to the sign-in page.)
  if (
    response.type === 'opaqueredirect' ||
    (response.redirected && new URL(response.url).pathname === '/sign-in')
  ) {
    await caches.delete(CACHE);
    return response;
  }
  if (response.status >= 500) return (await cache.match(request, { ignoreSearch: true })) ?? response;
  if (response.ok && !response.redirected) await cache.put(request, response.clone());
  return response;
}
