/* Carte des lieux de médiation numérique : drill-down région → département → commune → lieux.
 *
 * The server does the work (counts and grid clusters, lieux/agregation.py); this script only draws what
 * /api/v1/carte/agregats/ returns, swaps in the side panel rendered by /carte/panneau/, and keeps the URL in step
 * (pushState on a choice, replaceState on a pan or zoom, popstate restores). Everything shown that comes from the
 * data is set with textContent or as attributes: never parsed as HTML, except the panel, escaped by Django.
 * The map is hidden from assistive technologies (aria-hidden): the side panel is the accessible view. After each
 * panel update, one short sentence goes to the #carte-statut status message (never the whole panel), the document
 * title names the territory, and a link followed inside the panel leaves the focus on the panel's heading.
 * On a narrow screen the map may be hidden (the list view): a hidden map has no size, so its zoom means nothing and
 * neither the URL nor the territory follow it until it is shown again.
 */
(function () {
  "use strict";

  var noeudConfig = document.getElementById("carte-config");
  if (!noeudConfig || typeof L === "undefined" || !window.carteEtat) return;
  var config = JSON.parse(noeudConfig.textContent);
  var P = window.carteEtat.noms;  // the server's parameter names (lieux/parametres.py)
  var SORTIE = { region: 5, departement: 7, commune: 9 };  // zooming out below this leaves the territory
  var FRANCE = config.emprise || [[41.3, -5.2], [51.1, 9.6]];  // an embed's territory (embed) or France

  var panneau = document.getElementById("panneau");
  var formFiltres = document.getElementById("form-filtres");
  var etat = lireEtat(location.search);
  var derniereReponse = null;
  var controleurBulles = null;
  var controleurPanneau = null;
  var premierChargement = true;
  var focaliserTitre = false;  // a link in the panel was followed: the next panel takes the focus on its heading
  var statut = document.getElementById("carte-statut");
  var titreBase = (function () {
    var contenu = document.getElementById("panneau-contenu");
    var nom = contenu ? contenu.getAttribute("data-titre") : "";
    return nom && document.title.indexOf(nom + " — ") === 0 ? document.title.slice(nom.length + 3) : document.title;
  })();

  // ---------------------------------------------------------------- state <-> URL (static/js/carte-etat.js)
  function lireEtat(recherche) { return window.carteEtat.lire(recherche); }

  function parametres(avecVue) {
    if (!(avecVue && carte)) return window.carteEtat.ecrire(etat, null);
    // a hidden map's view is no view: the server then follows the territory
    return window.carteEtat.ecrire(etat, carteVisible() ? { centre: carte.getCenter(), zoom: carte.getZoom() }
      : { centre: null });
  }

  function ecrireUrl(pousser) {
    var url = location.pathname + "?" + parametres(true).toString();
    if (pousser) history.pushState({ carte: true }, "", url);
    else history.replaceState({ carte: true }, "", url);
  }

  // ---------------------------------------------------------------- the map
  var carte = L.map("carte", { keyboard: false, minZoom: 3, maxZoom: 19, zoomSnap: 1, worldCopyJump: true,
    zoomControl: false });
  // Leaflet's own words are English: the controls speak French, the library's name is marked as English
  L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(carte);
  carte.attributionControl.setPrefix('<a href="https://leafletjs.com" hreflang="en" lang="en" ' +
    'title="Leaflet : bibliothèque de cartes interactives">Leaflet</a>');
  L.tileLayer(config.tuiles.url, { attribution: config.tuiles.attribution, maxZoom: 19 }).addTo(carte);
  carte.on("popupopen", function (e) {
    var fermer = e.popup.getElement() && e.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (fermer) { fermer.setAttribute("aria-label", "Fermer"); fermer.setAttribute("title", "Fermer"); }
  });
  window.carteDecorative(carte);
  var coucheBulles = L.layerGroup().addTo(carte);
  var coucheContour = L.layerGroup().addTo(carte);
  var marqueurPoint = null;

  function carteVisible() { return carte.getSize().x > 0 && carte.getSize().y > 0; }

  function bboxVisible() {
    var b = carte.getBounds().pad(0.15);
    var o = Math.max(-180, b.getWest()), e = Math.min(180, b.getEast());
    return [o, Math.max(-90, b.getSouth()), e, Math.min(90, b.getNorth())].map(function (x) { return x.toFixed(4); }).join(",");
  }

  // bubbles and popups: static/js/carte-bulles.js
  var bulles = window.carteBulles;
  var formater = bulles.formater;

  var uidPopup = null;  // the lieu whose popup is open: its marker is kept when the bubbles are redrawn
  var marqueurOuvert = null;

  function afficherBulles(reponse) {
    derniereReponse = reponse;
    var uidOuvert = uidPopup;
    var niveau = reponse.niveau;
    // the open popup stays as it is (no flicker after its own pan) when its lieu is still shown
    var garde = uidOuvert !== null && marqueurOuvert && niveau === "grille" &&
      reponse.groupes.some(function (g) { return g.n === 1 && g.uid === uidOuvert; }) ? marqueurOuvert : null;
    coucheBulles.eachLayer(function (couche) { if (couche !== garde) coucheBulles.removeLayer(couche); });
    reponse.groupes.forEach(function (g) {
      if (garde && g.n === 1 && g.uid === uidOuvert) return;
      var titre = g.nom ? g.nom + " : " + formater(g.n) + (g.n > 1 ? " lieux" : " lieu") : formater(g.n) + " lieux";
      if (niveau === "grille" && g.n === 1) titre = bulles.description(g);  // its name, state and kind
      var m = L.marker([g.lat, g.lon], { icon: bulles.icone(g, niveau), keyboard: false, title: titre, riseOnHover: true });
      if (niveau === "grille" && g.n === 1) {
        // the map pans to show the whole popup, away from the map's edges and its controls
        m.bindPopup(bulles.popupLieu(g, config.api.fiche), { autoPan: true, autoPanPaddingTopLeft: [56, 24],
          autoPanPaddingBottomRight: [24, 24], maxWidth: 280 });
        m.on("popupopen", function () { uidPopup = g.uid; marqueurOuvert = m; });
        m.on("popupclose", function () { if (uidPopup === g.uid) { uidPopup = null; marqueurOuvert = null; } });
      } else if (niveau === "grille") {
        m.on("click", function () { carte.setView([g.lat, g.lon], Math.min(carte.getZoom() + 2, 19)); });
      } else {
        m.on("click", function () { selectionner(niveau, g.code, g.bbox, [g.lat, g.lon], true); });
      }
      m.addTo(coucheBulles);
      if (uidOuvert !== null && g.uid === uidOuvert) m.openPopup();
    });
    if (niveau === "region") majOutreMer(reponse.groupes);
    document.body.setAttribute("data-carte-niveau", niveau);
    document.body.setAttribute("data-carte-total", String(reponse.total));
    document.body.setAttribute("data-carte-prete", "1");
    if (!document.body.hasAttribute("data-carte-premieres-bulles-ms"))  // measured by bench/bench_5_carte.py
      document.body.setAttribute("data-carte-premieres-bulles-ms", String(Math.round(performance.now())));
  }

  function chargerBulles() {
    if (!carteVisible()) return Promise.resolve();  // map hidden (the list on a narrow screen): no box to count in
    if (controleurBulles) controleurBulles.abort();
    controleurBulles = new AbortController();
    var p = parametres(false);
    p.set(P.zoom, String(carte.getZoom()));
    p.set(P.bbox, bboxVisible());
    document.body.setAttribute("data-carte-prete", "0");
    return fetch(config.api.agregats + "?" + p.toString(), { headers: { Accept: "application/json" },
      signal: controleurBulles.signal })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(afficherBulles)
      .catch(function (err) { if (err.name !== "AbortError") document.body.setAttribute("data-carte-erreur", String(err)); });
  }

  // ---------------------------------------------------------------- territory outline and selection
  function chargerContour() {
    coucheContour.clearLayers();
    if (!etat.territoire) return;
    var t = etat.territoire;
    fetch(config.api.territoire + t.niveau + "/" + encodeURIComponent(t.code) + "/", { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (feature) {
        if (!feature || !etat.territoire || etat.territoire.code !== t.code) return;
        coucheContour.clearLayers();
        L.geoJSON(feature, { interactive: false, style: { color: "#000091", weight: 3, fillOpacity: 0.06 } }).addTo(coucheContour);
      })
      .catch(function () { /* the outline is a nicety */ });
  }

  function allerA(bbox, point, zoomPoint) {
    if (bbox) carte.fitBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]], { maxZoom: 14 });
    else if (point) carte.setView(point, zoomPoint || 13);
  }

  // Runs `deplacement` (setView, fitBounds…). An animated move starts on the next animation frame and ends with
  // moveend, which refreshes; when the map does not move at all, refresh here.
  function deplacerPuisRafraichir(deplacement) {
    var bouge = false;
    var temoin = function () { bouge = true; };
    carte.once("movestart", temoin);
    deplacement();
    setTimeout(function () {
      carte.off("movestart", temoin);
      if (!bouge) rafraichir();
    }, 120);
  }

  function selectionner(niveau, code, bbox, point, pousser) {
    etat.territoire = niveau ? { niveau: niveau, code: code } : null;
    etat.page = 1;
    if (pousser) ecrireUrl(true);
    chargerContour();
    deplacerPuisRafraichir(function () {
      if (!niveau) carte.fitBounds(FRANCE);
      else allerA(bbox, point, 13);
    });
  }

  function remonterSiDezoome() {
    if (!etat.territoire || carte.getZoom() >= SORTIE[etat.territoire.niveau]) return false;
    var parents = Array.prototype.slice.call(panneau.querySelectorAll(".fr-breadcrumb a[data-code]"))
      .filter(function (a) { return a.getAttribute("data-niveau"); });
    var parent = parents.length ? parents[parents.length - 1] : null;
    etat.territoire = parent ? { niveau: parent.getAttribute("data-niveau"), code: parent.getAttribute("data-code") } : null;
    etat.page = 1;
    chargerContour();
    return true;
  }

  // ---------------------------------------------------------------- side panel
  function chargerPanneau() {
    if (controleurPanneau) controleurPanneau.abort();
    controleurPanneau = new AbortController();
    var p = parametres(true);
    if (carteVisible()) p.set(P.bbox, bboxVisible());  // a hidden map has no box: the list follows its centre
    panneau.setAttribute("aria-busy", "true");
    return fetch(config.api.panneau + "?" + p.toString(), { headers: { "HX-Request": "true" }, signal: controleurPanneau.signal })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.text(); })
      .then(function (html) {
        // the focus inside the panel would fall to <body> with the old content: it goes to the new heading
        if (panneau.contains(document.activeElement)) focaliserTitre = true;
        panneau.innerHTML = html;
        panneau.setAttribute("aria-busy", "false");
        apresPanneau();
      })
      .catch(function (err) {
        if (err.name !== "AbortError") panneau.setAttribute("aria-busy", "false");
      });
  }

  // what follows the panel: the status message, the title, the filters' summary, the focus
  function apresPanneau() {
    var contenu = document.getElementById("panneau-contenu");
    if (!contenu) return;
    var nom = contenu.getAttribute("data-titre");
    document.title = (nom && titreBase.indexOf(nom) === -1 ? nom + " — " : "") + titreBase;
    if (statut.textContent !== contenu.getAttribute("data-statut")) statut.textContent = contenu.getAttribute("data-statut");
    var resume = document.getElementById("resume-filtres");
    if (resume) resume.textContent = contenu.getAttribute("data-resume-filtres");
    var libelle = document.getElementById("libelle-filtres");
    if (libelle) libelle.textContent = contenu.getAttribute("data-filtres-actifs") !== "0" ? "Modifier les filtres" : "Filtrer les lieux";
    if (focaliserTitre) {
      focaliserTitre = false;
      var titre = document.getElementById("titre-panneau");
      titre.setAttribute("tabindex", "-1");
      titre.focus();
    }
  }

  panneau.addEventListener("click", function (ev) {
    var a = ev.target.closest("a");
    if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    if (a.hasAttribute("data-code") && a.closest(".fr-breadcrumb, #liste-territoires")) {
      ev.preventDefault();
      focaliserTitre = true;
      var niveau = a.getAttribute("data-niveau"), code = a.getAttribute("data-code");
      var groupe = derniereReponse && derniereReponse.groupes.filter(function (g) { return g.code === code; })[0];
      if (niveau === "region" || niveau === "departement") {
        var t = niveau === "region" && config.drom.filter(function (d) { return d.code === code; })[0];
        selectionner(niveau, code, (groupe && groupe.bbox) || (t && t.bbox) || null, groupe ? [groupe.lat, groupe.lon] : null, true);
        if (!groupe && !t) rafraichirApresServeur(niveau, code);
      } else if (niveau === "commune") {
        selectionner(niveau, code, null, groupe ? [groupe.lat, groupe.lon] : null, true);
        if (!groupe) rafraichirApresServeur(niveau, code);
      } else {
        selectionner(null, null, null, null, true);
      }
    } else if (a.hasAttribute("data-sans")) {
      ev.preventDefault();
      focaliserTitre = true;
      var sans = lireEtat("?" + a.getAttribute("data-sans"));
      etat.filtres = sans.filtres;
      etat.point = sans.point;
      etat.page = 1;
      synchroniserFormulaire();
      ecrireUrl(true);
      rafraichir();
    } else if (a.hasAttribute("data-page")) {
      ev.preventDefault();
      etat.page = parseInt(a.getAttribute("data-page"), 10) || 1;
      ecrireUrl(true);
      chargerPanneau().then(function () {
        var t = document.getElementById("titre-liste");
        if (t && document.getElementById("panneau-contenu")) { t.setAttribute("tabindex", "-1"); t.focus(); }
      });
    }
  });

  function rafraichirApresServeur(niveau, code, fini) {
    // a territory we have no box for: ask the outline, then fit it
    fetch(config.api.territoire + niveau + "/" + encodeURIComponent(code) + "/")
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (f) { if (f && f.properties.bbox) allerA(f.properties.bbox, null); })
      .catch(function () { /* the map stays where it is */ })
      .then(function () { if (fini) fini(); });
  }

  // ---------------------------------------------------------------- filters form (read and set: carte-etat.js)
  function synchroniserFormulaire() { window.carteEtat.versFormulaire(formFiltres, etat.filtres); }

  window.carteEtat.brancherFormulaire(formFiltres, document.getElementById("reinitialiser-filtres"),
    function () { return etat; }, function () { ecrireUrl(true); rafraichir(); });

  // ---------------------------------------------------------------- overseas selector (carte-bulles.js)
  function majOutreMer(groupes) {
    bulles.outreMer(document.getElementById("carte-outremer"), config.drom, groupes, function (d, g) {
      selectionner("region", d.code, d.bbox, g ? [g.lat, g.lon] : null, true);
    });
  }

  // ---------------------------------------------------------------- search results (the box: carte-recherche.js)
  function choisirCommune(s) {
    etat.point = null;
    selectionner("commune", s.code, s.bbox, [s.lat, s.lon], true);
  }

  function choisirAdresse(s) {
    etat.territoire = null;
    etat.point = { lat: s.lat, lon: s.lon, distance: "", adresse: s.libelle };
    etat.page = 1;
    ecrireUrl(true);
    chargerContour();
    placerPoint();
    carte.setView([s.lat, s.lon], 15);
  }

  function placerPoint() {
    if (marqueurPoint) { carte.removeLayer(marqueurPoint); marqueurPoint = null; }
    if (etat.point) {
      marqueurPoint = L.circleMarker([etat.point.lat, etat.point.lon], { radius: 8, color: "#fff", weight: 3,
        fillColor: "#e1000f", fillOpacity: 1, interactive: false }).addTo(carte);
    }
  }

  // ---------------------------------------------------------------- small screens: list or map
  var bascule = document.getElementById("bascule-vue");
  var miseEnPage = document.querySelector(".carte-mise-en-page");
  bascule.hidden = false;
  function appliquerVue() {
    var vue = etat.vue === "carte" ? "carte" : "liste";
    miseEnPage.setAttribute("data-vue", vue);
    bascule.textContent = vue === "carte" ? "Afficher la liste" : "Afficher la carte";
    carte.invalidateSize();
  }
  // the map shown again (the toggle, a wider window): it frames the territory kept meanwhile
  var cadrage = false;  // until then, the map's zoom says nothing of the territory: it is not left on a zoom-out
  carte.on("resize", function (e) {
    if (!(e.oldSize.x && e.oldSize.y) && e.newSize.x && e.newSize.y) {
      cadrage = true;
      deplacerPuisRafraichir(function () { cadrer(function () { cadrage = false; }); });
    }
  });
  bascule.addEventListener("click", function () {
    etat.vue = etat.vue === "carte" ? "liste" : "carte";
    appliquerVue();
    ecrireUrl(false);
  });

  // ---------------------------------------------------------------- wiring
  function rafraichir() {
    chargerBulles();
    chargerPanneau();
  }

  var attente = null;
  carte.on("moveend", function () {
    clearTimeout(attente);
    attente = setTimeout(function () {
      var remonte = carteVisible() && !cadrage && remonterSiDezoome();
      if (!premierChargement) etat.page = remonte ? 1 : etat.page;
      ecrireUrl(false);
      if (premierChargement && config.initial) {
        afficherBulles(config.initial);  // the national counts came with the page: no round trip
      } else {
        rafraichir();
      }
      premierChargement = false;
    }, premierChargement ? 0 : 200);
  });

  window.addEventListener("popstate", function () {
    etat = lireEtat(location.search);
    synchroniserFormulaire();
    appliquerVue();
    chargerContour();
    placerPoint();
    deplacerPuisRafraichir(vueInitiale);
  });

  function vueInitiale() {
    if (etat.centre && etat.zoom !== null) carte.setView(etat.centre, etat.zoom);
    else cadrer();
  }

  // the map on the searched point, the territory, or the whole extent
  function cadrer(fini) {
    fini = fini || function () {};
    if (etat.point) carte.setView([etat.point.lat, etat.point.lon], 14);
    else if (etat.territoire && config.territoire && config.territoire.code === etat.territoire.code && config.territoire.bbox)
      allerA(config.territoire.bbox, null);
    else if (etat.territoire) return rafraichirApresServeur(etat.territoire.niveau, etat.territoire.code, fini);
    else carte.fitBounds(FRANCE);
    fini();
  }

  var legende = document.getElementById("carte-legende");
  if (legende) legende.hidden = false;

  appliquerVue();
  chargerContour();
  placerPoint();
  vueInitiale();
  window.carteMediation = { carte: carte, etat: function () { return etat; },
    choisirCommune: choisirCommune, choisirAdresse: choisirAdresse };
})();
