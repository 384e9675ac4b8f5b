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

  var map = L.map(el, { scrollWheelZoom: false }).setView([1.4748, 124.8421], 12);
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

  if (el.dataset.points) {
    getJSON(el.dataset.points, function (data) {
      L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: 6, weight: 1, color: "#fff",
            fillColor: colors[f.properties.state] || "#4a5568", fillOpacity: 0.9 });
        },
        onEachFeature: function (f, l) {
          var p = f.properties, div = document.createElement("div"), a = document.createElement("a");
          a.href = p.url; a.textContent = p.title;
          if (icons[p.icon]) {
            var img = document.createElement("img");
            img.src = icons[p.icon]; img.alt = p.category || ""; img.className = "icon";
            div.appendChild(img); div.appendChild(document.createTextNode(" "));
          }
          div.appendChild(a);
          div.appendChild(document.createElement("br"));
          div.appendChild(document.createTextNode(p.state_label + " · " + p.kelurahan + " · " + p.created));
          l.bindPopup(div);
        }
      }).addTo(map);
    });
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
