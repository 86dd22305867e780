/* Simpul aspirasi service worker: keeps the public form and the KIM form usable with no signal.
   Scope /aspirasi/. Pages: network first, cached copy when offline, /aspirasi/luring/ otherwise.
   Static files: cache first. POSTs are never touched: the page's outbox (luring.js) keeps
   unsent forms and sends them when the signal returns. */
"use strict";
const CACHE = "simpul-aspirasi-v1";
const HALAMAN = ["/aspirasi/", "/aspirasi/luring/", "/aspirasi/kelola/catat/", "/aspirasi/cari/"];
const DISIMPAN = /^\/aspirasi\/(|luring\/|cari\/|kelola\/catat\/)$/;

async function simpanHalaman(cache, url) {
  try {
    const resp = await fetch(url, { credentials: "same-origin", redirect: "follow" });
    if (!resp.ok || resp.redirected) return;
    const html = await resp.clone().text();
    await cache.put(url, resp);
    const aset = [...html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((m) => m[1]);
    await Promise.all(aset.map((a) => cache.add(a).catch(() => null)));
  } catch (e) { /* offline during install: try again next time */ }
}

self.addEventListener("install", (ev) => {
  ev.waitUntil(caches.open(CACHE).then((c) => Promise.all(HALAMAN.map((u) => simpanHalaman(c, u))))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (ev) => {
  ev.waitUntil(caches.keys().then((ks) => Promise.all(ks.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (ev) => {
  const req = ev.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    ev.respondWith(caches.match(req).then((hit) => hit || fetch(req).then((resp) => {
      if (resp.ok) { const copy = resp.clone(); caches.open(CACHE).then((c) => c.put(req, copy)); }
      return resp;
    })));
    return;
  }
  if (req.mode !== "navigate") return;
  ev.respondWith(fetch(req).then((resp) => {
    if (resp.ok && !resp.redirected && DISIMPAN.test(url.pathname) && !url.search) {
      const copy = resp.clone();
      caches.open(CACHE).then((c) => c.put(url.pathname, copy));
    }
    return resp;
  }).catch(() => caches.match(url.pathname).then((hit) => hit || caches.match("/aspirasi/luring/"))));
});
