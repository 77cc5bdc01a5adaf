/* Bubbles and popups of the map (carte.js): a count per territory or grid cell; a lone lieu as a marker that says
 * whether it is open now (✓ open, ✕ closed, ? unknown: a symbol and a colour), and with a letter whether it is a
 * France Services (F), a Conseiller numérique (C), and a corner « R » when it takes appointments online (the legend
 * in templates/lieux/_carte.html spells them out). Everything from the data is set with textContent or as
 * attributes, never parsed as HTML (a lieu named <img onerror=…> stays text).
 */
(function () {
  "use strict";

  var ETATS = {
    ouvert: { symbole: "✓", libelle: "Ouvert maintenant" },
    ferme: { symbole: "✕", libelle: "Fermé maintenant" },
    inconnu: { symbole: "?", libelle: "Horaires inconnus" }
  };

  function formater(n) { return n.toLocaleString("fr-FR"); }
  function abrege(n) {
    if (n >= 100000) return Math.round(n / 1000) + " k";
    if (n >= 10000) return (Math.round(n / 100) / 10).toLocaleString("fr-FR") + " k";
    return formater(n);
  }

  function span(classe, texte) {
    var el = document.createElement("span");
    el.className = classe;
    el.textContent = texte;
    return el;
  }

  function lettre(groupe) {
    if (groupe.france_services) return "F";
    if (groupe.conseiller_numerique) return "C";
    return "";
  }

  // the marker of one lieu: also used by the legend (window.carteBulles.marqueurLieu)
  function marqueurLieu(groupe) {
    var etat = ETATS[groupe.etat] ? groupe.etat : "inconnu";
    var el = document.createElement("div");
    el.className = "bulle bulle--grille bulle--lieu bulle--" + etat;
    el.setAttribute("data-etat", etat);
    // the letter in the middle and the state in a corner; without a letter, the state in the middle
    el.appendChild(span("bulle__lettre", lettre(groupe) || ETATS[etat].symbole));
    if (lettre(groupe)) el.appendChild(span("bulle__etat", ETATS[etat].symbole));
    if (groupe.rdv) el.appendChild(span("bulle__rdv", "R"));
    return el;
  }

  function icone(groupe, niveau) {
    var lieu = groupe.n === 1 && niveau === "grille";
    var conteneur, d;
    if (lieu) {
      conteneur = marqueurLieu(groupe);
      d = 28;
    } else {
      conteneur = document.createElement("div");
      conteneur.className = "bulle bulle--" + niveau;
      conteneur.appendChild(span("bulle__texte", abrege(groupe.n)));
      d = Math.round(30 + 7 * Math.log10(groupe.n + 1));
    }
    conteneur.setAttribute("data-n", String(groupe.n));
    conteneur.setAttribute("data-niveau", niveau);
    if (groupe.code) conteneur.setAttribute("data-code", groupe.code);
    if (groupe.uid) conteneur.setAttribute("data-uid", String(groupe.uid));
    conteneur.style.width = conteneur.style.height = d + "px";
    return L.divIcon({ html: conteneur, className: "bulle-icone", iconSize: [d, d] });
  }

  // what a lone lieu's marker says, in words (its title, read on hover)
  function description(groupe) {
    var etat = ETATS[groupe.etat] ? groupe.etat : "inconnu";
    var morceaux = [groupe.nom, ETATS[etat].libelle];
    if (groupe.france_services) morceaux.push("France Services");
    if (groupe.conseiller_numerique) morceaux.push("Conseiller numérique");
    if (groupe.rdv) morceaux.push("Rendez-vous en ligne");
    return morceaux.join(" — ");
  }

  function popupLieu(groupe, urlFiche) {
    var div = document.createElement("div");
    div.className = "popup-lieu";
    var nom = document.createElement("p");
    nom.className = "popup-lieu__nom fr-text--bold fr-mb-1v";
    nom.textContent = groupe.nom;
    div.appendChild(nom);
    var etat = ETATS[groupe.etat] ? groupe.etat : "inconnu";
    var p = document.createElement("p");
    p.className = "popup-lieu__etat popup-lieu__etat--" + etat + " fr-text--sm fr-mb-1v";
    p.textContent = ETATS[etat].symbole + " " + ETATS[etat].libelle + (groupe.detail ? " · " + groupe.detail : "");
    div.appendChild(p);
    var types = [];
    if (groupe.france_services) types.push("France Services");
    if (groupe.conseiller_numerique) types.push("Conseiller numérique");
    if (groupe.rdv) types.push("Rendez-vous en ligne");
    if (types.length) {
      var t = document.createElement("p");
      t.className = "popup-lieu__types fr-text--sm fr-mb-1v";
      t.textContent = types.join(" · ");
      div.appendChild(t);
    }
    var lien = document.createElement("a");
    lien.href = urlFiche + encodeURIComponent(groupe.uid) + "/";
    lien.textContent = "Voir la fiche du lieu";
    div.appendChild(lien);
    return div;
  }

  // the overseas régions as buttons beside the map (they are off its frame), with their counts; `choisir(d, g)`
  function outreMer(element, drom, groupes, choisir) {
    var liste = element.querySelector("ul");
    liste.textContent = "";
    drom.forEach(function (d) {
      var g = groupes.filter(function (x) { return x.code === d.code; })[0];
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "fr-btn fr-btn--tertiary fr-btn--sm";
      b.setAttribute("tabindex", "-1");  // the same regions are links in the accessible list
      b.setAttribute("data-code", d.code);
      b.textContent = d.nom + (g ? " (" + formater(g.n) + ")" : "");
      b.addEventListener("click", function () { choisir(d, g); });
      li.appendChild(b);
      liste.appendChild(li);
    });
    element.hidden = false;
  }

  window.carteBulles = { formater: formater, icone: icone, popupLieu: popupLieu, description: description,
    marqueurLieu: marqueurLieu, outreMer: outreMer };
})();
