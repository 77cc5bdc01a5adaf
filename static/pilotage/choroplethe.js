/* The choropleth of the steering page: the sub-territories coloured by the share of their population farther than
   10 km from a matching lieu. Decorative for assistive technologies: the same figures are in the table below it. */
(function () {
  "use strict";
  var div = document.getElementById("carte-pilotage");
  if (!div || !window.L) { return; }
  function couleur(p) {
    if (p === null || p === undefined) { return "#e5e5e5"; }
    if (p <= 0) { return "#f5f5fe"; }
    if (p < 5) { return "#cacafb"; }
    if (p < 20) { return "#8585f6"; }
    if (p < 50) { return "#3a3aef"; }
    return "#000091";
  }
  var carte = L.map(div, { scrollWheelZoom: false, keyboard: false, zoomControl: true });
  if (div.getAttribute("data-tuiles")) {
    L.tileLayer(div.getAttribute("data-tuiles"), { attribution: div.getAttribute("data-attribution"), maxZoom: 14 }).addTo(carte);
  }
  fetch(div.getAttribute("data-geojson"), { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (donnees) {
      var couche = L.geoJSON(donnees, {
        style: function (f) {
          return { color: "#555", weight: 1, fillOpacity: 0.75, fillColor: couleur(f.properties.part10) };
        },
        onEachFeature: function (f, calque) {
          var p = f.properties;
          var texte = document.createElement("span");
          texte.textContent = p.nom + " : " + (p.part10 === null ? "–" : String(p.part10).replace(".", ",") + " %");
          calque.bindTooltip(texte);
          if (!div.hasAttribute("data-embed")) { calque.on("click", function () { window.location.href = p.lien; }); }
        }
      }).addTo(carte);
      if (couche.getBounds().isValid()) { carte.fitBounds(couche.getBounds()); }
    });
  if (window.carteDecorative) { window.carteDecorative(carte); }
})();
