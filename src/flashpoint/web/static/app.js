// Flashpoint dashboard (entry module). Reads /api/dashboard/* once, then filters, sorts and pages in the
// browser, so the map, the timeline and the table always show the same incidents; new incidents arrive by
// polling /api/dashboard/incidents?since=VERSION (no reload).
// Runs under a strict Content-Security-Policy: no inline script or style, no eval, no style attributes.
// Text from reports, actors and URLs is only ever inserted as text nodes (never parsed as HTML), and only
// http: and https: URLs become links.
import { select } from "./js/detail.js";
import { drawMap, fitMap, inView, startMap } from "./js/map.js";
import { FILTERS, formToState, readURL, state, stateToForm, writeURL } from "./js/state.js";
import { drawTable, sortRows } from "./js/table.js";
import { drawTimeline } from "./js/timeline.js";
import { CERTAINTY, el, getJSON } from "./js/util.js";

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

export function apply(refit) {
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
