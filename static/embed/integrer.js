/* /integrer/: territory suggestions while typing, live preview and snippet (the same view renders the result block
 * alone, header X-Integration-Partiel), « Copier le code », a colour picker next to the hex field.
 * Without it the GET form does all of this in full pages. Suggestions are set with textContent. */
(function () {
  "use strict";

  var form = document.getElementById("form-integrer");
  if (!form || !window.fetch) return;
  var resultat = document.getElementById("resultat-integration");
  var saisie = document.getElementById("q-territoire");
  var liste = document.getElementById("suggestions-territoires");
  var choisis = document.getElementById("territoires-choisis");
  var controleur = null, attenteApercu = null;

  // ---------------------------------------------------------------- live preview and snippet
  function query() {
    var p = new URLSearchParams(new FormData(form));
    p.delete("q_territoire");
    p.delete("chercher");
    return p.toString();
  }

  function rafraichir() {
    if (controleur) controleur.abort();
    controleur = new AbortController();
    var q = query();
    fetch(form.action + "?" + q, { headers: { "X-Integration-Partiel": "1" }, signal: controleur.signal })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        resultat.innerHTML = html;
        attacherErreurs();
        brancherCopie();
        history.replaceState(null, "", form.action + "?" + q);
      })
      .catch(function () { /* the button still submits the form */ });
  }

  function plusTard() {
    clearTimeout(attenteApercu);
    attenteApercu = setTimeout(rafraichir, 400);
  }

  var SAISIES = /^(text|url|number|search|color)$/;  // followed as they are typed (input), not again on blur
  var couleur = document.getElementById("couleur");
  var COULEUR_COMPLETE = /^#?[0-9a-fA-F]{6}$/, COULEUR_VALIDE = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
  // fields the server checks (« 1 » on the way to « 12 », « ht » to « https://… »): the preview follows them when they
  // are left, not at each key, so that no error is shown or announced while a value is being typed
  var A_LA_SORTIE = { logo: 1, zoom: 1, centre: 1, hauteur: 1 };
  form.addEventListener("change", function (ev) {
    if (!SAISIES.test(ev.target.type) || A_LA_SORTIE[ev.target.name]) plusTard();
  });
  form.addEventListener("input", function (ev) {
    if (ev.target === couleur || A_LA_SORTIE[ev.target.name]) return;  // checked when left (couleur: below)
    if (ev.target !== saisie && ev.target.name && SAISIES.test(ev.target.type)) plusTard();
  });

  // ---------------------------------------------------------------- copy
  function brancherCopie() {
    var bouton = document.getElementById("copier-code");
    var code = document.getElementById("code-integration");
    var statut = document.getElementById("code-copie");
    if (!bouton || !code) return;
    bouton.hidden = false;
    bouton.addEventListener("click", function () {
      var fait = function () { statut.textContent = "Code copié dans le presse-papiers."; };
      var selection = function () {
        code.focus();
        code.select();
        try { document.execCommand("copy"); fait(); } catch (e) { statut.textContent = "Sélectionnez le code et copiez-le (Ctrl+C)."; }
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(code.value).then(fait, selection);
      else selection();
    });
  }
  brancherCopie();

  // ---------------------------------------------------------------- territory suggestions (combobox.js)
  function ajouter(s) {
    var id = "choisi-" + s.niveau + "-" + s.code;
    if (!document.getElementById(id)) {
      var aucun = document.getElementById("aucun-territoire");
      if (aucun) aucun.remove();
      var groupe = document.createElement("div");
      groupe.className = "fr-checkbox-group fr-checkbox-group--sm";
      var case_ = document.createElement("input");
      case_.type = "checkbox";
      case_.id = id;
      case_.name = s.niveau;
      case_.value = s.code;
      case_.checked = true;
      var etiquette = document.createElement("label");
      etiquette.className = "fr-label";
      etiquette.htmlFor = id;
      etiquette.textContent = s.libelle;
      groupe.appendChild(case_);
      groupe.appendChild(etiquette);
      choisis.insertBefore(groupe, choisis.querySelector(".fr-messages-group"));
    }
    saisie.value = "";
    rafraichir();
  }

  if (window.listeDeSuggestions) {
    window.listeDeSuggestions({
      saisie: saisie,
      liste: liste,
      statut: document.getElementById("suggestions-territoires-statut"),
      prefixe: "territoire-suggere-",
      classe: "integrer-suggestions__option",
      chercher: function (texte, afficher) {
        fetch(form.getAttribute("data-url-territoires") + "?q=" + encodeURIComponent(texte))
          .then(function (r) { return r.json(); })
          .then(function (d) { afficher(d.resultats); })
          .catch(function () {});
      },
      choisir: ajouter,
      entreeChoisitLaPremiere: true
    });
  }

  // ---------------------------------------------------------------- initial view taken from the preview's map
  var vueApercu = document.getElementById("vue-apercu");
  if (vueApercu) {
    vueApercu.hidden = false;
    vueApercu.addEventListener("click", function () {
      var apercu = document.getElementById("apercu");
      var carte = null;
      try { carte = apercu && apercu.contentWindow.carteMediation && apercu.contentWindow.carteMediation.carte; } catch (e) { carte = null; }
      if (!carte) return;  // the orientation, or the preview not loaded yet
      var c = carte.getCenter();
      document.getElementById("zoom").value = String(carte.getZoom());
      document.getElementById("centre").value = c.lat.toFixed(5) + "," + c.lng.toFixed(5);
      rafraichir();
    });
  }

  // ---------------------------------------------------------------- colour: checked on blur, not while typing
  // « #ff » is on its way to « #ff0000 »: no error while typing; the error (same words as the server's) is
  // attached to the field when it is left (sent, the server attaches it the same way), and removed as soon as the value is right.
  // a field's error under it, as the server writes it: the group marked, aria-invalid, aria-describedby
  function erreurChamp(nom, message) {
    var champ = document.getElementById(nom);
    var groupe = champ && champ.closest(".fr-input-group");
    if (!groupe) return;
    var p = document.getElementById(nom + "-erreur");
    if (message) {
      if (!p) {
        p = document.createElement("p");
        p.className = "fr-error-text";
        p.id = nom + "-erreur";
        groupe.appendChild(p);
      }
      p.textContent = message;
      groupe.classList.add("fr-input-group--error");
      champ.setAttribute("aria-invalid", "true");
      champ.setAttribute("aria-describedby", p.id);
    } else {
      if (p) p.remove();
      groupe.classList.remove("fr-input-group--error");
      champ.removeAttribute("aria-invalid");
      champ.removeAttribute("aria-describedby");
    }
  }

  function erreurCouleur(message) { erreurChamp("couleur", message); }

  // after a live refresh: the errors of the result block (data-champ) attached to their fields, the others cleared
  function attacherErreurs() {
    ["titre", "logo", "couleur", "zoom", "centre", "hauteur"].forEach(function (nom) {
      var li = resultat.querySelector('li[data-champ="' + nom + '"]');
      erreurChamp(nom, li ? li.getAttribute("data-message") : "");
    });
  }

  function verifierCouleur() {
    var valeur = couleur.value.trim();
    var bonne = !valeur || COULEUR_VALIDE.test(valeur);
    erreurCouleur(bonne ? "" : "Couleur invalide : « " + valeur.slice(0, 20) + " » (attendu un code hexadécimal comme #000091).");
    return bonne;
  }

  if (couleur) {
    var couleurMontree = couleur.value.trim();  // the value the preview shows: leaving the field adds no refresh
    var montrer = function (maintenant) {
      couleurMontree = couleur.value.trim();
      if (maintenant) rafraichir(); else plusTard();
    };
    couleur.addEventListener("input", function () {
      var valeur = couleur.value.trim();
      if (!valeur || COULEUR_VALIDE.test(valeur)) erreurCouleur("");  // fixed: the error goes at once
      if (!valeur || COULEUR_COMPLETE.test(valeur)) montrer(false);
    });
    couleur.addEventListener("change", function () {
      var bonne = verifierCouleur();
      if (couleur.value.trim() !== couleurMontree) montrer(!bonne);
    });
  }

  // ---------------------------------------------------------------- colour picker beside the hex field
  if (couleur) {
    var nuancier = document.createElement("input");
    nuancier.type = "color";
    nuancier.className = "integrer-nuancier";
    nuancier.setAttribute("aria-label", "Choisir la couleur dans un nuancier");
    if (/^#[0-9a-fA-F]{6}$/.test(couleur.value)) nuancier.value = couleur.value;
    couleur.parentNode.appendChild(nuancier);
    nuancier.addEventListener("input", function () { couleur.value = nuancier.value; erreurCouleur(""); montrer(false); });
    couleur.addEventListener("input", function () { if (/^#[0-9a-fA-F]{6}$/.test(couleur.value)) nuancier.value = couleur.value; });
  }
})();
