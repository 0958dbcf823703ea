// The map: Leaflet with Natural Earth country outlines (world-atlas via topojson-client) and no tile
// server; incidents as clustered points (leaflet.markercluster) coloured by event type; the selected
// incident ringed; "only the map view" reads the map's bounds. Without the libraries it says how to get them.
import { apply } from "../app.js";
import { select } from "./detail.js";
import { FILTERS, state, writeURL } from "./state.js";
import { clear, dateText, el, getJSON, placeText, typeClass } from "./util.js";

// "Only the map view": the table and timeline keep the incidents inside the map's current bounds.
export function inView(row) {
  if (!state.filters.in_view || !state.map) return true;
  if (row.lat === null || row.lon === null) return false;
  const b = state.map.getBounds();
  if (b.getEast() - b.getWest() >= 360) return row.lat >= b.getSouth() && row.lat <= b.getNorth();
  const lon = ((((row.lon - b.getWest()) % 360) + 360) % 360) + b.getWest();  // the copy of the world in view
  return row.lat >= b.getSouth() && row.lat <= b.getNorth() && lon <= b.getEast();
}

// Zoom to the incidents that match (after a filter change; live updates leave the view alone).
export function fitMap() {
  if (!state.map) return;
  const pts = state.mapRows.filter((r) => r.lat !== null && r.lon !== null);
  if (!pts.length) return;
  const bounds = window.L.latLngBounds(pts.map((r) => [r.lat, r.lon]));
  state.map.fitBounds(bounds.pad(0.1), { maxZoom: 7, animate: false });
}

function mapAvailable() {
  return typeof window.L !== "undefined" && typeof window.L.markerClusterGroup === "function";
}

export async function startMap() {
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

export function drawMap() {
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

export function drawRing() {
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
