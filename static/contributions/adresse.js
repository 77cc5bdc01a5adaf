/* « Déclarer un lieu » / « Proposer une mise à jour »: suggestions under the address (Base Adresse Nationale, through
 * the site's /api/v1/recherche/adresses/) and under the commune (the site's offline commune search), in the shared
 * ARIA 1.2 combobox (static/js/combobox.js). Choosing an address fills the address, postcode, commune, the INSEE
 * code and the point; choosing a commune fills the commune, its postcode and INSEE code. Without JavaScript the
 * fields are plain inputs and the server finds the point and the commune when the form is sent.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("formulaire-contribution");
  if (!form || !script || !window.listeDeSuggestions || !window.fetch) return;
  var champs = form.elements;

  function lire(url) {
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { resultats: [] }; })
      .then(function (d) { return d.resultats || []; })
      .catch(function () { return []; });
  }

  // the point and INSEE code chosen belong to the address chosen: typing another one forgets them
  var choisis = false;
  function oublier() {
    if (!choisis) return;
    choisis = false;
    champs.code_insee.value = "";
    champs.latitude.value = "";
    champs.longitude.value = "";
  }

  function brancher(saisie, nom, chercher, choisir) {
    var liste = document.createElement("ul");
    liste.id = "suggestions-" + nom;
    liste.className = "contribution-suggestions";
    liste.setAttribute("role", "listbox");
    liste.setAttribute("aria-label", nom === "adresse" ? "Suggestions d'adresses" : "Suggestions de communes");
    liste.hidden = true;
    var statut = document.createElement("p");
    statut.className = "fr-sr-only";
    statut.setAttribute("aria-live", "polite");
    saisie.insertAdjacentElement("afterend", liste);
    liste.insertAdjacentElement("afterend", statut);
    saisie.setAttribute("role", "combobox");
    saisie.setAttribute("aria-autocomplete", "list");
    saisie.setAttribute("aria-expanded", "false");
    saisie.setAttribute("aria-controls", liste.id);
    saisie.addEventListener("input", oublier);
    window.listeDeSuggestions({
      saisie: saisie, liste: liste, statut: statut, prefixe: "suggestion-" + nom + "-",
      classe: "contribution-suggestions__option", minimum: 3, delai: 300,
      chercher: chercher,
      choisir: function (s) { choisir(s); choisis = true; statut.textContent = "Choisi : " + s.libelle; }
    });
  }

  if (champs.adresse) {
    brancher(champs.adresse, "adresse", function (texte, afficher) {
      lire(script.dataset.apiAdresses + "?q=" + encodeURIComponent(texte)).then(function (r) {
        afficher(r.filter(function (a) { return a.nature !== "municipality"; }).slice(0, 6));
      });
    }, function (a) {
      var coupe = a.code_postal ? a.libelle.indexOf(" " + a.code_postal) : -1;
      champs.adresse.value = coupe > 0 ? a.libelle.slice(0, coupe) : a.libelle;
      if (a.code_postal) champs.code_postal.value = a.code_postal;
      if (coupe > 0) champs.commune.value = a.libelle.slice(coupe + a.code_postal.length + 2);
      champs.code_insee.value = a.code_insee || "";
      champs.latitude.value = a.lat;
      champs.longitude.value = a.lon;
    });
  }
  [champs.code_postal].forEach(function (c) { if (c) c.addEventListener("input", oublier); });

  if (champs.commune) {
    brancher(champs.commune, "commune", function (texte, afficher) {
      lire(script.dataset.apiCommunes + "?q=" + encodeURIComponent(texte)).then(function (r) {
        afficher(r.slice(0, 6));
      });
    }, function (c) {
      champs.commune.value = c.nom;
      var postaux = c.codes_postaux || [];
      if (postaux.length && postaux.indexOf(champs.code_postal.value) < 0) champs.code_postal.value = postaux[0];
      champs.code_insee.value = c.code || "";
    });
  }
})();
