/* The map's state in the URL and in the filter form (carte.js): read from a query string, written back; the form's
 * boxes read and set. The parameter names are the
 * server's, declared once in lieux/parametres.py and sent with the page (json_script "carte-parametres"): this
 * script never spells them. Filters are every parameter that is not page state (territory, point, view, page). */
(function () {
  "use strict";

  var noeud = document.getElementById("carte-parametres");
  if (!noeud) return;
  var P = JSON.parse(noeud.textContent);

  function lire(recherche) {
    var p = new URLSearchParams(recherche);
    var e = { territoire: null, filtres: new URLSearchParams(), centre: null, zoom: null, page: 1, point: null,
      vue: p.get(P.vue) || "" };
    P.niveaux.some(function (n) {  // the finest first
      if (p.get(n)) { e.territoire = { niveau: n, code: p.get(n) }; return true; }
      return false;
    });
    p.forEach(function (valeur, cle) {
      if (P.etat.indexOf(cle) === -1) e.filtres.append(cle, valeur);
    });
    if (p.get(P.territoire_type)) {  // the v6 form of a territory filters like any filter
      e.filtres.set(P.territoire_type, p.get(P.territoire_type));
      e.filtres.set(P.territoires, p.get(P.territoires) || "");
    }
    if (p.get(P.centre)) {
      var c = p.get(P.centre).split(",").map(Number);
      if (c.length === 2 && !isNaN(c[0]) && !isNaN(c[1])) e.centre = c;
    }
    if (p.get(P.zoom) && !isNaN(Number(p.get(P.zoom)))) e.zoom = Number(p.get(P.zoom));
    if (p.get(P.page)) e.page = Math.max(1, parseInt(p.get(P.page), 10) || 1);
    if (p.get(P.latitude) && p.get(P.longitude)) {
      e.point = { lat: Number(p.get(P.latitude)), lon: Number(p.get(P.longitude)),
        distance: p.get(P.distance) || "", adresse: p.get(P.adresse) || "" };
    }
    return e;
  }

  // `vue`: null (the filters, territory and point only), or {centre: L.LatLng or null, zoom} with the page and view
  function ecrire(etat, vue) {
    var p = new URLSearchParams(etat.filtres.toString());
    if (etat.territoire) p.set(etat.territoire.niveau, etat.territoire.code);
    if (etat.point) {
      p.set(P.latitude, String(etat.point.lat));
      p.set(P.longitude, String(etat.point.lon));
      if (etat.point.distance) p.set(P.distance, etat.point.distance);
      if (etat.point.adresse) p.set(P.adresse, etat.point.adresse);
    }
    if (vue) {
      if (vue.centre) {
        p.set(P.centre, vue.centre.lat.toFixed(5) + "," + vue.centre.lng.toFixed(5));
        p.set(P.zoom, String(vue.zoom));
      }
      if (etat.page > 1) p.set(P.page, String(etat.page));
      if (etat.vue) p.set(P.vue, etat.vue);
    }
    return p;
  }

  // the filters of the form's checked boxes, and those of `filtres` the form does not show (source, territoires…)
  function duFormulaire(formulaire, filtres) {
    var p = new URLSearchParams();
    formulaire.querySelectorAll("input[type=checkbox]:checked").forEach(function (c) { p.append(c.name, c.value); });
    filtres.forEach(function (v, k) {
      if (!formulaire.querySelector("input[type=checkbox][name='" + CSS.escape(k) + "']")) p.append(k, v);
    });
    return p;
  }

  function versFormulaire(formulaire, filtres) {
    formulaire.querySelectorAll("input[type=checkbox]").forEach(function (c) {
      c.checked = filtres.getAll(c.name).some(function (v) { return v.split(",").indexOf(c.value) !== -1; });
    });
  }

  // the filters form drives the state: a change is read into it (back to page 1), « Réinitialiser » empties it;
  // `etat()` gives the current state (replaced on history navigation), `apres()` writes the URL and reloads
  function brancherFormulaire(formulaire, reinit, etat, apres) {
    formulaire.addEventListener("change", function () {
      var e = etat();
      e.filtres = duFormulaire(formulaire, e.filtres);
      e.page = 1;
      apres();
    });
    formulaire.addEventListener("submit", function (ev) { ev.preventDefault(); });
    if (reinit) reinit.addEventListener("click", function (ev) {
      ev.preventDefault();
      var e = etat();
      e.filtres = new URLSearchParams();
      e.point = null;
      versFormulaire(formulaire, e.filtres);
      apres();
    });
  }

  window.carteEtat = { noms: P, lire: lire, ecrire: ecrire, duFormulaire: duFormulaire, versFormulaire: versFormulaire,
                       brancherFormulaire: brancherFormulaire };
})();
