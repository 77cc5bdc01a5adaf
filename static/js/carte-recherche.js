/* Search box of the map: communes and postcodes from our API (offline), street addresses from the BAN through our
 * server when it answers; an ARIA combobox (arrows, Enter, Escape). Suggestions are set with textContent.
 * A choice is handed to carte.js (window.carteMediation), which moves the map and the list.
 */
(function () {
  "use strict";

  var noeudConfig = document.getElementById("carte-config");
  if (!noeudConfig || !window.carteMediation) return;
  var config = JSON.parse(noeudConfig.textContent);
  var saisie = document.getElementById("recherche-q");
  var listeSuggestions = document.getElementById("recherche-suggestions");
  var suggestions = [];
  var actif = -1;
  var minuterie = null;
  var controleurRecherche = null;

  function fermerSuggestions() {
    listeSuggestions.hidden = true;
    saisie.setAttribute("aria-expanded", "false");
    saisie.removeAttribute("aria-activedescendant");
    actif = -1;
  }

  function dessinerSuggestions() {
    listeSuggestions.textContent = "";
    suggestions.forEach(function (s, i) {
      var li = document.createElement("li");
      li.id = "suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === actif ? "true" : "false");
      li.className = "carte-suggestions__option" + (i === actif ? " carte-suggestions__option--actif" : "");
      li.textContent = s.type === "commune" ? s.libelle + " — " + s.departement : s.libelle;
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choisir(s); });
      listeSuggestions.appendChild(li);
    });
    listeSuggestions.hidden = suggestions.length === 0;
    saisie.setAttribute("aria-expanded", suggestions.length ? "true" : "false");
    if (actif >= 0) saisie.setAttribute("aria-activedescendant", "suggestion-" + actif);
  }

  function chercher(texte) {
    if (controleurRecherche) controleurRecherche.abort();
    controleurRecherche = new AbortController();
    var signal = controleurRecherche.signal;
    var q = "?q=" + encodeURIComponent(texte);
    var communes = fetch(config.api.communes + q, { signal: signal }).then(function (r) { return r.json(); })
      .then(function (d) { return d.resultats; });
    communes.then(function (c) { suggestions = c; actif = -1; dessinerSuggestions(); }).catch(function () {});
    if (texte.length >= 3 && !/^\d{1,5}$/.test(texte.trim())) {
      fetch(config.api.adresses + q, { signal: signal }).then(function (r) { return r.json(); })
        .then(function (d) {
          return communes.catch(function () { return []; }).then(function (c) {
            suggestions = c.concat(d.resultats.filter(function (a) { return a.nature !== "municipality"; }));
            dessinerSuggestions();
          });
        })
        .catch(function () { /* addresses are optional (offline, BAN down) */ });
    }
  }

  saisie.addEventListener("input", function () {
    clearTimeout(minuterie);
    var texte = saisie.value.trim();
    if (texte.length < 2) { suggestions = []; fermerSuggestions(); return; }
    minuterie = setTimeout(function () { chercher(texte); }, 250);
  });
  saisie.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" && suggestions.length) { ev.preventDefault(); actif = (actif + 1) % suggestions.length; dessinerSuggestions(); }
    else if (ev.key === "ArrowUp" && suggestions.length) { ev.preventDefault(); actif = (actif - 1 + suggestions.length) % suggestions.length; dessinerSuggestions(); }
    else if (ev.key === "Escape") { fermerSuggestions(); }
    else if (ev.key === "Enter" && suggestions.length && !listeSuggestions.hidden) { ev.preventDefault(); choisir(suggestions[Math.max(actif, 0)]); }
  });
  saisie.addEventListener("blur", function () { setTimeout(fermerSuggestions, 150); });


  function choisir(s) {
    saisie.value = s.libelle;
    fermerSuggestions();
    if (s.type === "commune") window.carteMediation.choisirCommune(s);
    else window.carteMediation.choisirAdresse(s);
  }
})();
