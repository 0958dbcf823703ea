// Flashpoint dashboard. Reads /api/dashboard/* once, then filters, sorts and pages in the browser, so the
// map (Leaflet + markercluster over Natural Earth outlines, no tile server), the timeline and the table
// always show the same incidents. The filter, sort, page and selection live in the URL's query string.
// New incidents arrive by polling /api/dashboard/incidents?since=VERSION (no reload).
// Runs under a strict Content-Security-Policy: no inline script or style, no eval, no style attributes.
// Text from reports, actors and URLs is only ever inserted as text nodes (never parsed as HTML), and only
// http: and https: URLs become links.
(function () {
  "use strict";

  const CERTAINTY = ["asserted", "reported", "claimed", "hedged", "future", "hypothetical", "denied"];
  const TYPE_CLASS = {
    "Battles": "t-battles",
    "Explosions/Remote violence": "t-explosions",
    "Violence against civilians": "t-vac",
    "Riots": "t-riots",
    "Protests": "t-protests",
    "Strategic developments": "t-strategic",
  };
  const FILTERS = ["from", "to", "country", "type", "actor", "cert", "min_deaths", "in_view"];
  const SORTS = {
    date: (i) => i.date_start || "",
    type: (i) => i.event_type + " " + i.sub_event_type,
    country: (i) => i.country || "",
    place: (i) => i.place || "",
    actors: (i) => i.actors.join("; "),
    deaths: (i) => i.fatalities,
    reports: (i) => i.reports,
    certainty: (i) => (i.certainty ? CERTAINTY.indexOf(i.certainty) : 99),
  };

  const state = {
    all: [], byId: new Map(), shown: [], version: null, seen: null, fresh: new Set(),
    filters: {}, sort: "date", dir: "desc", page: 1, size: 50, selected: null, mapRows: [], view: null,
    map: null, cluster: null, markers: new Map(), ring: null, pollMs: 10000,
  };

  // ------------------------------------------------------------------------------------- helpers

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function svg(tag, attrs, title) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (title !== undefined) {
      const t = document.createElementNS("http://www.w3.org/2000/svg", "title");
      t.textContent = title;
      node.appendChild(t);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(url + ": HTTP " + response.status);
    return response.json();
  }

  // A link only for http(s) URLs; anything else (javascript:, data:, relative junk) is shown as text.
  function safeLink(url, label) {
    let parsed = null;
    try { parsed = new URL(String(url)); } catch (err) { parsed = null; }
    if (parsed && (parsed.protocol === "http:" || parsed.protocol === "https:")) {
      return el("a", { href: parsed.href, rel: "noopener noreferrer nofollow", target: "_blank" }, label);
    }
    return el("span", { class: "unlinked", title: "not an http(s) address" }, String(url));
  }

  function dateText(start, end) {
    if (!start && !end) return "undated";
    if (!start || !end || start === end) return start || end;
    return start + " .. " + end;
  }

  function placeText(row) {
    return [row.place, row.admin1 && row.admin1 !== row.place ? row.admin1 : null].filter(Boolean).join(", ") || "unknown place";
  }

  function typeClass(type) {
    return TYPE_CLASS[type] || "t-other";
  }

  function certaintyBadge(value) {
    return el("span", { class: "cert cert-" + (CERTAINTY.includes(value) ? value : "unknown") }, value || "?");
  }

  // ------------------------------------------------------------------------------------- URL state

  function readURL() {
    const q = new URLSearchParams(window.location.search);
    for (const name of FILTERS) state.filters[name] = q.get(name) || "";
    state.sort = SORTS[q.get("sort")] ? q.get("sort") : "date";
    state.dir = q.get("dir") === "asc" ? "asc" : "desc";
    state.page = Math.max(1, parseInt(q.get("page") || "1", 10) || 1);
    const size = parseInt(q.get("size") || "50", 10);
    state.size = [25, 50, 100, 250].includes(size) ? size : 50;
    state.selected = q.get("incident") || null;
    // map=LAT,LON,ZOOM: the map's view, kept in the URL like the filters
    const view = (q.get("map") || "").split(",").map(Number);
    state.view = view.length === 3 && view.every(Number.isFinite) ? view : null;
    const poll = parseFloat(q.get("poll") || "");
    if (poll > 0) state.pollMs = Math.max(500, poll * 1000);
  }

  function writeURL() {
    const q = new URLSearchParams(window.location.search);
    for (const name of FILTERS) { if (state.filters[name]) q.set(name, state.filters[name]); else q.delete(name); }
    const keep = { sort: state.sort !== "date" ? state.sort : "", dir: state.dir !== "desc" ? state.dir : "",
      page: state.page > 1 ? String(state.page) : "", size: state.size !== 50 ? String(state.size) : "",
      incident: state.selected || "", map: mapParam() };
    for (const [k, v] of Object.entries(keep)) { if (v) q.set(k, v); else q.delete(k); }
    const text = q.toString();
    window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : ""));
  }

  function mapParam() {
    if (!state.map) return state.view ? state.view.join(",") : "";
    const c = state.map.getCenter();
    return [c.lat.toFixed(3), c.lng.toFixed(3), state.map.getZoom()].join(",");
  }

  function formToState() {
    const form = document.getElementById("filters");
    for (const name of FILTERS) {
      const input = form.elements[name];
      state.filters[name] = input.type === "checkbox" ? (input.checked ? "1" : "") : (input.value || "").trim();
    }
  }

  function stateToForm() {
    const form = document.getElementById("filters");
    for (const name of FILTERS) {
      const input = form.elements[name];
      if (input.type === "checkbox") input.checked = Boolean(state.filters[name]);
      else input.value = state.filters[name] || "";
    }
    document.getElementById("page-size").value = String(state.size);
  }

  // ------------------------------------------------------------------------------------- filtering

  function matches(row, f) {
    const start = row.date_start || row.date_end, end = row.date_end || row.date_start;
    if ((f.from || f.to) && !start) return false;
    if (f.from && end < f.from) return false;
    if (f.to && start > f.to) return false;
    if (f.country && row.iso3 !== f.country && row.country !== f.country) return false;
    if (f.type && row.event_type !== f.type) return false;
    if (f.actor) {
      const needle = f.actor.toLowerCase();
      if (!row.actors.some((a) => a.toLowerCase().includes(needle))) return false;
    }
    if (f.cert) {
      const rank = CERTAINTY.indexOf(row.certainty);
      if (rank < 0 || rank > CERTAINTY.indexOf(f.cert)) return false;
    }
    const min = parseInt(f.min_deaths || "0", 10) || 0;
    return row.fatalities >= min;
  }

  // "Only the map view": the table and timeline keep the incidents inside the map's current bounds.
  function inView(row) {
    if (!state.filters.in_view || !state.map) return true;
    if (row.lat === null || row.lon === null) return false;
    const b = state.map.getBounds();
    if (b.getEast() - b.getWest() >= 360) return row.lat >= b.getSouth() && row.lat <= b.getNorth();
    const lon = ((((row.lon - b.getWest()) % 360) + 360) % 360) + b.getWest();  // the copy of the world in view
    return row.lat >= b.getSouth() && row.lat <= b.getNorth() && lon <= b.getEast();
  }

  function sortRows(rows) {
    const key = SORTS[state.sort];
    const sign = state.dir === "asc" ? 1 : -1;
    return rows.sort((a, b) => {
      const x = key(a), y = key(b);
      const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return c !== 0 ? sign * c : a.id.localeCompare(b.id);
    });
  }

  function apply(refit) {
    state.mapRows = state.all.filter((r) => matches(r, state.filters));
    state.shown = sortRows(state.mapRows.filter(inView));
    const pages = Math.max(1, Math.ceil(state.shown.length / state.size));
    state.page = Math.min(state.page, pages);
    const deaths = state.shown.reduce((n, r) => n + r.fatalities, 0);
    document.getElementById("matching").textContent =
      state.shown.length + " of " + state.all.length + " incidents match; " + deaths + " deaths";
    writeURL();
    drawMap(); drawTimeline(); drawTable();
    if (refit && !state.filters.in_view) fitMap();
  }

  // Zoom to the incidents that match (after a filter change; live updates leave the view alone).
  function fitMap() {
    if (!state.map) return;
    const pts = state.mapRows.filter((r) => r.lat !== null && r.lon !== null);
    if (!pts.length) return;
    const bounds = window.L.latLngBounds(pts.map((r) => [r.lat, r.lon]));
    state.map.fitBounds(bounds.pad(0.1), { maxZoom: 7, animate: false });
  }

  function fillSelect(id, values) {
    const select = document.getElementById(id);
    const current = select.value || state.filters[select.name] || "";
    while (select.options.length > 1) select.remove(1);
    for (const [value, label] of values) select.appendChild(el("option", { value: value }, label));
    select.value = current;
  }

  function fillChoices() {
    const countries = new Map();
    const types = new Set();
    for (const r of state.all) {
      if (r.iso3 || r.country) countries.set(r.iso3 || r.country, r.country || r.iso3);
      types.add(r.event_type);
    }
    fillSelect("f-country", [...countries].sort((a, b) => a[1].localeCompare(b[1])));
    fillSelect("f-type", [...types].sort().map((t) => [t, t]));
  }

  // ------------------------------------------------------------------------------------- map

  function mapAvailable() {
    return typeof window.L !== "undefined" && typeof window.L.markerClusterGroup === "function";
  }

  async function startMap() {
    if (!mapAvailable()) {
      const notice = document.getElementById("map-notice");
      notice.hidden = false;
      notice.textContent = "The map libraries are not installed in this copy of Flashpoint: run `make static` " +
        "(needs Node.js and npm), then reload. The timeline and table below still work.";
      document.getElementById("map").hidden = true;
      return;
    }
    const L = window.L;
    state.map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 14, zoomSnap: 0.5 });
    state.map.setView(state.view ? [state.view[0], state.view[1]] : [10, 20], state.view ? state.view[2] : 2);
    state.map.on("moveend", () => {
      if (!state.all.length) return;
      if (state.filters.in_view) { state.page = 1; apply(false); } else writeURL();
    });
    state.map.attributionControl.addAttribution("Outlines: Natural Earth (world-atlas)");
    state.cluster = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45 });
    state.map.addLayer(state.cluster);
    try {
      const topo = await getJSON("/static/vendor/countries-50m.json");
      const land = window.topojson.feature(topo, topo.objects.countries);
      L.geoJSON(land, {
        interactive: false,
        style: { color: "#8a949e", weight: 0.7, fillColor: "#f3efe6", fillOpacity: 1 },
      }).addTo(state.map).bringToBack();
    } catch (err) {
      document.getElementById("map-notice").hidden = false;
      document.getElementById("map-notice").textContent = "Country outlines could not be loaded: " + err.message;
    }
  }

  function markerFor(row) {
    let marker = state.markers.get(row.id);
    if (marker) return marker;
    const L = window.L;
    const icon = L.divIcon({ className: "pt " + typeClass(row.event_type), iconSize: [12, 12] });
    marker = L.marker([row.lat, row.lon], {
      icon: icon, keyboard: false,
      title: dateText(row.date_start, row.date_end) + " · " + row.event_type + " · " + placeText(row) +
        " · " + row.fatalities + " deaths",
    });
    marker.incidentId = row.id;
    marker.on("click", () => select(row.id));
    state.markers.set(row.id, marker);
    return marker;
  }

  function drawMap() {
    drawLegend();
    if (!state.map) return;
    // The map shows every match of the filters except "only the map view": panning with that box ticked
    // changes the table, not the points, so the clusters are rebuilt only when the matches change.
    const key = state.version + "|" + FILTERS.filter((n) => n !== "in_view").map((n) => state.filters[n]).join("|");
    if (key === state.drawnKey) { drawRing(); return; }
    state.drawnKey = key;
    state.cluster.clearLayers();
    const layers = state.mapRows.filter((r) => r.lat !== null && r.lon !== null).map(markerFor);
    state.cluster.addLayers(layers);
    drawRing();
  }

  function drawRing() {
    if (!state.map) return;
    if (state.ring) { state.map.removeLayer(state.ring); state.ring = null; }
    const row = state.selected ? state.byId.get(state.selected) : null;
    if (row && row.lat !== null && row.lon !== null) {
      state.ring = window.L.circleMarker([row.lat, row.lon], {
        radius: 14, color: "#111", weight: 3, fill: false, interactive: false, className: "selected-ring",
      }).addTo(state.map);
    }
  }

  function drawLegend() {
    const legend = document.getElementById("legend");
    clear(legend);
    const counts = new Map();
    for (const r of state.mapRows) counts.set(r.event_type, (counts.get(r.event_type) || 0) + 1);
    for (const [type, n] of [...counts].sort((a, b) => b[1] - a[1])) {
      legend.append(el("span", { class: "swatch " + typeClass(type) }), type + " (" + n + ")");
    }
  }

  // ------------------------------------------------------------------------------------- timeline

  const DAY = 86400000;

  function binning(lo, hi) {
    const days = (hi - lo) / DAY;
    if (days <= 120) return { unit: "day", start: (ms) => ms, next: (ms) => ms + DAY };
    if (days <= 3 * 365) {
      return { unit: "week", start: (ms) => ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY, next: (ms) => ms + 7 * DAY };
    }
    return {
      unit: "month",
      start: (ms) => { const d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); },
      next: (ms) => { const d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); },
    };
  }

  function drawTimeline() {
    const tl = document.getElementById("timeline");
    clear(tl);
    const W = 600, H = 200, left = 36, bottom = 22, top = 8;
    const dated = state.shown.filter((r) => r.date_start);
    if (!dated.length) {
      tl.appendChild(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis-label" }));
      tl.lastChild.textContent = "No dated incidents match";
      document.getElementById("timeline-unit").textContent = "";
      return;
    }
    const t = (d) => Date.parse(d + "T00:00:00Z");
    const times = dated.map((r) => t(r.date_start));
    const lo = Math.min(...times), hi = Math.max(...times);
    const bins = binning(lo, hi);
    const counts = new Map();
    for (const r of dated) {
      const key = bins.start(t(r.date_start));
      const c = counts.get(key) || { n: 0, deaths: 0 };
      c.n += 1; c.deaths += r.fatalities;
      counts.set(key, c);
    }
    const first = bins.start(lo), last = bins.start(hi);
    const keys = [];
    for (let ms = first; ms <= last; ms = bins.next(ms)) keys.push(ms);
    const max = Math.max(...[...counts.values()].map((c) => c.n));
    const bw = (W - left - 6) / keys.length;
    document.getElementById("timeline-unit").textContent = "(incidents per " + bins.unit + "; max " + max + ")";
    tl.appendChild(svg("line", { x1: left, x2: W, y1: H - bottom, y2: H - bottom, class: "axis" }));
    const label = (ms) => new Date(ms).toISOString().slice(0, bins.unit === "month" ? 7 : 10);
    const every = Math.max(1, Math.ceil(keys.length / 6));
    keys.forEach((ms, k) => {
      const c = counts.get(ms) || { n: 0, deaths: 0 };
      const h = c.n ? Math.max(1.5, ((H - bottom - top) * c.n) / max) : 0;
      const x = left + k * bw;
      if (k % every === 0) {
        const tick = svg("text", { x: x, y: H - 6, class: "axis-label" });
        tick.textContent = label(ms);
        tl.appendChild(tick);
      }
      if (!c.n) return;
      const end = new Date(bins.next(ms) - DAY).toISOString().slice(0, 10);
      const bar = svg("rect", { x: x + 0.5, y: H - bottom - h, width: Math.max(1, bw - 1), height: h, class: "bar" },
        label(ms) + " (" + bins.unit + "): " + c.n + " incidents, " + c.deaths + " deaths");
      bar.addEventListener("click", () => {
        state.filters.from = new Date(ms).toISOString().slice(0, 10);
        state.filters.to = end;
        state.page = 1;
        stateToForm();
        apply(true);
      });
      tl.appendChild(bar);
    });
    const yl = svg("text", { x: 2, y: top + 8, class: "axis-label" });
    yl.textContent = String(max);
    tl.appendChild(yl);
  }

  // ------------------------------------------------------------------------------------- table

  function drawTable() {
    const body = document.querySelector("#incidents tbody");
    clear(body);
    for (const th of document.querySelectorAll("#incidents th[data-sort]")) {
      const on = th.dataset.sort === state.sort;
      th.setAttribute("aria-sort", on ? (state.dir === "asc" ? "ascending" : "descending") : "none");
      th.classList.toggle("sorted", on);
    }
    const pages = Math.max(1, Math.ceil(state.shown.length / state.size));
    document.getElementById("page-info").textContent = "Page " + state.page + " of " + pages +
      " (" + state.shown.length + " incidents)";
    document.getElementById("prev").disabled = state.page <= 1;
    document.getElementById("next").disabled = state.page >= pages;
    if (!state.shown.length) {
      const why = state.all.length ? "No incident matches these filters." : "No incidents yet: run flashpoint ingest, flashpoint watch or make demo.";
      body.appendChild(el("tr", {}, el("td", { colspan: 8, class: "empty" }, why)));
      return;
    }
    const from = (state.page - 1) * state.size;
    for (const r of state.shown.slice(from, from + state.size)) {
      const cls = [r.id === state.selected ? "selected" : "", state.fresh.has(r.id) ? "new" : ""].join(" ").trim();
      const row = el("tr", { class: cls || null, "data-id": r.id, tabindex: "0", onclick: () => select(r.id) },
        el("td", {}, dateText(r.date_start, r.date_end)),
        el("td", {}, el("span", { class: "swatch " + typeClass(r.event_type) }), r.event_type, el("br"), el("small", {}, r.sub_event_type)),
        el("td", {}, r.country || "?"),
        el("td", {}, placeText(r)),
        el("td", {}, r.actors.join("; ")),
        el("td", { class: "num" }, String(r.fatalities)),
        el("td", { class: "num" }, String(r.reports)),
        el("td", {}, certaintyBadge(r.certainty), state.fresh.has(r.id) ? el("span", { class: "new-badge" }, "new") : null));
      row.addEventListener("keydown", (e) => { if (e.key === "Enter") select(r.id); });
      body.appendChild(row);
    }
  }

  // ------------------------------------------------------------------------------------- detail

  function highlighted(text, spans) {
    // Cut the text at every span boundary; each piece is marked with its shortest covering span's kind
    // and titled with every label covering it, so overlapping evidence stays visible.
    const cuts = new Set([0, text.length]);
    for (const s of spans) { cuts.add(Math.max(0, Math.min(text.length, s.start))); cuts.add(Math.max(0, Math.min(text.length, s.end))); }
    const bounds = [...cuts].sort((a, b) => a - b);
    const out = el("div", { class: "article-text" });
    for (let k = 0; k + 1 < bounds.length; k++) {
      const a = bounds[k], b = bounds[k + 1];
      const piece = text.slice(a, b);
      const covering = spans.filter((s) => s.start <= a && s.end >= b);
      if (!covering.length) { out.appendChild(document.createTextNode(piece)); continue; }
      covering.sort((p, q) => (p.end - p.start) - (q.end - q.start));
      out.appendChild(el("mark", {
        class: "k-" + String(covering[0].kind).replace(/[^a-z]/g, ""),
        title: covering.map((s) => s.kind + ": " + s.label + " [" + s.stage + "]").join("\n"),
      }, piece));
    }
    return out;
  }

  function revisionLine(rev) {
    const f = rev.figure;
    const chain = f.claimant_chain.length ? f.claimant_chain.join(" \u2192 ") : "the report";
    return el("p", { class: "rev" },
      el("span", { class: "when" }, (rev.published || "undated") + " "),
      "\u201c" + f.phrase + "\u201d (" + f.range + (f.acled_fatalities !== null && f.acled_fatalities !== f.best ? "; ACLED " + f.acled_fatalities : "") + ") ",
      certaintyBadge(f.certainty), " ",
      el("span", { class: "chain" }, "says " + chain + (rev.source && chain.indexOf(rev.source) < 0 ? " (in " + rev.source + ")" : "")));
  }

  function reportBlock(rep) {
    if (rep.missing) return el("div", { class: "report" }, el("p", { class: "empty" }, "Report " + rep.id + " is no longer stored."));
    const meta = [rep.source, rep.published, rep.external_id, rep.near_duplicate_of ? "near-copy of " + rep.near_duplicate_of : null]
      .filter(Boolean).join(" \u00b7 ");
    return el("div", { class: "report", "data-article": rep.id },
      el("h3", {}, rep.title || rep.id),
      el("div", { class: "meta" }, meta, rep.url ? el("span", {}, " \u00b7 ", safeLink(rep.url, "original")) : null),
      highlighted(rep.text || "", rep.spans || []));
  }

  async function select(id) {
    state.selected = id;
    writeURL();
    drawTable(); drawRing();
    const detail = document.getElementById("detail");
    const meta = document.getElementById("detail-meta");
    const reports = document.getElementById("reports");
    detail.hidden = false;
    clear(meta); clear(reports);
    document.getElementById("detail-title").textContent = "Loading…";
    let inc;
    try {
      inc = await getJSON("/api/dashboard/incidents/" + encodeURIComponent(id));
    } catch (err) {
      document.getElementById("detail-title").textContent = "Could not load incident: " + err.message;
      return;
    }
    if (state.selected !== id) return;
    const where = inc.place ? [inc.place.name, inc.place.admin1, inc.place.country || inc.place.country_iso3].filter(Boolean).join(", ") : "unknown place";
    document.getElementById("detail-title").textContent =
      dateText(inc.date_start, inc.date_end) + " - " + inc.event_type + " / " + inc.sub_event_type + " - " + where;
    meta.append(
      el("p", {}, "Actors: " + (inc.actors.map((a) => a.name + " [" + a.inter + "]").join("; ") || "none named")),
      el("p", {}, "Reports: " + inc.reports + (inc.external_ids.length ? " (" + inc.external_ids.join(", ") + ")" : "") + "; certainty ", certaintyBadge(inc.certainty)),
      el("div", {}, inc.figures.map((h) => el("div", { class: "figure" },
        el("strong", {}, h.kind + " (" + h.victims + "): ACLED " + (h.acled_value === null ? "?" : h.acled_value) +
          "; UCDP " + [h.ucdp_low, h.ucdp_best, h.ucdp_high].map((v) => (v === null ? "?" : v)).join("/")),
        el("small", { class: "chain" }, " rule: " + h.rule),
        (h.revisions || []).map(revisionLine)))));
    for (const rep of inc.articles) reports.appendChild(reportBlock(rep));
    detail.scrollIntoView({ block: "start" });
  }

  // ------------------------------------------------------------------------------------- data + live

  function takeSnapshot(data) {
    const before = state.seen;
    state.version = data.version;
    state.all = data.incidents;
    state.byId = new Map(state.all.map((r) => [r.id, r]));
    for (const id of [...state.markers.keys()]) if (!state.byId.has(id)) state.markers.delete(id);
    if (before) {
      const added = state.all.filter((r) => !before.has(r.id)).map((r) => r.id);
      for (const id of added) state.fresh.add(id);
      // An updated incident keeps its id but its row may have changed: rebuild its marker.
      for (const id of state.byId.keys()) state.markers.delete(id);
      state.drawnKey = null;
      const stamp = new Date().toISOString().slice(11, 19);
      document.getElementById("live").textContent = added.length
        ? stamp + " UTC: " + added.length + " new incident" + (added.length > 1 ? "s" : "") + " (marked new)"
        : stamp + " UTC: incidents updated";
    }
    state.seen = new Set(state.all.map((r) => r.id));
    const countries = new Set(state.all.map((r) => r.iso3 || r.country).filter(Boolean));
    document.getElementById("summary").textContent = state.all.length + " incidents in " + countries.size +
      " countries (loaded " + new Date().toISOString().slice(11, 19) + " UTC)";
    fillChoices();
  }

  async function poll() {
    try {
      const data = await getJSON("/api/dashboard/incidents?since=" + encodeURIComponent(state.version || ""));
      if (data.changed) { takeSnapshot(data); apply(); }
      const live = document.getElementById("live");
      if (live.textContent.startsWith("Live updates paused")) live.textContent = "Live updates resumed";
    } catch (err) {
      document.getElementById("live").textContent = "Live updates paused: " + err.message;
    }
    window.setTimeout(poll, state.pollMs);
  }

  function wire() {
    const form = document.getElementById("filters");
    const changed = () => { formToState(); state.page = 1; apply(true); };
    form.addEventListener("change", changed);
    form.addEventListener("submit", (e) => { e.preventDefault(); changed(); });
    let typing = null;
    form.elements.actor.addEventListener("input", () => { window.clearTimeout(typing); typing = window.setTimeout(changed, 250); });
    form.addEventListener("reset", () => window.setTimeout(changed, 0));
    for (const th of document.querySelectorAll("#incidents th[data-sort]")) {
      th.tabIndex = 0;
      const sortBy = () => {
        const key = th.dataset.sort;
        if (state.sort === key) state.dir = state.dir === "asc" ? "desc" : "asc";
        else { state.sort = key; state.dir = key === "date" || key === "deaths" || key === "reports" ? "desc" : "asc"; }
        state.page = 1;
        apply();
      };
      th.addEventListener("click", sortBy);
      th.addEventListener("keydown", (e) => { if (e.key === "Enter") sortBy(); });
    }
    document.getElementById("prev").addEventListener("click", () => { state.page -= 1; writeURL(); drawTable(); });
    document.getElementById("next").addEventListener("click", () => { state.page += 1; writeURL(); drawTable(); });
    document.getElementById("page-size").addEventListener("change", (e) => {
      state.size = parseInt(e.target.value, 10) || 50; state.page = 1; apply();
    });
  }

  async function start() {
    readURL();
    wire();
    stateToForm();
    await startMap();
    try {
      takeSnapshot(await getJSON("/api/dashboard/incidents"));
    } catch (err) {
      document.getElementById("summary").textContent = "Could not load data: " + err.message;
      return;
    }
    stateToForm();
    apply(!state.view && FILTERS.some((name) => state.filters[name]));
    // An id from an old link may have been merged into another incident: the API follows the merge.
    if (state.selected) select(state.selected);
    window.setTimeout(poll, state.pollMs);
    document.body.dataset.ready = "1";
  }

  document.addEventListener("DOMContentLoaded", start);
})();
