/**
 * The shared service worker: keeps an app's shell in a cache so the app reloads while offline.
 *
 * Registered by app_shell.js `registerAppShell` as `service_worker.js?name=<app>&shell=<JSON list
 * of URLs>` for the app's scope (the server sends `Service-Worker-Allowed: /`, so a scope such
 * as `/pos/` is allowed although this file lives under /static/src/). Install caches the shell
 * list; then every same-origin GET of a controlled page goes to the network first (a good
 * answer refreshes the cache) and falls back on the cache, query string ignored, when the
 * network fails. POSTs (JSON-RPC) are never touched: data an app needs offline goes in
 * IndexedDB (offline_queue.js), not here.
 */
const params = new URL(self.location.href).searchParams;
const CACHE = `app-shell:${params.get("name") || "default"}`;
const SHELL = JSON.parse(params.get("shell") || "[]");

self.addEventListener("install", (event) => {
    event.waitUntil(
        caches
            .open(CACHE)
            .then((cache) => cache.addAll(SHELL))
            .then(() => self.skipWaiting())
    );
});

self.addEventListener("activate", (event) => {
    event.waitUntil(self.clients.claim());
});

async function networkFirst(request) {
    try {
        const response = await fetch(request);
        if (response.ok && response.type === "basic") {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
    } catch (error) {
        const cached = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
        return cached || Response.error();
    }
}

self.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
    event.respondWith(networkFirst(request));
});
