/* The 5R field app's service worker (rantai/five_r/views/field.py): it keeps the app's shell
   and files so an audit opens with no signal. Answers and photos never pass through here: the
   page keeps them in IndexedDB and sends them itself. */
const VERSION = "{{ version }}";
const SHELL_CACHE = "rantai-field-" + VERSION;
const PHOTO_CACHE = "rantai-field-photos";
const PRECACHE = {{ precache|safe }};
const SHELL = PRECACHE[0];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((n) => n.startsWith("rantai-field-") && n !== SHELL_CACHE && n !== PHOTO_CACHE)
          .map((n) => caches.delete(n))
      ))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === SHELL) {
    // The shell from the network when there is one (a fresh CSRF token), else the kept copy.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && !response.redirected) {
            const copy = response.clone();
            caches.open(SHELL_CACHE).then((cache) => cache.put(SHELL, copy));
          }
          return response;
        })
        .catch(() => caches.match(SHELL, { cacheName: SHELL_CACHE }))
    );
    return;
  }
  if (url.pathname !== SHELL && PRECACHE.includes(url.pathname)) {
    event.respondWith(
      caches.match(url.pathname, { cacheName: SHELL_CACHE }).then((hit) => hit || fetch(request))
    );
    return;
  }
  if (url.pathname.endsWith(".jpg")) {
    // Thumbnails of photos already on the server, kept when an audit was taken to the field.
    event.respondWith(
      caches.open(PHOTO_CACHE).then((cache) =>
        cache.match(request).then((hit) => hit || fetch(request))
      )
    );
  }
});
