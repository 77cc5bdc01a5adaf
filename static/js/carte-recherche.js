/* Search box of the map: communes and postcodes from our API (offline), street addresses from the BAN through our
 * server when it answers, in the shared suggestion list (combobox.js: arrows, Enter, Escape, textContent only).
 * A choice is handed to carte.js (window.carteMediation), which moves the map and the list.
 */
(function () {
  "use strict";

  var noeudConfig = document.getElementById("carte-config");
  if (!noeudConfig || !window.carteMediation || !window.listeDeSuggestions) return;
  var config = JSON.parse(noeudConfig.textContent);
  var controleurRecherche = null;

  // communes first (offline), then the same list followed by street addresses when the BAN answers
  function chercher(texte, afficher) {
    if (controleurRecherche) controleurRecherche.abort();
    controleurRecherche = new AbortController();
    var signal = controleurRecherche.signal;
    var q = "?q=" + encodeURIComponent(texte);
    var communes = fetch(config.api.communes + q, { signal: signal }).then(function (r) { return r.json(); })
      .then(function (d) { return d.resultats; });
    communes.then(afficher).catch(function () {});
    if (texte.length >= 3 && !/^\d{1,5}$/.test(texte)) {
      fetch(config.api.adresses + q, { signal: signal }).then(function (r) { return r.json(); })
        .then(function (d) {
          return communes.catch(function () { return []; }).then(function (c) {
            afficher(c.concat(d.resultats.filter(function (a) { return a.nature !== "municipality"; })));
          });
        })
        .catch(function () { /* addresses are optional (offline, BAN down) */ });
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
    remplir: function (li, s) { li.textContent = s.type === "commune" ? s.libelle + " — " + s.departement : s.libelle; },
    choisir: function (s) {
      saisie.value = s.libelle;
      if (s.type === "commune") window.carteMediation.choisirCommune(s);
      else window.carteMediation.choisirAdresse(s);
    },
    entreeChoisitLaPremiere: true
  });
})();
