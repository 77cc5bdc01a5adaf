/* Orientation path, enhanced with JavaScript (everything also works without it):
   - the error summary gets the focus;
   - address autocomplete (communes offline + BAN addresses when online) as an ARIA 1.2 combobox;
   - « Me géolocaliser »;
   - « Toute la journée » hides the hour fields of its slot.
   The live count is htmx (hx-get on the form, out-of-band swap of the panel). */
(function () {
  "use strict";

  var resume = document.getElementById("resume-erreurs");
  if (resume) { resume.focus(); }

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

  /* --- autocomplete ------------------------------------------------------------------------------------------- */
  var champ = document.getElementById("adresse");
  var liste = document.getElementById("suggestions-adresse");
  var statut = document.getElementById("suggestions-statut");
  if (champ && liste) {
    var suggestions = [], actif = -1, minuteur = null, requete = 0;

    var fermer = function () {
      liste.hidden = true; liste.innerHTML = ""; suggestions = []; actif = -1;
      champ.setAttribute("aria-expanded", "false");
      champ.removeAttribute("aria-activedescendant");
    };

    var marquer = function (i) {
      actif = i;
      Array.prototype.forEach.call(liste.children, function (li, j) {
        li.setAttribute("aria-selected", j === i ? "true" : "false");
      });
      if (i >= 0) {
        champ.setAttribute("aria-activedescendant", "suggestion-" + i);
        liste.children[i].scrollIntoView({ block: "nearest" });
      } else {
        champ.removeAttribute("aria-activedescendant");
      }
    };

    var choisir = function (i) {
      var s = suggestions[i];
      if (!s) { return; }
      poserPoint(s.libelle, s.lat, s.lon);
      statut.textContent = "Lieu choisi : " + s.libelle;
      fermer();
    };

    var afficher = function (resultats) {
      liste.innerHTML = ""; suggestions = resultats; actif = -1;
      resultats.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = "suggestion-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = s.libelle;
        var type = document.createElement("span");
        type.className = "orientation-suggestions__type";
        type.textContent = s.type === "commune" ? "Commune" + (s.departement ? " — " + s.departement : "") : "Adresse";
        li.appendChild(type);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choisir(i); });
        liste.appendChild(li);
      });
      var ouvert = resultats.length > 0;
      liste.hidden = !ouvert;
      champ.setAttribute("aria-expanded", ouvert ? "true" : "false");
      statut.textContent = ouvert ? resultats.length + " suggestion" + (resultats.length > 1 ? "s" : "") +
        " : flèches haut et bas pour parcourir, Entrée pour choisir." : "Aucune suggestion.";
    };

    var lire = function (url) {
      return fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { resultats: [] }; })
        .then(function (d) { return d.resultats || []; })
        .catch(function () { return []; });
    };

    var chercher = function () {
      var texte = champ.value.trim();
      if (texte.length < 3) { fermer(); return; }
      var numero = ++requete;
      var q = "?q=" + encodeURIComponent(texte);
      Promise.all([lire(champ.dataset.apiCommunes + q), lire(champ.dataset.apiAdresses + q)]).then(function (r) {
        if (numero !== requete) { return; }
        var communes = r[0].slice(0, 5).map(function (c) {
          return { type: "commune", libelle: c.codes_postaux && c.codes_postaux.length ? c.nom + " (" + c.codes_postaux[0] + ")" : c.nom,
                   departement: c.departement, lat: c.lat, lon: c.lon };
        });
        var adresses = r[1].filter(function (a) { return a.nature !== "municipality"; }).slice(0, 5);
        afficher(communes.concat(adresses));
      });
    };

    champ.addEventListener("input", function () {
      clearTimeout(minuteur);
      minuteur = setTimeout(chercher, 300);
    });
    champ.addEventListener("keydown", function (e) {
      if (liste.hidden) {
        if (e.key === "ArrowDown" && champ.value.trim().length >= 3) { chercher(); e.preventDefault(); }
        return;
      }
      if (e.key === "ArrowDown") { marquer(Math.min(actif + 1, suggestions.length - 1)); e.preventDefault(); }
      else if (e.key === "ArrowUp") { marquer(Math.max(actif - 1, 0)); e.preventDefault(); }
      else if (e.key === "Enter" && actif >= 0) { choisir(actif); e.preventDefault(); }
      else if (e.key === "Escape") { fermer(); e.preventDefault(); }
    });
    champ.addEventListener("blur", function () { setTimeout(fermer, 150); });
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
