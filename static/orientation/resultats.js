/* The results of the page on a Leaflet map: numbered markers as in the list, the search point and its radius.
   The map is decorative for assistive technologies (aria-hidden, nothing in it takes the focus): the list is the
   accessible view; clicking a marker moves to the lieu in the list. */
(function () {
  "use strict";
  var conteneur = document.getElementById("carte-resultats");
  var donnees = document.getElementById("donnees-carte");
  if (!conteneur || !donnees || typeof L === "undefined") { return; }
  donnees = JSON.parse(donnees.textContent);
  var tuiles = JSON.parse(document.getElementById("tuiles-carte").textContent);
  var carte = L.map(conteneur, { keyboard: false, scrollWheelZoom: false });
  L.tileLayer(tuiles.url, { attribution: tuiles.attribution, maxZoom: 19 }).addTo(carte);
  window.carteDecorative(carte);
  var limites = [];
  if (donnees.point) {
    L.circle(donnees.point, { radius: donnees.rayon_m, weight: 1, fillOpacity: 0.04, interactive: false }).addTo(carte);
    L.circleMarker(donnees.point, { radius: 6, weight: 2, color: "#000091", fillColor: "#fff", fillOpacity: 1,
                                    interactive: false }).addTo(carte);
    limites.push(donnees.point);
  }
  donnees.lieux.forEach(function (l) {
    var icone = L.divIcon({ className: "orientation-marqueur", html: String(l.rang), iconSize: [28, 28] });
    var marqueur = L.marker([l.lat, l.lon], { icon: icone, keyboard: false, title: l.nom }).addTo(carte);
    marqueur.on("click", function () {
      var lien = document.querySelector('.orientation-resultat[data-uid] a[href="' + l.url + '"]');
      if (lien) { lien.scrollIntoView({ block: "center" }); lien.focus(); }
    });
    limites.push([l.lat, l.lon]);
  });
  if (limites.length > 1) { carte.fitBounds(limites, { padding: [24, 24], maxZoom: 15 }); }
  else if (limites.length === 1) { carte.setView(limites[0], 13); }
})();
