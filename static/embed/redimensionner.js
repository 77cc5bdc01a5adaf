/* Optional script for the page that embeds the map or the orientation path: sets each iframe's height to the
 * height its page announces (postMessage from /static/embed/embed.js), only for messages from this script's own
 * site and only for the iframe that sent them. A height of 0 restores the height written in the snippet. */
(function () {
  "use strict";
  var script = document.currentScript;
  var origine = script ? new URL(script.src).origin : "";
  window.addEventListener("message", function (ev) {
    var d = ev.data;
    if (ev.origin !== origine || !d || d.type !== "cartographie-mediation-numerique:hauteur") return;
    var cadres = document.getElementsByTagName("iframe");
    for (var i = 0; i < cadres.length; i++) {
      var cadre = cadres[i];
      if (cadre.contentWindow !== ev.source) continue;
      if (!cadre.hasAttribute("data-hauteur-initiale")) cadre.setAttribute("data-hauteur-initiale", cadre.style.height);
      var hauteur = Number(d.hauteur);
      cadre.style.height = hauteur > 0 ? Math.min(Math.max(Math.round(hauteur), 200), 20000) + "px"
        : cadre.getAttribute("data-hauteur-initiale");
    }
  });
})();
