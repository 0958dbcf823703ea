// The dashboard's one state object (filters, sort, page, selection, data, map handles) and the URL
// that mirrors it: the filters, order, page, selected incident and map position live in the query string.
import { SORTS } from "./table.js";

export const FILTERS = ["from", "to", "country", "type", "actor", "cert", "min_deaths", "in_view"];

export const state = {
  all: [], byId: new Map(), shown: [], version: null, seen: null, fresh: new Set(),
  filters: {}, sort: "date", dir: "desc", page: 1, size: 50, selected: null, mapRows: [], view: null,
  map: null, cluster: null, markers: new Map(), ring: null, pollMs: 10000,
};

export function readURL() {
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

export function writeURL() {
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

export function formToState() {
  const form = document.getElementById("filters");
  for (const name of FILTERS) {
    const input = form.elements[name];
    state.filters[name] = input.type === "checkbox" ? (input.checked ? "1" : "") : (input.value || "").trim();
  }
}

export function stateToForm() {
  const form = document.getElementById("filters");
  for (const name of FILTERS) {
    const input = form.elements[name];
    if (input.type === "checkbox") input.checked = Boolean(state.filters[name]);
    else input.value = state.filters[name] || "";
  }
  document.getElementById("page-size").value = String(state.size);
}
