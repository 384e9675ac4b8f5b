{% load static %}/* Cerdas service worker (served from /sw.js so its scope is the whole site).
   Pages: network first, the last copy when offline, kept only for the report form and
   the citizen's own cases (/lapor/, /laporan-saya/, /lacak/...). Static files carry a
   content hash in their name: cache first. Version: {{ version }} */
"use strict";
var CACHE = "cerdas-{{ version }}";
var PAGES = ["{% url 'complaints:report' %}", "{% url 'complaints:mine' %}"];
var ASSETS = [{% for url in assets %}"{{ url }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var KEEP = /^\/(lapor\/$|laporan-saya\/|lacak\/)/;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(ASSETS.concat(PAGES));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("cerdas-") === 0 && n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var req = event.request, url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== location.origin) return;
  if (url.pathname.indexOf("{{ static_prefix }}") === 0) {
    event.respondWith(caches.match(req).then(function (hit) {
      return hit || fetch(req).then(function (res) {
        if (res.ok) { var copy = res.clone(); caches.open(CACHE).then(function (c) { c.put(req, copy); }); }
        return res;
      });
    }));
    return;
  }
  if (req.mode !== "navigate" || !KEEP.test(url.pathname)) return;
  event.respondWith(fetch(req).then(function (res) {
    if (res.ok && !res.redirected) {
      var copy = res.clone();
      caches.open(CACHE).then(function (c) { c.put(url.pathname, copy); });
    }
    return res;
  }, function () {
    return caches.match(url.pathname).then(function (hit) {
      return hit || caches.match(PAGES[0]);
    });
  }));
});
