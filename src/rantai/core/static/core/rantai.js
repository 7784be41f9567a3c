/* Rantai: the little JavaScript the pages need (region picker, searchable selects, maps). */
"use strict";

const Rantai = {
  /* A count as the page's language writes it (4.000 or 4,000), not as the browser's would. */
  number(value) {
    return value.toLocaleString(document.documentElement.lang);
  },

  async regionOptions(parent) {
    const url = new URL(document.body.dataset.regionChildrenUrl, location.origin);
    if (parent) url.searchParams.set("parent", parent);
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    return (await response.json()).results;
  },

  fill(select, options, value) {
    const placeholder = select.querySelector("option[value='']");
    select.replaceChildren(placeholder || new Option("---------", ""));
    for (const { value: v, text } of options) select.add(new Option(text, v));
    select.value = value || "";
  },

  /* Province → regency → district → village selects that narrow level by level, plus a search
     by name (a select with data-region-search) that fills the whole chain at once. */
  regionChain(chain) {
    const selects = [...document.querySelectorAll(`select[data-region-chain="${chain}"]`)]
      .sort((a, b) => a.dataset.regionLevel - b.dataset.regionLevel);
    if (!selects.length) return;
    selects.forEach((select, index) => {
      select.addEventListener("change", async () => {
        for (const deeper of selects.slice(index + 1)) this.fill(deeper, []);
        const next = selects[index + 1];
        if (next && select.value) this.fill(next, await this.regionOptions(select.value));
        if (next) next.dispatchEvent(new Event("rantai:filled", { bubbles: true }));
      });
    });
    const search = document.querySelector(`select[data-region-search="${chain}"]`);
    if (search && window.TomSelect) {
      const url = document.body.dataset.regionSearchUrl;
      new TomSelect(search, {
        valueField: "value", labelField: "text", searchField: ["text"], maxOptions: 20,
        loadThrottle: 250, shouldLoad: (q) => q.length >= 3,
        load: (query, callback) => {
          fetch(`${url}?q=${encodeURIComponent(query)}`).then((r) => r.json())
            .then((json) => callback(json.results)).catch(() => callback());
        },
        onChange: async (value) => {
          const option = search.tomselect.options[value];
          if (option) await this.setPath(selects, option.path);
        },
      });
    }
  },

  async setPath(selects, path) {
    for (let i = 0; i < selects.length; i++) {
      const parent = i === 0 ? "" : path[i - 1];
      if (i > 0 && !parent) { this.fill(selects[i], []); continue; }
      this.fill(selects[i], await this.regionOptions(parent), path[i]);
    }
    selects[selects.length - 1].dispatchEvent(new Event("change", { bubbles: true }));
  },

  searchable(root = document) {
    if (!window.TomSelect) return;
    root.querySelectorAll("select[data-searchable]").forEach((select) => {
      if (!select.tomselect) new TomSelect(select, { plugins: ["remove_button"], maxOptions: 300 });
    });
  },

  /* <select data-region-picker>: a region out of thousands. The page holds only the chosen
     one; options come from the region search as the user types (3 letters at least), no deeper
     than data-region-max-level. Tom Select writes the names as text, never as HTML. */
  regionPickers(root = document) {
    if (!window.TomSelect) return;
    const url = document.body.dataset.regionSearchUrl;
    root.querySelectorAll("select[data-region-picker]").forEach((select) => {
      if (select.tomselect) return;
      const maxLevel = select.dataset.regionMaxLevel;
      new TomSelect(select, {
        plugins: ["clear_button"], valueField: "value", labelField: "text", searchField: ["text"],
        maxOptions: 20, loadThrottle: 250, shouldLoad: (q) => q.length >= 3,
        load: (query, callback) => {
          const address = new URL(url, location.origin);
          address.searchParams.set("q", query);
          if (maxLevel) address.searchParams.set("max_level", maxLevel);
          fetch(address, { headers: { Accept: "application/json" } }).then((r) => r.json())
            .then((json) => callback(json.results)).catch(() => callback());
        },
      });
    });
  },

  tiles(map, url, attribution) {
    // Tiles need the internet; without them the map still shows the points on a plain ground.
    if (url) L.tileLayer(url, { attribution, maxZoom: 19 }).addTo(map);
  },

  pointMap(id, tileUrl, attribution) {
    const el = document.getElementById(id);
    if (!el || !window.L) return;
    const at = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
    const map = L.map(el).setView(at, 14);
    this.tiles(map, tileUrl, attribution);
    const popup = document.createElement("div");
    popup.textContent = el.dataset.name;
    L.circleMarker(at, { radius: 9, color: "#0b5d5b", fillOpacity: 0.8 }).addTo(map).bindPopup(popup);
  },

  sameSitePath(url) {
    // Only a path on this site ("/firms/12/"), never "javascript:…" nor "//elsewhere".
    return typeof url === "string" && url.startsWith("/") && !url.startsWith("//") ? url : "#";
  },

  pointsMap(id, formId, tileUrl, attribution, texts, options) {
    // Firms from a GeoJSON endpoint as dots with a popup; ``options`` colour and label each
    // feature, may draw a legend from the data, and may reload when the filter form changes.
    const el = document.getElementById(id);
    if (!el || !window.L) return;
    const map = L.map(el).setView([-2.5, 118], 5);
    this.tiles(map, tileUrl, attribution);
    const layer = L.featureGroup().addTo(map);
    const form = document.getElementById(formId);
    const load = async () => {
      const query = new URLSearchParams(new FormData(form));
      if (options.live) history.replaceState(null, "", `?${query}`);
      const data = await (await fetch(`${el.dataset.url}?${query}`)).json();
      layer.clearLayers();
      for (const f of data.features) {
        const [lon, lat] = f.geometry.coordinates;
        const marker = L.circleMarker([lat, lon], {
          radius: 7, weight: 1, color: "#fff", fillOpacity: 0.85, fillColor: options.colour(f.properties),
        });
        // Leaflet takes a string popup as HTML: build nodes, and let the names be text.
        const link = document.createElement("a");
        link.setAttribute("href", this.sameSitePath(f.properties.url));
        link.textContent = f.properties.name;
        const popup = document.createElement("div");
        popup.append(link, document.createElement("br"), options.label(f.properties));
        marker.bindPopup(popup).addTo(layer);
      }
      if (options.legend) options.legend(data);
      document.getElementById("map-summary").textContent = texts.shown
        .replace("%(shown)s", this.number(data.shown)).replace("%(total)s", this.number(data.total));
      if (data.features.length) map.fitBounds(layer.getBounds(), { maxZoom: 15, padding: [20, 20] });
    };
    if (options.live) form.addEventListener("change", load);
    load();
  },

  firmsMap(id, formId, tileUrl, attribution, texts) {
    const colours = { ikm: "#0b5d5b", large: "#c0392b" };
    this.pointsMap(id, formId, tileUrl, attribution, texts, {
      live: true,
      colour: (p) => colours[p.kind] || "#6c757d",
      label: (p) => p.kind_label,
    });
  },

  insightsMap(id, formId, tileUrl, attribution, texts) {
    // Coloured by the category the server gives each firm (stage or readiness), with a legend.
    const legend = document.getElementById("map-legend");
    this.pointsMap(id, formId, tileUrl, attribution, texts, {
      colour: (p) => p.colour,
      label: (p) => p.label,
      legend: (data) => legend.replaceChildren(...data.legend.map((item) => {
        const li = document.createElement("li");
        li.className = "list-inline-item me-3";
        li.dataset.category = item.key;
        const dot = document.createElement("span");
        dot.className = "dot";
        dot.style.background = item.colour;
        li.append(dot, ` ${item.label} (${this.number(item.count)})`);
        return li;
      })),
    });
  },
};
/* <fieldset data-check-group> with an <input data-check-all="name">: that box ticks or clears
   every box named "name" in the fieldset, and shows whether all, some or none are ticked. */
