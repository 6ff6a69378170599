// Service worker of the phone page (scope /m/): keeps the page shell, Leaflet and today's task data
// so /m/ opens without a connection. Writes (POST) are never touched: the page queues them itself.
"use strict";
const CACHE = "geo-server-m-{{ shell_version }}";
const SHELL = [
  "{% url 'mobile' %}",{% for url in shell_static %}
  "{{ url|escapejs }}",{% endfor %}
];
// Fresh from the network when there is one, else the last copy.
const NETWORK_FIRST = new Set(["{% url 'mobile' %}", "{% url 'mobile-today' %}"]);

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key.startsWith("geo-server-m-") && key !== CACHE)
      .map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // A redirect to the login page is not the shell: hand it over, keep the last good copy.
    if (response.ok && !response.redirected) await cache.put(key, response.clone());
    return response;
  } catch (offline) {
    const kept = await cache.match(key);
    if (kept) return kept;
    throw offline;
  }
}

async function cacheFirst(request) {
  const kept = await caches.match(request);
  return kept || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (NETWORK_FIRST.has(url.pathname)) {
    event.respondWith(networkFirst(request, url.pathname));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});
