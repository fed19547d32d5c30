// The map page: a choropleth of the selected events by region and one circle per place.
// Everything it draws comes from this app (the page's JSON and the shipped GeoJSON); tiles are
// added only when the server names a tile URL (KHRONIKA_TILE_URL).
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("map-config").textContent);
  const data = JSON.parse(document.getElementById("map-data").textContent);
  const container = document.getElementById("map");
  // Light to dark: one colour per fifth of the busiest region's count.
  const SHADES = ["#fde0c5", "#facba6", "#f59e72", "#e8684a", "#c0392b"];
  const EMPTY = "#eef0f2";

  function shade(count, max) {
    if (!count) return EMPTY;
    const step = Math.min(SHADES.length - 1, Math.floor((count / max) * SHADES.length));
    return SHADES[step];
  }

  function link(text, href) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function popup(title, count, href) {
    // Built as DOM nodes, never as HTML strings: names come from reports and are not trusted.
    const box = document.createElement("div");
    const strong = document.createElement("strong");
    strong.textContent = title;
    box.append(strong, document.createElement("br"), String(count) + " · ");
    box.append(link(container.dataset.showLabel || "→", href));
    return box;
  }

  const map = L.map(container, { zoomSnap: 0.25, minZoom: 3, maxZoom: 12 }).setView([48.0, 67.5], 4.25);
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { maxZoom: 18 }).addTo(map);
  }
  map.attributionControl.addAttribution(config.regionsAttribution);

  const max = Math.max(1, ...Object.values(data.regions));
  const chronicle = config.chronicleQuery ? "/?" + config.chronicleQuery + "&" : "/?";

  fetch(config.regionsUrl)
    .then((response) => {
      if (!response.ok) throw new Error(config.regionsUrl + ": HTTP " + response.status);
      return response.json();
    })
    .then((shapes) => {
      const layer = L.geoJSON(shapes, {
        style: (feature) => ({
          color: "#6b7280",
          weight: 1,
          fillOpacity: 0.75,
          fillColor: shade(data.regions[feature.properties.name] || 0, max),
        }),
        onEachFeature: (feature, shape) => {
          const name = feature.properties.name;
          const count = data.regions[name] || 0;
          shape.bindTooltip(name + ": " + count, { sticky: true });
          shape.bindPopup(popup(name, count, chronicle + "region=" + encodeURIComponent(name)));
        },
      }).addTo(map);
      layer.bringToBack();
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      container.dataset.regionsDrawn = String(shapes.features.length);
    })
    .catch((error) => {
      container.dataset.regionsError = String(error);
    });

  // The legend: which counts each shade stands for, the same classes as shade().
  function legendRows() {
    const rows = [[EMPTY, "0"]];
    for (let i = 0; i < SHADES.length; i++) {
      const low = Math.max(1, Math.ceil((i * max) / SHADES.length));
      const high = i === SHADES.length - 1 ? max : Math.ceil(((i + 1) * max) / SHADES.length) - 1;
      if (low <= high) rows.push([SHADES[i], low === high ? String(low) : low + "–" + high]);
    }
    return rows;
  }

  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => {
    const box = L.DomUtil.create("div", "map-legend");
    const title = document.createElement("strong");
    title.textContent = container.dataset.legendLabel || "";
    box.append(title);
    for (const [colour, label] of legendRows()) {
      const row = document.createElement("div");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colour;
      row.append(swatch, label);
      box.append(row);
    }
    return box;
  };
  legend.addTo(map);

  const markers = L.featureGroup();
  for (const place of data.places) {
    L.circleMarker([place.lat, place.lon], {
      radius: 4 + Math.sqrt(place.count) * 2,
      color: "#1f2937",
      weight: 1,
      fillColor: "#2563eb",
      fillOpacity: 0.7,
    })
      .bindTooltip(place.name + ": " + place.count)
      .bindPopup(popup(place.name, place.count, place.url))
      .addTo(markers);
  }
  markers.addTo(map);
  container.dataset.markers = String(data.places.length);
})();
