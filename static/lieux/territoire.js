/* Territory page: outline and bubbles of the sub-territories (or grid clusters in a commune). Extra to the list. */
(function () {
  "use strict";
  var noeud = document.getElementById("territoire-config");
  if (!noeud || typeof L === "undefined") return;
  var c = JSON.parse(noeud.textContent);
  var t = c.territoire;
  var carte = L.map("carte-territoire", { keyboard: false, scrollWheelZoom: false });
  L.tileLayer(c.tuiles.url, { attribution: c.tuiles.attribution, maxZoom: 19 }).addTo(carte);
  window.carteDecorative(carte);
  if (t.bbox) carte.fitBounds([[t.bbox[1], t.bbox[0]], [t.bbox[3], t.bbox[2]]]);
  else carte.setView([46.6, 2.4], 6);
  fetch(c.api.territoire).then(function (r) { return r.ok ? r.json() : null; }).then(function (f) {
    if (f) L.geoJSON(f, { interactive: false, style: { color: "#000091", weight: 3, fillOpacity: 0.06 } }).addTo(carte);
  });
  var p = new URLSearchParams();
  p.set(t.niveau, t.code);
  p.set("niveau", c.enfant);
  if (c.enfant === "grille" && t.bbox) { p.set("bbox", t.bbox.join(",")); p.set("zoom", String(carte.getZoom())); }
  fetch(c.api.agregats + "?" + p.toString()).then(function (r) { return r.json(); }).then(function (rep) {
    rep.groupes.forEach(function (g) {
      var el = document.createElement("div");
      el.className = "bulle bulle--" + rep.niveau + (g.n === 1 && rep.niveau === "grille" ? " bulle--lieu" : "");
      el.setAttribute("data-n", String(g.n));
      var d = g.n === 1 && rep.niveau === "grille" ? 18 : Math.round(30 + 7 * Math.log10(g.n + 1));
      el.style.width = el.style.height = d + "px";
      if (!(g.n === 1 && rep.niveau === "grille")) {
        var s = document.createElement("span");
        s.className = "bulle__texte";
        s.textContent = g.n.toLocaleString("fr-FR");
        el.appendChild(s);
      }
      L.marker([g.lat, g.lon], { icon: L.divIcon({ html: el, className: "bulle-icone", iconSize: [d, d] }),
        keyboard: false, title: (g.nom ? g.nom + " : " : "") + g.n.toLocaleString("fr-FR") + (g.n > 1 ? " lieux" : " lieu") }).addTo(carte);
    });
  });
})();
