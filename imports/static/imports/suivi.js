// Follow-up of an import: while a job runs, poll progression.json, update the bar, reload the page when done.
(function () {
  "use strict";
  var bloc = document.getElementById("import-progression");
  if (!bloc || bloc.dataset.enCours !== "1") { return; }
  var barre = document.getElementById("import-barre");
  var statut = document.getElementById("import-statut");
  function suivre() {
    fetch(bloc.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (reponse) { return reponse.json(); })
      .then(function (etat) {
        if (barre) { barre.value = etat.progression; barre.textContent = Math.round(etat.progression * 100) + " %"; }
        if (statut) { statut.textContent = etat.libelle + (etat.etape ? " — " + etat.etape : "") + " (" + etat.lignes_lues + " lignes)"; }
        if (etat.en_cours) { window.setTimeout(suivre, 1500); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(suivre, 5000); });
  }
  window.setTimeout(suivre, 1000);
}());
