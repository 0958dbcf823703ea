// Flashpoint dashboard: plain JavaScript, no libraries. Reads the REST API and draws a map (SVG,
// equirectangular), a timeline, the incidents and figures tables, and the reports of a selected incident
// with their evidence spans highlighted. Text from reports is only ever inserted as text nodes.
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const TYPE_COLOURS = {
    "Battles": "#b3261e",
    "Explosions/Remote violence": "#e8710a",
    "Violence against civilians": "#7a1fa2",
    "Riots": "#c2185b",
    "Protests": "#1f5fbf",
    "Strategic developments": "#2a7a3e",
  };
  const state = { incidents: [], selected: null };

  function colour(type) {
    return TYPE_COLOURS[type] || "#5b6672";
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (text !== undefined) node.appendChild(document.createTextNode(text));
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  async function getJSON(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(url + ": HTTP " + response.status);
    return response.json();
  }

  function dateText(start, end) {
    if (!start && !end) return "undated";
    if (!start || !end || start === end) return start || end;
    return start + " .. " + end;
  }

  function placeText(place) {
    if (!place) return "unknown place";
    const parts = [place.name];
    if (place.admin1 && place.admin1 !== place.name) parts.push(place.admin1);
    if (place.country_iso3) parts.push(place.country_iso3);
    return parts.join(", ");
  }

  function certaintyBadge(value) {
    return el("span", { class: "cert cert-" + (value || "unknown") }, value || "?");
  }

  function range(f) {
    const low = f.low === null ? "?" : f.low;
    const high = f.high === null ? "?" : f.high;
    return f.low !== null && f.low === f.high ? String(low) : low + "-" + high;
  }

  // ------------------------------------------------------------------------------------- map

  function niceStep(span) {
    const steps = [0.25, 0.5, 1, 2, 5, 10, 20, 30, 45];
    return steps.find((s) => span / s <= 8) || 60;
  }

  function drawMap() {
    const map = document.getElementById("map");
    clear(map);
    const W = 600, H = 360, M = 24;
    const points = state.incidents.filter((i) => i.place && i.place.latitude !== null && i.place.longitude !== null);
    if (!points.length) {
      map.appendChild(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis-label" }, "No incidents with coordinates"));
      return;
    }
    let minLon = Math.min(...points.map((p) => p.place.longitude)), maxLon = Math.max(...points.map((p) => p.place.longitude));
    let minLat = Math.min(...points.map((p) => p.place.latitude)), maxLat = Math.max(...points.map((p) => p.place.latitude));
    const pad = Math.max(1, 0.15 * Math.max(maxLon - minLon, maxLat - minLat));
    minLon -= pad; maxLon += pad; minLat -= pad; maxLat += pad;
    // One scale for both axes: an equirectangular (plate carree) projection.
    const scale = Math.min((W - 2 * M) / (maxLon - minLon), (H - 2 * M) / (maxLat - minLat));
    const cx = (minLon + maxLon) / 2, cy = (minLat + maxLat) / 2;
    const x = (lon) => W / 2 + (lon - cx) * scale;
    const y = (lat) => H / 2 - (lat - cy) * scale;
    const lonSpan = W / scale, latSpan = H / scale;
    const step = niceStep(Math.max(lonSpan, latSpan));
    for (let lon = Math.ceil((cx - lonSpan / 2) / step) * step; lon <= cx + lonSpan / 2; lon += step) {
      map.appendChild(svg("line", { x1: x(lon), x2: x(lon), y1: 0, y2: H, class: "graticule" }));
      map.appendChild(svg("text", { x: x(lon) + 2, y: H - 3, class: "axis-label" }, Math.abs(lon).toFixed(step < 1 ? 2 : 0) + (lon < 0 ? "W" : "E")));
    }
    for (let lat = Math.ceil((cy - latSpan / 2) / step) * step; lat <= cy + latSpan / 2; lat += step) {
      map.appendChild(svg("line", { x1: 0, x2: W, y1: y(lat), y2: y(lat), class: "graticule" }));
      map.appendChild(svg("text", { x: 3, y: y(lat) - 2, class: "axis-label" }, Math.abs(lat).toFixed(step < 1 ? 2 : 0) + (lat < 0 ? "S" : "N")));
    }
    const labelled = new Set();
    // Largest first so small circles stay clickable on top.
    const ordered = [...points].sort((a, b) => b.fatalities - a.fatalities);
    for (const inc of ordered) {
      const r = 4 + 3 * Math.sqrt(inc.fatalities || 0);
      const circle = svg("circle", {
        cx: x(inc.place.longitude), cy: y(inc.place.latitude), r: r,
        fill: colour(inc.event_type), class: "point" + (inc.id === state.selected ? " selected" : ""),
        "data-id": inc.id,
      });
      circle.appendChild(svg("title", {}, dateText(inc.date_start, inc.date_end) + " " + inc.event_type + " / " + inc.sub_event_type + " - " + placeText(inc.place) + " (" + inc.reports + " reports)"));
      circle.addEventListener("click", () => select(inc.id));
      map.appendChild(circle);
      if (!labelled.has(inc.place.name)) {
        labelled.add(inc.place.name);
        map.appendChild(svg("text", { x: x(inc.place.longitude) + r + 2, y: y(inc.place.latitude) + 3, class: "place-label" }, inc.place.name));
      }
    }
    const legend = document.getElementById("legend");
    clear(legend);
    const types = [...new Set(state.incidents.map((i) => i.event_type))];
    for (const t of types) legend.append(el("span", { class: "swatch", style: "background:" + colour(t) }), t);
  }

  // ------------------------------------------------------------------------------------- timeline

  const DAY = 86400000;

  function drawTimeline() {
    const tl = document.getElementById("timeline");
    clear(tl);
    const dated = state.incidents.filter((i) => i.date_start);
    const W = 600, left = 150, right = 14, top = 10;
    if (!dated.length) {
      tl.appendChild(svg("text", { x: W / 2, y: 100, "text-anchor": "middle", class: "axis-label" }, "No dated incidents"));
      return;
    }
    const t = (d) => Date.parse(d + "T00:00:00Z");
    const lo = Math.min(...dated.map((i) => t(i.date_start)));
    const hi = Math.max(...dated.map((i) => t(i.date_end || i.date_start))) + DAY;
    const types = [...new Set(dated.map((i) => i.event_type))].sort();
    const lane = 26, H = top + lane * types.length + 30;
    tl.setAttribute("viewBox", "0 0 " + W + " " + H);
    const x = (ms) => left + ((ms - lo) / Math.max(hi - lo, DAY)) * (W - left - right);
    const days = (hi - lo) / DAY;
    const tickEvery = days <= 14 ? 1 : days <= 60 ? 7 : 30;
    for (let ms = lo; ms <= hi; ms += tickEvery * DAY) {
      tl.appendChild(svg("line", { x1: x(ms), x2: x(ms), y1: top, y2: H - 20, class: "graticule" }));
      tl.appendChild(svg("text", { x: x(ms) + 2, y: H - 8, class: "axis-label" }, new Date(ms).toISOString().slice(5, 10)));
    }
    types.forEach((type, k) => {
      tl.appendChild(svg("text", { x: 4, y: top + lane * k + lane / 2 + 3, class: "axis-label" }, type));
    });
    const stack = {};
    for (const inc of dated) {
      const k = types.indexOf(inc.event_type);
      const key = k + ":" + inc.date_start;
      const n = (stack[key] = (stack[key] || 0) + 1) - 1;
      const cy = top + lane * k + lane / 2 + ((n % 3) - 1) * 6;
      const x0 = x(t(inc.date_start)), x1 = x(t(inc.date_end || inc.date_start) + DAY);
      const bar = svg("rect", {
        x: x0 + 1, y: cy - 4, width: Math.max(6, x1 - x0 - 2), height: 8, rx: 3,
        fill: colour(inc.event_type), class: "point" + (inc.id === state.selected ? " selected" : ""),
      });
      bar.appendChild(svg("title", {}, dateText(inc.date_start, inc.date_end) + " " + inc.sub_event_type + " - " + placeText(inc.place)));
      bar.addEventListener("click", () => select(inc.id));
      tl.appendChild(bar);
    }
  }

  // ------------------------------------------------------------------------------------- tables

  function drawIncidents() {
    const body = document.querySelector("#incidents tbody");
    clear(body);
    if (!state.incidents.length) body.appendChild(el("tr", {}, el("td", { colspan: 7, class: "empty" }, "No incidents yet: run flashpoint ingest or make demo.")));
    for (const inc of state.incidents) {
      body.appendChild(el("tr", { class: inc.id === state.selected ? "selected" : null, onclick: () => select(inc.id) },
        el("td", {}, dateText(inc.date_start, inc.date_end)),
        el("td", {}, inc.event_type, el("br"), el("small", {}, inc.sub_event_type)),
        el("td", {}, placeText(inc.place)),
        el("td", {}, inc.actors.map((a) => a.name).join("; ")),
        el("td", {}, String(inc.fatalities)),
        el("td", {}, String(inc.reports)),
        el("td", {}, certaintyBadge(inc.certainty))));
    }
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

  function drawFigures(figures) {
    const body = document.querySelector("#figures tbody");
    clear(body);
    if (!figures.length) body.appendChild(el("tr", {}, el("td", { colspan: 4, class: "empty" }, "No figures.")));
    for (const h of figures) {
      const now = "ACLED " + (h.acled_value === null ? "?" : h.acled_value) + "; UCDP " +
        [h.ucdp_low, h.ucdp_best, h.ucdp_high].map((v) => (v === null ? "?" : v)).join("/");
      body.appendChild(el("tr", { onclick: () => select(h.incident_id) },
        el("td", {}, dateText(h.date_start, h.date_end), el("br"), el("small", {}, placeText(h.place))),
        el("td", {}, h.kind + " (" + h.victims + ")"),
        el("td", { title: "rule: " + h.rule }, now),
        el("td", {}, h.revisions.map(revisionLine))));
    }
  }

  // ------------------------------------------------------------------------------------- detail

  function highlighted(text, spans) {
    // Cut the text at every span boundary; each piece is marked with its shortest covering span's kind
    // and titled with every label covering it, so overlapping evidence stays visible.
    const cuts = new Set([0, text.length]);
    for (const s of spans) { cuts.add(Math.max(0, s.start)); cuts.add(Math.min(text.length, s.end)); }
    const bounds = [...cuts].sort((a, b) => a - b);
    const out = el("div", { class: "article-text" });
    for (let k = 0; k + 1 < bounds.length; k++) {
      const a = bounds[k], b = bounds[k + 1];
      const piece = text.slice(a, b);
      const covering = spans.filter((s) => s.start <= a && s.end >= b);
      if (!covering.length) { out.appendChild(document.createTextNode(piece)); continue; }
      covering.sort((p, q) => (p.end - p.start) - (q.end - q.start));
      out.appendChild(el("mark", {
        class: "k-" + covering[0].kind,
        title: covering.map((s) => s.kind + ": " + s.label + " [" + s.stage + "]").join("\n"),
      }, piece));
    }
    return out;
  }

  async function select(id) {
    state.selected = id;
    drawMap(); drawTimeline(); drawIncidents();
    const detail = document.getElementById("detail");
    detail.hidden = false;
    const meta = document.getElementById("detail-meta");
    const reports = document.getElementById("reports");
    clear(meta); clear(reports);
    const inc = await getJSON("/api/incidents/" + encodeURIComponent(id));
    document.getElementById("detail-title").textContent =
      dateText(inc.date_start, inc.date_end) + " - " + inc.event_type + " / " + inc.sub_event_type + " - " + placeText(inc.place);
    meta.append(
      el("p", {}, "Actors: " + (inc.actors.map((a) => a.name + " [" + a.inter + "]").join("; ") || "none named")),
      el("p", {}, "Reports: " + inc.reports + (inc.external_ids.length ? " (" + inc.external_ids.join(", ") + ")" : "") + "; certainty ", certaintyBadge(inc.certainty)),
      el("div", {}, inc.figures.map((h) => el("div", {},
        el("strong", {}, h.kind + " (" + h.victims + "): ACLED " + (h.acled_value === null ? "?" : h.acled_value)),
        el("small", { class: "chain" }, " rule: " + h.rule),
        h.revisions.map(revisionLine)))));
    detail.scrollIntoView({ behavior: "smooth", block: "start" });
    for (const art of inc.articles) {
      const full = await getJSON("/api/articles/" + encodeURIComponent(art.id));
      reports.appendChild(el("div", { class: "report", "data-article": art.id },
        el("h3", {}, full.title || full.id),
        el("div", { class: "meta" }, [full.source, full.published, full.external_id, full.near_duplicate_of ? "near-copy of " + full.near_duplicate_of : null].filter(Boolean).join(" \u00b7 "),
          /^https?:\/\//i.test(full.url || "") ? el("span", {}, " \u00b7 ", el("a", { href: full.url, rel: "noopener noreferrer" }, "original")) : null),
        highlighted(full.text, full.spans)));
    }
  }

  // ------------------------------------------------------------------------------------- start

  async function start() {
    try {
      const [inc, figs] = await Promise.all([getJSON("/api/incidents"), getJSON("/api/figures")]);
      state.incidents = inc.incidents;
      const reports = new Set(inc.incidents.flatMap((i) => i.article_ids));
      document.getElementById("summary").textContent =
        inc.total + " incidents from " + reports.size + " reports; " + figs.figures.length + " figures";
      drawMap(); drawTimeline(); drawIncidents(); drawFigures(figs.figures);
    } catch (err) {
      document.getElementById("summary").textContent = "Could not load data: " + err.message;
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
