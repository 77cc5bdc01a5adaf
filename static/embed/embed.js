/* Inside an embed (/embed/…). The pages work without it; it adds:
 * - links leaving /embed/ on this site open in a new tab (those pages refuse to be framed), as do lieu pages when
 *   the embed is set so (their links carry target="_blank" already when rendered by the server);
 * - the height of pages with a natural height (orientation, lieu) sent to the host page, which
 *   /static/embed/redimensionner.js applies to the iframe; the map sends 0: « back to the snippet's height »;
 * - the orientation form refreshes its results on each ticked box (header X-Integration-Partiel).
 */
(function () {
  "use strict";

  var MESSAGE = "cartographie-mediation-numerique:hauteur";

  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href]");
    if (!a || a.target) return;
    var url = new URL(a.href, location.href);
    if (url.origin === location.origin && url.pathname.indexOf("/embed/") !== 0 && url.protocol.indexOf("http") === 0) {
      a.target = "_blank";
      a.rel = "noopener";
    }
  }, true);

  if (window.parent !== window) {
    var auto = document.body.hasAttribute("data-hauteur-auto");
    var derniere = -1;
    var envoyer = function () {
      var hauteur = auto ? Math.ceil(document.documentElement.getBoundingClientRect().height) : 0;
      if (hauteur !== derniere) {
        derniere = hauteur;
        window.parent.postMessage({ type: MESSAGE, hauteur: hauteur }, "*");
      }
    };
    if (auto && window.ResizeObserver) new ResizeObserver(envoyer).observe(document.documentElement);
    window.addEventListener("load", envoyer);
    envoyer();
  }

  var form = document.getElementById("form-orientation");
  var zone = form && document.getElementById(form.getAttribute("data-partiel"));
  if (form && zone && window.fetch) {
    var controleur = null;
    form.addEventListener("change", function (ev) {
      if (ev.target.type === "text") return;  // an address is looked up when the form is sent
      var query = new URLSearchParams(new FormData(form)).toString();
      if (controleur) controleur.abort();
      controleur = new AbortController();
      zone.setAttribute("aria-busy", "true");
      fetch(form.action + "?" + query, { headers: { "X-Integration-Partiel": "1" }, signal: controleur.signal })
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.text(); })
        .then(function (html) {
          zone.innerHTML = html;
          zone.setAttribute("aria-busy", "false");
          var compte = document.getElementById("compte-direct"), titre = document.getElementById("compte-orientation");
          if (compte && titre) compte.textContent = titre.textContent;
          history.replaceState(null, "", location.pathname + "?" + query);
        })
        .catch(function (err) { if (err.name !== "AbortError") zone.setAttribute("aria-busy", "false"); });
    });
  }
})();
