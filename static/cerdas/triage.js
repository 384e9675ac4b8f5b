// Report form: similar open reports nearby ("saya juga"), and a place suggested from the
// address when no point is marked. Plain fetch, no library; the form works without it.
(function () {
  const box = document.getElementById("triage-nearby");
  const hint = document.getElementById("triage-place");
  if (!box || !hint) return;
  const form = hint.closest("form") || document;
  const field = (name) => form.querySelector(`[name="${name}"]`);
  let last = "";
  function checkNearby() {
    // The categories are radio tiles (a select on older forms): the one chosen counts.
    const cat = form.querySelector('[name="category"]:checked, select[name="category"]');
    const lat = field("latitude"), lon = field("longitude");
    if (!cat || !lat || !lat.value || !lon.value || !cat.value) return;
    const key = `${cat.value}:${lat.value}:${lon.value}`;
    if (key === last) return;
    last = key;
    const q = new URLSearchParams({ category: cat.value, lat: lat.value, lon: lon.value });
    fetch(`${box.dataset.url}?${q}`).then((r) => r.text()).then((html) => { box.innerHTML = html; })
      .catch(() => {}); // offline: the hints wait for the network, the form does not
  }
  function suggestPlace() {
    const address = field("address"), lat = field("latitude"), lon = field("longitude");
    if (!address || (lat && lat.value)) { hint.textContent = ""; return; }
    const text = address.value.trim();
    if (text.length < 4) return;
    fetch(`${hint.dataset.url}?${new URLSearchParams({ q: text })}`).then((r) => r.json()).then((data) => {
      hint.textContent = "";
      const best = data.places[0];
      if (!best || best.lat === null) return;
      hint.append(`${hint.dataset.prompt} ${best.label}. `);
      const use = document.createElement("button");
      use.type = "button"; use.className = "button"; use.textContent = hint.dataset.use;
      use.addEventListener("click", () => {
        lat.value = best.lat; lon.value = best.lon; hint.textContent = ""; checkNearby();
      });
      hint.append(use);
    }).catch(() => {});
  }
  form.addEventListener("change", checkNearby);
  const address = field("address");
  if (address) address.addEventListener("change", suggestPlace);
  setInterval(checkNearby, 1500); // the map sets the point without a change event
})();
