/* A Leaflet map shown beside its accessible equivalent (the list of the same territories or lieux) is decorative for
 * assistive technologies: its container is aria-hidden, so nothing inside it may take the keyboard focus. Leaflet
 * adds focusable things at any time (zoom buttons, the attribution links it re-renders when a layer comes, a popup's
 * close button): each is taken out of the tab order as it appears.
 *
 *   window.carteDecorative(L.map(…));
 */
(function () {
  "use strict";

  window.carteDecorative = function (carte) {
    var conteneur = carte.getContainer();
    conteneur.setAttribute("aria-hidden", "true");
    conteneur.removeAttribute("tabindex");
    function sansFocus() {
      Array.prototype.forEach.call(conteneur.querySelectorAll("a, button, input, [tabindex]"), function (el) {
        if (el.getAttribute("tabindex") !== "-1") el.setAttribute("tabindex", "-1");
      });
    }
    sansFocus();
    new MutationObserver(sansFocus).observe(conteneur, { childList: true, subtree: true });
    return carte;
  };
})();
