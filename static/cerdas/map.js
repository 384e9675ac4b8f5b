/* Maps for Cerdas. Everything it needs is in data- attributes (no inline scripts: CSP).
   The kelurahan outlines come from our own server, so the map stays usable when the
   tile server cannot be reached. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") return;
  el.hidden = false;
  // Leaflet looks for its marker images through leaflet.css, which fails once static
  // files carry content hashes (leaflet.<hash>.css): point it at the folder of leaflet.js.
  var leafletJs = document.querySelector('script[src*="/leaflet"]');
  if (leafletJs) L.Icon.Default.imagePath = leafletJs.src.replace(/[^/]*$/, "") + "images/";
  var tools = document.querySelector(".map-tools");
  if (tools) tools.hidden = false;

  // The public map fills what is left of the screen below the header: one screen on a phone.
  var fit = function () {
    if (!el.classList.contains("public")) return;
    var top = el.getBoundingClientRect().top + window.scrollY;
    el.style.height = Math.max(300, window.innerHeight - top - 12) + "px";
  };
  fit();
  var map = L.map(el, { scrollWheelZoom: false }).setView([1.4748, 124.8421], 12);
  window.cerdasMap = map;  // for the browser tests and bench/public_map.py
  window.addEventListener("resize", function () { fit(); map.invalidateSize(); });
  // The box also changes without a window resize (fonts, a scroll bar, the form growing):
  // Leaflet keeps its size, and zooms around a stale centre, until told.
  if (window.ResizeObserver) new ResizeObserver(function () { map.invalidateSize(); }).observe(el);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var colors = { disposisi: "#2b6cb0", diproses: "#dd8a00", menunggu_validasi: "#805ad5",
                 selesai: "#2f855a", ditutup: "#2f855a", bukan_wewenang: "#c05621" };

  function getJSON(url, done) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url);
    xhr.onload = function () { if (xhr.status === 200) done(JSON.parse(xhr.responseText)); };
    xhr.send();
  }

  if (el.dataset.outlines) {
    getJSON(el.dataset.outlines, function (data) {
      var layer = L.geoJSON(data, {
        style: { color: "#4a5568", weight: 1, fillColor: "#a0aec0", fillOpacity: 0.08 },
        onEachFeature: function (f, l) { l.bindTooltip(f.properties.name + " (" + f.properties.district + ")", { sticky: true }); }
      }).addTo(map);
      if (!el.dataset.marker) map.fitBounds(layer.getBounds());
    });
  }

  // The categories' icons: name -> SVG address, from a JSON block of the page.
  var iconsEl = document.getElementById("category-icons");
  var icons = iconsEl ? JSON.parse(iconsEl.textContent) : {};

  function popup(p) {
    var div = document.createElement("div"), a = document.createElement("a");
    a.href = p.url; a.textContent = p.title;
    if (icons[p.icon]) {
      var img = document.createElement("img");
      img.src = icons[p.icon]; img.alt = p.category || ""; img.className = "icon";
      div.appendChild(img); div.appendChild(document.createTextNode(" "));
    }
    div.appendChild(a);
    div.appendChild(document.createElement("br"));
    div.appendChild(document.createTextNode(p.state_label + " · " + p.kelurahan + " · " + p.created));
    return div;
  }
  var DONE = { selesai: true, ditutup: true };

  // The public map: the server clusters what is in view at the zoom (peta/data.json);
  // the words come from data- attributes (gettext), so English mode is English here too.
  if (el.dataset.clusters) {
    var t = el.dataset, layer = L.layerGroup().addTo(map), pending = null, seq = 0;
    var form = document.getElementById("map-filters"), count = document.getElementById("map-count");
    var panel = document.getElementById("map-panel");
    // Open on a wide screen, folded over the map on a phone.
    if (panel && window.matchMedia("(min-width: 48em)").matches) panel.open = true;
    var draw = function (data, started) {
      layer.clearLayers();
      if (data.mode === "points") {
        data.features.forEach(function (f) {
          var c = f.geometry.coordinates, done = DONE[f.properties.state];
          L.circleMarker([c[1], c[0]], { radius: 7, weight: 1, color: "#fff",
            fillColor: colors[f.properties.state] || "#4a5568", fillOpacity: done ? 0.35 : 0.95,
            opacity: done ? 0.5 : 1, className: done ? "pt done" : "pt" })
            .bindPopup(popup(f.properties)).addTo(layer);
        });
      } else {
        data.clusters.forEach(function (c) {
          var n = c[2], done = c[3], allDone = done === n;
          var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 48;
          var label = n + " " + t.tReports + (done ? " (" + done + " " + t.tDone + ")" : "") + ". " + t.tZoom;
          var m = L.marker([c[0], c[1]], {
            title: label, alt: label, riseOnHover: true,
            icon: L.divIcon({ className: "cluster" + (allDone ? " done" : ""), iconSize: [size, size],
              html: "<span>" + (n >= 10000 ? Math.round(n / 1000) + "k" : n) + "</span>" })
          }).addTo(layer);
          m.on("click", function () { map.setView(m.getLatLng(), Math.min(map.getZoom() + 2, 18)); });
        });
      }
      if (count) count.textContent = "· " + data.total + " " + t.tShown;
      el.dataset.mode = data.mode;
      el.dataset.total = data.total;
      // For the benchmark and tests: when the last answer was on screen, and how long it took.
      el.dataset.renderMs = (performance.now() - started).toFixed(1);
      el.dispatchEvent(new CustomEvent("cerdas:mapdata", { detail: data }));
    };
    var load = function () {
      var started = performance.now(), b = map.getBounds().pad(0.1), mine = ++seq;
      var clamp = function (v, lo, hi) { return Math.max(lo, Math.min(hi, v)); };
      var params = new URLSearchParams(form ? new FormData(form) : undefined);
      params.set("bbox", [clamp(b.getWest(), -180, 179.9), clamp(b.getSouth(), -90, 89.9),
        clamp(b.getEast(), -179.9, 180), clamp(b.getNorth(), -89.9, 90)].map(function (v) { return v.toFixed(5); }).join(","));
      params.set("zoom", map.getZoom());
      if (pending) pending.abort();
      var xhr = pending = new XMLHttpRequest();
      xhr.open("GET", t.clusters + "?" + params.toString());
      xhr.onload = function () {
        if (mine !== seq) return;
        pending = null;
        if (xhr.status === 200) draw(JSON.parse(xhr.responseText), started);
        else if (count) count.textContent = "· " + t.tError;
      };
      xhr.send();
    };
    map.on("moveend", load);
    if (form) {
      form.addEventListener("change", load);
      form.addEventListener("submit", function (e) { e.preventDefault(); load(); });
    }
    // Load once the outlines fitted the city (or at once without outlines).
    if (!el.dataset.outlines) load();
  }

  if (el.dataset.marker) {
    var ll = el.dataset.marker.split(",").map(Number);
    L.marker(ll).addTo(map);
    map.setView(ll, 16);
  }

  if (el.dataset.pick) {
    var lat = document.getElementById("id_latitude"), lon = document.getElementById("id_longitude");
    var picked = document.getElementById("picked"), marker = null;
    var place = function (latlng, zoom) {
      if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng, { draggable: true }).addTo(map);
      marker.off("dragend").on("dragend", function () { place(marker.getLatLng()); });
      lat.value = latlng.lat.toFixed(6); lon.value = latlng.lng.toFixed(6);
      // The words come from the page (gettext), the numbers stay as coordinates are written.
      if (picked) picked.textContent = picked.dataset.located + " " + lat.value + ", " + lon.value;
      if (zoom) map.setView(latlng, zoom);
    };
    if (lat.value && lon.value) place(L.latLng(+lat.value, +lon.value), 16);
    map.on("click", function (e) { place(e.latlng); });
    var me = document.getElementById("locate-me");
    if (me && navigator.geolocation) {
      me.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(
          function (pos) { place(L.latLng(pos.coords.latitude, pos.coords.longitude), 17); },
          function () { if (picked) picked.textContent = picked.dataset.locateFailed; },
          { enableHighAccuracy: true, timeout: 10000 });
      });
    } else if (me) { me.hidden = true; }
  }
})();
