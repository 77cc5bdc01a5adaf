/* The suggestion list under a text field, as an ARIA 1.2 combobox (the map's search box, the orientation's address,
 * the territories of /integrer/). Typing asks `chercher` after a short pause (answers to an older text are dropped),
 * Down and Up move through the options (and wrap), Enter chooses, Escape or leaving the field closes the list, Down
 * on a closed list searches again. A live region, when given, announces how many suggestions came. Options are
 * written with textContent, never HTML.
 *
 *   var suggestions = window.listeDeSuggestions({
 *     saisie: input, liste: ul, prefixe: "suggestion-",       // the options' ids: prefixe + rank
 *     classe: "carte-suggestions__option",                   // optional; the active option gets classe + "--actif"
 *     minimum: 2, delai: 250,                                // characters before searching, pause in ms
 *     statut: p,                                             // optional live region (aria-live="polite")
 *     chercher: function (texte, afficher) { … afficher(resultats); },
 *     remplir: function (li, s) { … },                       // optional (default: s.libelle)
 *     choisir: function (s) { … },
 *     entreeChoisitLaPremiere: true                          // Enter with no active option takes the first one
 *   });                                                      // (otherwise Enter goes to the form)
 *   suggestions.fermer();
 */
(function () {
  "use strict";

  window.listeDeSuggestions = function (o) {
    var saisie = o.saisie, liste = o.liste;
    var minimum = o.minimum || 2;
    var suggestions = [], actif = -1, minuterie = null, demande = 0;

    function annoncer(texte) {
      if (o.statut) o.statut.textContent = texte;
    }

    function fermer() {
      liste.hidden = true;
      liste.textContent = "";
      suggestions = [];
      actif = -1;
      saisie.setAttribute("aria-expanded", "false");
      saisie.removeAttribute("aria-activedescendant");
    }

    function marquer(i) {
      actif = i;
      Array.prototype.forEach.call(liste.children, function (li, j) {
        li.setAttribute("aria-selected", j === i ? "true" : "false");
        if (o.classe) li.classList.toggle(o.classe + "--actif", j === i);
      });
      if (i >= 0) {
        saisie.setAttribute("aria-activedescendant", o.prefixe + i);
        liste.children[i].scrollIntoView({ block: "nearest" });
      } else {
        saisie.removeAttribute("aria-activedescendant");
      }
    }

    function choisir(i) {
      var s = suggestions[i];
      if (!s) return;
      fermer();
      o.choisir(s);
    }

    // a longer list starting with the same suggestions (communes first, then addresses) keeps the active one
    function afficher(resultats) {
      resultats = resultats || [];
      var garde = actif >= 0 && resultats[actif] === suggestions[actif] ? actif : -1;
      suggestions = resultats;
      liste.textContent = "";
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = o.prefixe + i;
        li.setAttribute("role", "option");
        if (o.classe) li.className = o.classe;
        if (o.remplir) o.remplir(li, s);
        else li.textContent = s.libelle;
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choisir(i); });
        liste.appendChild(li);
      });
      var ouvert = suggestions.length > 0;
      liste.hidden = !ouvert;
      saisie.setAttribute("aria-expanded", ouvert ? "true" : "false");
      marquer(garde);
      annoncer(ouvert ? suggestions.length + " suggestion" + (suggestions.length > 1 ? "s" : "") +
        " : flèches haut et bas pour parcourir, Entrée pour choisir." : "Aucune suggestion.");
    }

    function chercher() {
      var texte = saisie.value.trim();
      var numero = ++demande;
      if (texte.length < minimum) { fermer(); return; }
      o.chercher(texte, function (resultats) { if (numero === demande) afficher(resultats); });
    }

    saisie.addEventListener("input", function () {
      clearTimeout(minuterie);
      if (saisie.value.trim().length < minimum) { demande++; fermer(); return; }
      minuterie = setTimeout(chercher, o.delai || 250);
    });
    saisie.addEventListener("keydown", function (ev) {
      if (liste.hidden) {
        if (ev.key === "ArrowDown" && saisie.value.trim().length >= minimum) { ev.preventDefault(); chercher(); }
        return;
      }
      var n = suggestions.length;
      if (ev.key === "ArrowDown") { ev.preventDefault(); marquer((actif + 1) % n); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); marquer(actif <= 0 ? n - 1 : actif - 1); }
      else if (ev.key === "Escape") { ev.preventDefault(); fermer(); }
      else if (ev.key === "Enter" && (actif >= 0 || o.entreeChoisitLaPremiere)) {
        ev.preventDefault();
        choisir(Math.max(actif, 0));
      }
    });
    saisie.addEventListener("blur", function () { setTimeout(fermer, 150); });

    return { fermer: fermer, afficher: afficher };
  };
})();
