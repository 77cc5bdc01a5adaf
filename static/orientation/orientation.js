/* Orientation path, enhanced with JavaScript (everything also works without it):
   - the error summary gets the focus (or, after « Rechercher », the place found);
   - address autocomplete (communes offline + BAN addresses when online) in the shared ARIA 1.2 combobox;
   - « Me géolocaliser »;
   - « Toute la journée » hides the hour fields of its slot.
   The live count is htmx (hx-get on the form, out-of-band swap of the panel). */
(function () {
  "use strict";

  var resume = document.getElementById("resume-erreurs");
  var trouve = location.hash === "#point-choisi" && document.getElementById("point-choisi");
  if (resume) { resume.focus(); }
  else if (trouve) { trouve.focus(); }  // « Rechercher » found the place: say it, rather than the top of the page

  var formulaire = document.getElementById("formulaire-etape");

  function changer(champ) {
    champ.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function poserPoint(libelle, lat, lon) {
    var f = formulaire;
    f.elements.adresse.value = libelle;
    f.elements.adresse_point.value = libelle;
    f.elements.longitude.value = lon;
    f.elements.latitude.value = lat;
    var choix = document.getElementById("choix-lieu");
    if (choix) { choix.remove(); }
    changer(f.elements.latitude);
  }

  /* --- autocomplete (the shared suggestion list, combobox.js) ---------------------------------------------------- */
  var champ = document.getElementById("adresse");
  var liste = document.getElementById("suggestions-adresse");
  var statut = document.getElementById("suggestions-statut");
  if (champ && liste && window.listeDeSuggestions) {
    var lire = function (url) {
      return fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { resultats: [] }; })
        .then(function (d) { return d.resultats || []; })
        .catch(function () { return []; });
    };

    window.listeDeSuggestions({
      saisie: champ,
      liste: liste,
      statut: statut,
      prefixe: "suggestion-",
      minimum: 3,
      delai: 300,
      chercher: function (texte, afficher) {
        var q = "?q=" + encodeURIComponent(texte);
        Promise.all([lire(champ.dataset.apiCommunes + q), lire(champ.dataset.apiAdresses + q)]).then(function (r) {
          var communes = r[0].slice(0, 5).map(function (c) {
            return { type: "commune", libelle: c.codes_postaux && c.codes_postaux.length ? c.nom + " (" + c.codes_postaux[0] + ")" : c.nom,
                     departement: c.departement, lat: c.lat, lon: c.lon };
          });
          var adresses = r[1].filter(function (a) { return a.nature !== "municipality"; }).slice(0, 5);
          afficher(communes.concat(adresses));
        });
      },
      remplir: function (li, s) {
        li.textContent = s.libelle;
        var type = document.createElement("span");
        type.className = "orientation-suggestions__type";
        type.textContent = s.type === "commune" ? "Commune" + (s.departement ? " — " + s.departement : "") : "Adresse";
        li.appendChild(type);
      },
      choisir: function (s) {
        poserPoint(s.libelle, s.lat, s.lon);
        statut.textContent = "Lieu choisi : " + s.libelle;
      }
    });
  }

  /* --- « Me géolocaliser » -------------------------------------------------------------------------------------- */
  var bouton = document.getElementById("me-geolocaliser");
  if (bouton && "geolocation" in navigator) {
    var annonce = document.getElementById("geolocalisation-statut");
    bouton.hidden = false;
    bouton.addEventListener("click", function () {
      annonce.textContent = "Recherche de votre position…";
      bouton.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        var lat = position.coords.latitude.toFixed(6), lon = position.coords.longitude.toFixed(6);
        fetch(bouton.dataset.urlPosition + "?latitude=" + lat + "&longitude=" + lon)
          .then(function (r) { return r.json(); })
          .catch(function () { return { libelle: "Ma position" }; })
          .then(function (d) {
            poserPoint(d.libelle || "Ma position", lat, lon);
            annonce.textContent = "Position trouvée : " + (d.libelle || "Ma position");
            bouton.disabled = false;
          });
      }, function () {
        annonce.textContent = "Votre position n'a pas pu être obtenue : saisissez une adresse, une commune ou un code postal.";
        bouton.disabled = false;
      }, { timeout: 10000, maximumAge: 60000 });
    });
  }

  /* --- « Toute la journée » ------------------------------------------------------------------------------------- */
  Array.prototype.forEach.call(document.querySelectorAll("[data-journee]"), function (caseJournee) {
    var ligne = caseJournee.closest(".orientation-creneau");
    var appliquer = function () { ligne.dataset.journee = caseJournee.checked ? "1" : "0"; };
    caseJournee.addEventListener("change", appliquer);
    appliquer();
  });
})();
