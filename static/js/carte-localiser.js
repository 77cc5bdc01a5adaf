/* « Me localiser » on the map (carte.js): the browser's position becomes the point the list is sorted from, as a
 * searched address would. A real button, shown only with JavaScript; a refusal, a failure or a timeout is said in
 * French next to the button and in the map's status message. */
(function () {
  "use strict";

  if (!window.carteMediation) return;
  var statut = document.getElementById("carte-statut");
  var blocLocaliser = document.getElementById("carte-localiser");
  var boutonLocaliser = document.getElementById("me-localiser");
  var messageLocaliser = document.getElementById("localisation-message");
  var ERREURS_LOCALISATION = {
    1: "Vous n'avez pas autorisé la localisation. Autorisez-la dans votre navigateur, ou cherchez une commune ou une adresse.",
    2: "Votre position n'a pas pu être trouvée. Cherchez une commune ou une adresse.",
    3: "La localisation a pris trop de temps. Réessayez, ou cherchez une commune ou une adresse."
  };
  function direLocalisation(texte, erreur) {
    messageLocaliser.textContent = texte;
    messageLocaliser.className = "fr-text--sm fr-mb-0 carte-localiser__message" + (erreur ? " fr-error-text" : "");
    if (statut) statut.textContent = texte;
  }
  if (blocLocaliser) {
    blocLocaliser.hidden = false;
    boutonLocaliser.addEventListener("click", function () {
      if (!navigator.geolocation) {
        direLocalisation("La localisation n'est pas disponible dans ce navigateur. Cherchez une commune ou une adresse.", true);
        return;
      }
      boutonLocaliser.setAttribute("aria-disabled", "true");
      direLocalisation("Localisation en cours…", false);
      navigator.geolocation.getCurrentPosition(function (position) {
        boutonLocaliser.removeAttribute("aria-disabled");
        direLocalisation("Lieux classés depuis votre position.", false);
        window.carteMediation.choisirAdresse({ lat: Number(position.coords.latitude.toFixed(5)), lon: Number(position.coords.longitude.toFixed(5)),
          libelle: "votre position" });
      }, function (erreur) {
        boutonLocaliser.removeAttribute("aria-disabled");
        direLocalisation(ERREURS_LOCALISATION[erreur.code] || ERREURS_LOCALISATION[2], true);
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 });
    });
  }
})();
