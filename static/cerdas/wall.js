/* The command center wall. Polls its data every few seconds; shows when it last
   succeeded, and a banner while the server does not answer (it keeps trying and the
   banner goes once an answer comes). No inline script (CSP): settings are data-
   attributes of #wall. */
(function () {
  "use strict";
  var root = document.getElementById("wall");
  if (!root) return;
  var poll = (parseInt(root.dataset.poll, 10) || 3) * 1000;
  var staleAfter = Math.max(3 * poll, 10000);
  var rotation = (root.dataset.rotation || "").split(",").filter(Boolean).map(function (item) {
    var parts = item.split("|");
    return { code: parts[0], name: parts[1] };
  });
  var rotateEvery = (parseInt(root.dataset.rotate, 10) || 30) * 1000;
  var current = 0;
  var lastSuccess = 0;
  var colors = { green: "#3fbf6f", yellow: "#f2c12e", red: "#ff5a4f", none: "#9fb0c0" };

  function $(id) { return document.getElementById(id); }
  function text(el, value) { el.textContent = value === null || value === undefined ? "–" : value; }
  function clock(iso) {
    return iso ? iso.slice(11, 16) : "–";
  }
  function item(parts) {
    var li = document.createElement("li");
    parts.forEach(function (p) {
      var span = document.createElement("span");
      span.textContent = p[0];
      if (p[1]) span.className = p[1];
      li.appendChild(span);
    });
    return li;
  }
  function fill(list, rows) {
    var el = $(list);
    el.replaceChildren.apply(el, rows);
  }

  // --- the map ------------------------------------------------------------------------
  var map = null, pins = null, outlines = null, shades = {};
  function setUpMap() {
    if (typeof L === "undefined") return;
    var el = $("wall-map");
    map = L.map(el, { zoomControl: false, attributionControl: true }).setView([1.4748, 124.8421], 12);
    if (root.dataset.tiles) {
      L.tileLayer(root.dataset.tiles, { maxZoom: 19, attribution: root.dataset.attribution || "" }).addTo(map);
    }
    pins = L.layerGroup().addTo(map);
    var xhr = new XMLHttpRequest();
    xhr.open("GET", root.dataset.outlines);
    xhr.onload = function () {
      if (xhr.status !== 200) return;
      outlines = L.geoJSON(JSON.parse(xhr.responseText), { style: shade }).addTo(map);
      outlines.bringToBack();
      map.fitBounds(outlines.getBounds());
    };
    xhr.send();
  }
  function shade(feature) {
    var code = feature.properties && (feature.properties.code || feature.properties.kode);
    var c = shades[code];
    var value = c ? (c.per10k !== null ? c.per10k : c.open) : 0;
    // 0 -> transparent, 10 or more per 10,000 -> full red.
    var alpha = Math.min(1, value / 10) * 0.6;
    return { color: "#5c6b7a", weight: 1, fillColor: "#ff5a4f", fillOpacity: alpha };
  }
  function drawMap(data) {
    if (!map) return;
    shades = data.choropleth || {};
    if (outlines) outlines.setStyle(shade);
    pins.clearLayers();
    data.pins.forEach(function (p) {
      L.circleMarker([p.lat, p.lon], {
        radius: 6, weight: 1, color: "#000", fillColor: colors[p.status] || colors.none, fillOpacity: 0.95
      }).addTo(pins);
    });
  }

  // --- the trend chart (SVG, no library) ----------------------------------------------
  function drawTrend(trend) {
    var svg = $("trend");
    var w = 600, h = 200, pad = 10;
    var max = Math.max(1, Math.max.apply(null, trend.map(function (d) { return Math.max(d.received, d.resolved); })));
    function line(key, cls) {
      var pts = trend.map(function (d, i) {
        var x = pad + (i * (w - 2 * pad)) / Math.max(1, trend.length - 1);
        var y = h - pad - (d[key] * (h - 2 * pad)) / max;
        return x.toFixed(1) + "," + y.toFixed(1);
      });
      var el = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
      el.setAttribute("points", pts.join(" "));
      el.setAttribute("class", cls);
      return el;
    }
    var base = document.createElementNS("http://www.w3.org/2000/svg", "line");
    base.setAttribute("x1", pad); base.setAttribute("x2", w - pad);
    base.setAttribute("y1", h - pad); base.setAttribute("y2", h - pad);
    svg.replaceChildren(base, line("received", "in"), line("resolved", "out"));
  }

  // --- the emergency banners (cerdas.news), shown until they expire ------------------
  function drawBanners(banners) {
    var el = $("banners");
    el.hidden = banners.length === 0;
    el.replaceChildren.apply(el, banners.map(function (b) {
      var p = document.createElement("p");
      p.className = "wall-banner level-" + b.level;
      p.textContent = b.level_label + ": " + b.text;
      return p;
    }));
  }

  // --- one answer ---------------------------------------------------------------------
  function render(data) {
    var s = data.summary;
    text($("f-received"), s.received);
    text($("f-resolved"), s.resolved);
    text($("f-open"), s.open);
    text($("f-overdue"), s.overdue);
    text($("f-response"), s.median_response_hours === null ? null : s.median_response_hours.toFixed(1));
    text($("area-name"), data.area ? "· " + data.area.name : "");
    fill("breaches", data.breaches.map(function (b) {
      return item([[b.code, "code"], [b.title], [b.agency], ["+" + b.late_hours + " j", "late"]]);
    }));
    fill("feed", data.feed.map(function (e) {
      return item([[clock(e.at)], [e.code, "code"], [e.action], [e.area]]);
    }));
    fill("ranking", data.ranking.map(function (r) {
      return item([[r.name], [r.score === null ? "–" : r.score.toFixed(1), "score zone-" + (r.zone || "")]]);
    }));
    drawTrend(data.trend);
    drawMap(data);
    drawBanners(data.banners || []);
    $("updated").textContent = clock(data.now) + ":" + (data.now || "").slice(17, 19);
    $("updated").dataset.at = data.now || "";
  }

  function area() { return rotation.length ? rotation[current % rotation.length].code : ""; }

  function refresh() {
    var xhr = new XMLHttpRequest();
    var url = root.dataset.url + (area() ? "?wilayah=" + encodeURIComponent(area()) : "");
    xhr.open("GET", url);
    xhr.timeout = poll * 2;
    xhr.onload = function () {
      if (xhr.status === 200) {
        lastSuccess = Date.now();
        $("stale").hidden = true;
        render(JSON.parse(xhr.responseText));
      }
    };
    xhr.send();
  }
  function watch() {
    $("stale").hidden = Date.now() - lastSuccess < staleAfter;
  }

  setUpMap();
  refresh();
  setInterval(refresh, poll);
  setInterval(watch, 1000);
  if (rotation.length > 1) {
    setInterval(function () { current += 1; refresh(); }, rotateEvery);
  }
})();