Rantai.checkGroup = function (group, changed) {
  const all = group.querySelector("[data-check-all]");
  const boxes = [...group.querySelectorAll(`input[name="${all.dataset.checkAll}"]`)];
  if (changed === all) boxes.forEach((box) => { box.checked = all.checked; });
  const ticked = boxes.filter((box) => box.checked).length;
  all.checked = ticked === boxes.length;
  all.indeterminate = ticked > 0 && ticked < boxes.length;
};
window.Rantai = Rantai;

/* Pages say what they need with data- attributes; nothing runs from inline scripts or on…=""
   handlers, so the Content-Security-Policy can refuse every inline script. */
Rantai.start = function () {
  const chains = new Set([...document.querySelectorAll("select[data-region-chain]")]
    .map((select) => select.dataset.regionChain));
  chains.forEach((chain) => Rantai.regionChain(chain));
  Rantai.searchable();
  Rantai.regionPickers();
  document.querySelectorAll("[data-check-group]").forEach((group) => Rantai.checkGroup(group));
  document.querySelectorAll("[data-map]").forEach((el) => {
    const tiles = [el.dataset.tileUrl, el.dataset.tileAttribution];
    if (el.dataset.map === "point") Rantai.pointMap(el.id, ...tiles);
    const texts = { shown: el.dataset.textShown };
    if (el.dataset.map === "firms") Rantai.firmsMap(el.id, el.dataset.form, ...tiles, texts);
    if (el.dataset.map === "insights") Rantai.insightsMap(el.id, el.dataset.form, ...tiles, texts);
  });
};
document.addEventListener("change", (event) => {
  // <select data-submit-on-change>: a filter that applies as soon as it is picked.
  if (event.target.matches("[data-submit-on-change]")) event.target.form.submit();
  const group = event.target.closest("[data-check-group]");
  if (group) Rantai.checkGroup(group, event.target);
});
document.addEventListener("submit", (event) => {
  // <form data-confirm="question">: asks before a removal.
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
document.addEventListener("DOMContentLoaded", Rantai.start);
/* The header's search suggestions close on Escape or a click elsewhere. */
const closeSuggestions = () => document.getElementById("search-suggestions")?.replaceChildren();
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") closeSuggestions();
});
document.addEventListener("click", (event) => {
  if (!event.target.closest(".header-search")) closeSuggestions();
});
