/* Bubbles and popups of the map (carte.js): a count per territory or grid cell, a lone lieu as a dot with its
 * name and a link to its page. Everything from the data is set with textContent or as attributes, never parsed as
 * HTML (a lieu named <img onerror=…> stays text).
 */
(function () {
  "use strict";

  function formater(n) { return n.toLocaleString("fr-FR"); }
  function abrege(n) {
    if (n >= 100000) return Math.round(n / 1000) + " k";
    if (n >= 10000) return (Math.round(n / 100) / 10).toLocaleString("fr-FR") + " k";
    return formater(n);
  }

  function icone(groupe, niveau) {
    var el = document.createElement("span");
    el.className = "bulle__texte";
    el.textContent = abrege(groupe.n);
    var d = groupe.n === 1 && niveau === "grille" ? 18 : Math.round(30 + 7 * Math.log10(groupe.n + 1));
    var conteneur = document.createElement("div");
    conteneur.className = "bulle bulle--" + niveau + (groupe.n === 1 && niveau === "grille" ? " bulle--lieu" : "");
    conteneur.setAttribute("data-n", String(groupe.n));
    conteneur.setAttribute("data-niveau", niveau);
    if (groupe.code) conteneur.setAttribute("data-code", groupe.code);
    if (groupe.uid) conteneur.setAttribute("data-uid", String(groupe.uid));
    if (!(groupe.n === 1 && niveau === "grille")) conteneur.appendChild(el);
    conteneur.style.width = conteneur.style.height = d + "px";
    return L.divIcon({ html: conteneur, className: "bulle-icone", iconSize: [d, d] });
  }

  function popupLieu(groupe, urlFiche) {
    var div = document.createElement("div");
    div.className = "popup-lieu";
    var nom = document.createElement("p");
    nom.className = "popup-lieu__nom fr-text--bold fr-mb-1v";
    nom.textContent = groupe.nom;
    var lien = document.createElement("a");
    lien.href = urlFiche + encodeURIComponent(groupe.uid) + "/";
    lien.textContent = "Voir la fiche du lieu";
    div.appendChild(nom);
    div.appendChild(lien);
    return div;
  }

  window.carteBulles = { formater: formater, icone: icone, popupLieu: popupLieu };
})();
