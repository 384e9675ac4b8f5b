/* The admin's map of the city's kelurahan/desa outlines (Wilayah > Peta wilayah).
   The outlines come from our own server; tiles are only a backdrop. */
(function () {
  "use strict";
  var el = document.getElementById("area-map");
  if (!el || !window.L) return;
  var map = L.map(el, { preferCanvas: true });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
  }
  var palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];
  var colours = {};
  function colour(district) {
    if (!(district in colours)) colours[district] = palette[Object.keys(colours).length % palette.length];
    return colours[district];
  }
  fetch(el.dataset.outlines, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (f) {
          var c = colour(f.properties.district);
          return { color: c, weight: 1, fillColor: c, fillOpacity: 0.25 };
        },
        onEachFeature: function (f, l) {
          l.bindTooltip(f.properties.name + " (" + f.properties.code + "), Kec. " + f.properties.district);
        },
      }).addTo(map);
      if (layer.getLayers().length) map.fitBounds(layer.getBounds());
      else map.setView([-2.5, 118], 5);
      el.dataset.drawn = String(layer.getLayers().length);
    });
})();
