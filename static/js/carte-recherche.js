/* Search box of the map: communes and postcodes from our API (offline), lieux by name (our API), street addresses
 * from the BAN through our server when it answers, in the shared suggestion list (combobox.js: arrows, Enter,
 * Escape, textContent only). A commune or an address is handed to carte.js (window.carteMediation), which moves the
 * map and the list; a lieu opens its page.
 */
(function () {
  "use strict";

  var noeudConfig = document.getElementById("carte-config");
  if (!noeudConfig || !window.carteMediation || !window.listeDeSuggestions) return;
  var config = JSON.parse(noeudConfig.textContent);
  var controleurRecherche = null;

  function lire(url, signal) {
    return fetch(url, { signal: signal }).then(function (r) { return r.ok ? r.json() : { resultats: [] }; })
      .then(function (d) { return d.resultats || []; });
  }

  // communes (offline) and lieux by name come together, then street addresses are added when the BAN answers
  function chercher(texte, afficher) {
    if (controleurRecherche) controleurRecherche.abort();
    controleurRecherche = new AbortController();
    var signal = controleurRecherche.signal;
    var q = "?q=" + encodeURIComponent(texte);
    var long = texte.length >= 3 && !/^\d{1,5}$/.test(texte);
    var communes = lire(config.api.communes + q, signal).catch(function () { return []; });
    var lieux = config.api.lieux && long ? lire(config.api.lieux + q, signal).catch(function () { return []; })
      : Promise.resolve([]);
    var locaux = Promise.all([communes, lieux]).then(function (r) { return r[0].concat(r[1]); });
    locaux.then(function (l) { if (!signal.aborted) afficher(l); });
    if (long) {
      lire(config.api.adresses + q, signal).then(function (a) {
        var rues = a.filter(function (x) { return x.nature !== "municipality"; });
        if (!rues.length) return;
        return locaux.then(function (l) { if (!signal.aborted) afficher(l.concat(rues)); });
      }).catch(function () { /* addresses are optional (offline, BAN down) */ });
    }
  }

  var saisie = document.getElementById("recherche-q");
  window.listeDeSuggestions({
    saisie: saisie,
    liste: document.getElementById("recherche-suggestions"),
    statut: document.getElementById("recherche-statut"),
    prefixe: "suggestion-",
    classe: "carte-suggestions__option",
    chercher: chercher,
    remplir: function (li, s) {
      if (s.type === "commune") li.textContent = s.libelle + " — " + s.departement;
      else if (s.type === "lieu") li.textContent = s.libelle + " — lieu, " + s.commune;
      else li.textContent = s.libelle;
    },
    choisir: function (s) {
      saisie.value = s.libelle;
      if (s.type === "lieu") window.location.assign(s.lien);
      else if (s.type === "commune") window.carteMediation.choisirCommune(s);
      else window.carteMediation.choisirAdresse(s);
    },
    entreeChoisitLaPremiere: true
  });
})();
