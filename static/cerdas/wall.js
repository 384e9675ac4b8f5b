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
  // Numbers in the page's language (id: 16,3 and 1.234; en: 16.3 and 1,234), as the
  // server writes them on the other pages (cerdas/core/numbers.py).
  var lang = document.documentElement.lang || "id";
  var formats = {};
  function num(value, decimals) {
    if (value === null || value === undefined) return "–";
    var key = decimals || 0;
    if (!formats[key]) {
      formats[key] = new Intl.NumberFormat(lang, { minimumFractionDigits: key, maximumFractionDigits: key });
    }
    return formats[key].format(value);
  }
  var dayLabel = new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", timeZone: "UTC" });
  var iconsEl = document.getElementById("wall-icons");
  var icons = iconsEl ? JSON.parse(iconsEl.textContent) : {};

  function $(id) { return document.getElementById(id); }
  function text(el, value) { el.textContent = value === null || value === undefined ? "–" : value; }
  function clock(iso) {
    return iso ? iso.slice(11, 16) : "–";
  }
  // A list row: [text, class, title] parts; an "icon" part is the category's picture.
  function item(parts) {
    var li = document.createElement("li");
    parts.forEach(function (p) {
      var el;
      if (p[1] === "icon") {
        el = document.createElement("img");
        el.className = "icon";
        el.alt = p[2] || "";
        el.src = icons[p[0]] || icons.tag || "";
      } else {
        el = document.createElement("span");
        el.textContent = p[0];
        if (p[1]) el.className = p[1];
        if (p[2]) el.title = p[2];
      }
      li.appendChild(el);
    });
    return li;
  }
  // How late: working days from one day on ("+52 hari kerja"), else working hours.
  function lateness(b) {
    if (b.late_days >= 1) {
      return ["+" + num(Math.floor(b.late_days)) + " " + root.dataset.unitDays, root.dataset.lateDays];
    }
    return ["+" + num(b.late_hours, 1) + " " + root.dataset.unitHours, root.dataset.lateHours];
  }
  // Only whole rows: those that would be cut at the panel's bottom edge are left out.
  function fill(list, rows) {
    var el = $(list);
    el.replaceChildren.apply(el, rows);
    var panel = el.parentNode, bottom = panel.getBoundingClientRect().bottom - 8;
    while (el.lastChild && el.lastChild.getBoundingClientRect().bottom > bottom) el.removeChild(el.lastChild);
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

  // --- the trend chart (SVG, no library): axes with their numbers and dates ----------
  var SVG = "http://www.w3.org/2000/svg";
  function svgEl(name, attrs, content) {
    var el = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (content !== undefined) el.textContent = content;
    return el;
  }
  // A round step for about four gridlines: 1, 2 or 5 times a power of ten.
  function niceStep(max) {
    var raw = Math.max(1, max) / 4, power = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * power; }).find(function (s) { return s >= raw; });
    return Math.max(1, step);
  }
  function drawTrend(trend) {
    var svg = $("trend");
    // Drawn at the box's own size (no stretching), so the text keeps its shape.
    var w = Math.max(300, svg.clientWidth), h = Math.max(150, svg.clientHeight);
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    var left = 52, right = 14, top = 10, bottom = 30;
    var most = Math.max.apply(null, [1].concat(trend.map(function (d) { return Math.max(d.received, d.resolved); })));
    var step = niceStep(most), max = Math.ceil(most / step) * step;
    function x(i) { return left + (i * (w - left - right)) / Math.max(1, trend.length - 1); }
    function y(v) { return h - bottom - (v * (h - top - bottom)) / max; }
    var nodes = [];
    for (var v = 0; v <= max; v += step) {
      nodes.push(svgEl("line", { x1: left, x2: w - right, y1: y(v), y2: y(v), "class": v ? "grid" : "axis" }));
      nodes.push(svgEl("text", { x: left - 8, y: y(v) + 5, "text-anchor": "end" }, num(v)));
    }
    nodes.push(svgEl("text", { x: 4, y: top + 4, "text-anchor": "start", transform: "rotate(90 4 " + (top + 4) + ")" },
      root.dataset.axis || ""));
    // Dates under the axis: every seventh day, counted back from today (the last point).
    for (var i = trend.length - 1; i >= 0; i -= 7) {
      nodes.push(svgEl("line", { x1: x(i), x2: x(i), y1: h - bottom, y2: h - bottom + 5, "class": "axis" }));
      nodes.push(svgEl("text", { x: x(i), y: h - 6, "text-anchor": i === trend.length - 1 ? "end" : "middle" },
        dayLabel.format(new Date(trend[i].day + "T00:00:00Z"))));
    }
    ["received", "resolved"].forEach(function (key) {
      var pts = trend.map(function (d, i) { return x(i).toFixed(1) + "," + y(d[key]).toFixed(1); });
      nodes.push(svgEl("polyline", { points: pts.join(" "), "class": key === "received" ? "in" : "out" }));
    });
    svg.replaceChildren.apply(svg, nodes);
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
    drawBanners(data.banners || []); // first: a banner takes height from the panels below
    text($("f-received"), num(s.received));
    text($("f-resolved"), num(s.resolved));
    text($("f-open"), num(s.open));
    text($("f-overdue"), num(s.overdue));
    text($("f-response"), num(s.median_response_hours, 1));
    text($("area-name"), data.area ? "· " + data.area.name : "");
    fill("breaches", data.breaches.map(function (b) {
      var late = lateness(b);
      return item([[b.code, "code"], [b.icon, "icon"], [b.title, "", b.title], [b.agency, "muted", b.agency],
                   [late[0], "late", late[1]]]);
    }));
    fill("feed", data.feed.map(function (e) {
      return item([[clock(e.at), "time"], [e.code, "code"], [e.icon, "icon", e.category], [e.action, "", e.action],
                   [e.area, "muted", e.area]]);
    }));
    fill("ranking", data.ranking.map(function (r) {
      return item([[r.name, "", r.name], [num(r.score, 1), "score zone-" + (r.zone || "")]]);
    }));
    drawTrend(data.trend);
    drawMap(data);
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
