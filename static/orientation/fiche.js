/* Fiche d'orientation: « Imprimer » and « Copier le lien » (without JavaScript: Ctrl+P and the link field). */
(function () {
  "use strict";
  var imprimer = document.getElementById("imprimer");
  var copier = document.getElementById("copier-lien");
  var statut = document.getElementById("copie-statut");
  if (imprimer) {
    imprimer.hidden = false;
    imprimer.addEventListener("click", function () { window.print(); });
  }
  if (copier) {
    copier.hidden = false;
    copier.addEventListener("click", function () {
      var lien = copier.dataset.lien;
      var fini = function () { statut.textContent = "Lien copié dans le presse-papiers."; copier.textContent = "Lien copié"; };
      var repli = function () {
        var champ = document.getElementById("lien-fiche");
        champ.focus(); champ.select();
        try { document.execCommand("copy"); fini(); } catch (e) { statut.textContent = "Copiez le lien sélectionné (Ctrl + C)."; }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(lien).then(fini, repli);
      } else {
        repli();
      }
    });
  }
})();
