/* Lieu sheet: error summary focus, focus in « Signaler une erreur » when it is opened, mini-map, « Copier le lien »,
   « Imprimer ». The page works without it (the link to the report form reloads the page with the form open). */
(function () {
  "use strict";
  var resume = document.getElementById("resume-erreurs");
  if (resume) { resume.focus(); }
  // the report form is opened by a link (?signaler=1#signaler, the page then carries the form): its first box
  // takes the focus, unless an error summary already has it
  var premiere = document.getElementById("rubrique-1");
  if (premiere && !resume && /[?&]signaler=1/.test(window.location.search)) {
    premiere.focus();
    // the browser's scroll to #signaler, after the load, takes the focus back to the page: give it again
    window.addEventListener("load", function () { setTimeout(function () { premiere.focus(); }, 0); });
  }
  var noeud = document.getElementById("mini-carte-config");
  if (noeud && typeof L !== "undefined") {
    var c = JSON.parse(noeud.textContent);
    var carte = L.map("mini-carte", { keyboard: false, scrollWheelZoom: false, zoomControl: true }).setView([c.lat, c.lon], 15);
    L.tileLayer(c.tuiles.url, { attribution: c.tuiles.attribution, maxZoom: 19 }).addTo(carte);
    L.circleMarker([c.lat, c.lon], { radius: 9, color: "#fff", weight: 3, fillColor: "#e1000f", fillOpacity: 1, interactive: false }).addTo(carte);
    window.carteDecorative(carte);
  }
  var copier = document.getElementById("copier-lien");
  var statut = document.getElementById("lien-copie");
  if (copier) {
    copier.hidden = false;
    copier.addEventListener("click", function () {
      var url = copier.getAttribute("data-url");
      var fait = function () { statut.textContent = "Lien copié dans le presse-papiers."; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(fait, function () { selectionner(); });
      } else {
        selectionner();
      }
      function selectionner() {
        var champ = document.getElementById("lien-fiche");
        champ.focus();
        champ.select();
        try { document.execCommand("copy"); fait(); } catch (e) { statut.textContent = "Sélectionnez le lien ci-dessus et copiez-le."; }
      }
    });
  }
  var imprimer = document.getElementById("imprimer");
  if (imprimer) {
    imprimer.hidden = false;
    imprimer.addEventListener("click", function () { window.print(); });
  }
})();
