/* Installable app (loaded by the report form, the door in): register the service worker (templates/core/sw.js), which keeps the
   report form and the citizen's own cases readable without network. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!("serviceWorker" in navigator) || !me) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(me.dataset.sw, { scope: "/" }).catch(function () {});
  });
})();
