/* The report form, enhanced (it works without this file):
   - photos shrunk in the browser (JPEG, long side 1600 px) and previewed before upload;
   - the shrunk photos kept in IndexedDB, so a validation error does not lose them;
   - offline: the report, photos included, queued in IndexedDB and sent once the network
     returns. Each queued report has its own submission key: the server files a key once,
     so a retry after a lost answer never makes a second case. */
(function () {
  "use strict";
  var form = document.querySelector("form.report-form");
  if (!form || !window.indexedDB || !window.FormData) return;
  var input = form.querySelector("input[type=file][name=photos]");
  var MAX_SIDE = 1600;
  var pending = null; // the running compression, awaited before submit

  // --- IndexedDB: one store, "draft" (the photos) and "q:<key>" (queued reports) ---
  function db() {
    return new Promise(function (ok, fail) {
      var r = indexedDB.open("cerdas-lapor", 1);
      r.onupgradeneeded = function () { r.result.createObjectStore("kv"); };
      r.onsuccess = function () { ok(r.result); };
      r.onerror = function () { fail(r.error); };
    });
  }
  function tx(mode, work) {
    return db().then(function (d) {
      return new Promise(function (ok, fail) {
        var t = d.transaction("kv", mode), store = t.objectStore("kv"), out = work(store);
        t.oncomplete = function () { ok(out && out.result); };
        t.onerror = function () { fail(t.error); };
      });
    });
  }
  function put(k, v) { return tx("readwrite", function (s) { s.put(v, k); }); }
  function get(k) { return tx("readonly", function (s) { return s.get(k); }); }
  function del(k) { return tx("readwrite", function (s) { s.delete(k); }); }
  function queued() {
    return tx("readonly", function (s) {
      return s.getAll(IDBKeyRange.bound("q:", "q:\uffff"));
    });
  }

  // --- photos ---
  // Long side 1600 px, JPEG; lower quality, then size, until it fits BUDGET bytes.
  var BUDGET = 380 * 1024, STEPS = [[1, 0.8], [1, 0.65], [1, 0.5], [0.75, 0.6], [0.5, 0.6]];
  function encode(bitmap, step) {
    var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height)) * step[0];
    var canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return new Promise(function (ok) { canvas.toBlob(ok, "image/jpeg", step[1]); });
  }
  function shrink(file) {
    if (!/^image\/(jpeg|png|webp)/.test(file.type) || !window.createImageBitmap) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file).then(function (bitmap) {
      var i = 0;
      function attempt() {
        return encode(bitmap, STEPS[i]).then(function (blob) {
          if (blob && blob.size > BUDGET && ++i < STEPS.length) return attempt();
          if (!blob || blob.size >= file.size) return file; // never make it bigger
          return new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", { type: "image/jpeg" });
        });
      }
      return attempt();
    }, function () { return file; });
  }
  function setFiles(files) {
    var dt = new DataTransfer();
    files.forEach(function (f) { dt.items.add(f); });
    input.files = dt.files;
  }
  var preview = document.createElement("ul");
  preview.className = "photo-preview";
  preview.setAttribute("aria-live", "polite");
  if (input) input.parentNode.appendChild(preview);
  function show(files, note) {
    preview.textContent = "";
    files.forEach(function (f) {
      var li = document.createElement("li"), img = document.createElement("img");
      img.src = URL.createObjectURL(f);
      img.alt = f.name;
      li.appendChild(img);
      var cap = document.createElement("small");
      cap.textContent = Math.max(1, Math.round(f.size / 1024)) + " KB";
      li.appendChild(cap);
      preview.appendChild(li);
    });
    if (note) {
      var p = document.createElement("li");
      p.className = "hint";
      p.textContent = note;
      preview.appendChild(p);
    }
  }
  if (input) {
    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files);
      pending = Promise.all(files.map(shrink)).then(function (small) {
        setFiles(small);
        show(small);
        pending = null;
        return put("draft", small).catch(function () {});
      });
    });
    // Back after a validation error: the browser dropped the photos, the draft did not.
    var hasErrors = form.querySelector(".has-error, .error");
    get("draft").then(function (draft) {
      if (hasErrors && draft && draft.length && !input.files.length) {
        setFiles(draft);
        show(draft, form.dataset.keptPhotos);
      } else if (!hasErrors) {
        del("draft");
      }
    }).catch(function () {});
  }

  // --- offline queue ---
  var status = document.getElementById("outbox");
  function newKey() {
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function render() {
    return queued().then(function (items) {
      if (!status) return;
      status.hidden = !items.length;
      status.querySelector("[data-count]").textContent = String(items.length);
    });
  }
  function freshToken() {
    return fetch(form.action || location.pathname, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var m = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html);
        if (!m) throw new Error("no token");
        return m[1];
      });
  }
  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine) return Promise.resolve();
    flushing = true;
    return queued().then(function (items) {
      if (!items.length) return;
      return freshToken().then(function (token) {
        return items.reduce(function (chain, item) {
          return chain.then(function () { return send(item, token); });
        }, Promise.resolve());
      });
    }).catch(function () {}).then(function () {
      flushing = false;
      return render();
    });
  }
  function send(item, token) {
    var body = new FormData();
    item.fields.forEach(function (kv) { body.append(kv[0], kv[1]); });
    item.photos.forEach(function (f) { body.append("photos", f, f.name); });
    body.set("csrfmiddlewaretoken", token);
    body.set("submission_key", item.key);
    return fetch(form.action || location.pathname, {
      method: "POST", body: body, credentials: "same-origin",
    }).then(function (r) {
      var m = /\/lapor\/terkirim\/([^/]+)\//.exec(r.url);
      if (m) {
        return del("q:" + item.key).then(function () {
          if (!status) return;
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = r.url;
          a.textContent = status.dataset.sent + " " + decodeURIComponent(m[1]);
          li.appendChild(a);
          status.parentNode.querySelector("#outbox-sent").appendChild(li);
        });
      }
      if (r.status === 400) { // refused as written: keep it, say so
        item.refused = true;
        return put("q:" + item.key, item);
      }
    });
  }
  form.addEventListener("submit", function (ev) {
    if (pending) { // photos still shrinking: wait, then submit for real
      ev.preventDefault();
      pending.then(function () { form.requestSubmit ? form.requestSubmit() : form.submit(); });
      return;
    }
    if (navigator.onLine) return; // the normal POST; the draft keeps the photos
    ev.preventDefault();
    var data = new FormData(form), fields = [];
    data.forEach(function (v, k) { if (typeof v === "string") fields.push([k, v]); });
    var key = newKey();
    var item = { key: key, fields: fields, photos: input ? Array.prototype.slice.call(input.files) : [], at: Date.now() };
    put("q:" + key, item).then(function () {
      form.reset();
      preview.textContent = "";
      if (input) setFiles([]);
      return del("draft");
    }).then(render).then(function () {
      if (status) status.scrollIntoView();
    });
  });
  window.addEventListener("online", flush);
  render().then(flush);
})();
