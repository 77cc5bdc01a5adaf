"""An embed being served: its perimeter and presentation, and the path prefix that carries them.

Working pages live under /embed/p/<jeton>/ (the options signed by the server: a client cannot widen the territory by
editing the URL, the signature would no longer match) or /embed/c/<slug>/ (the saved configuration, read from the
database on each request, so an edit in the admin applies at once). The query string of those pages is only their
state, exactly as on /carte/, so every relative link of the map's templates keeps the lock.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core import signing
from django.http import Http404
from django.urls import reverse

from lieux.agregation import zoom_pour_emprise
from embed.contraste import Theme
from embed.options import EtatInitial, OptionsIntegration, Presentation, lire_options
from embed.perimetre import Perimetre

SEL = "embed.jeton"
TAILLE_CADRE = (640, 480)  # px: the smallest usual embed, for the zoom that fits the territory


class IntegrationInvalide(Http404):
    pass


def jeton(options: OptionsIntegration) -> str:
    """The perimeter and presentation, compressed and signed (no timestamp: the same options, the same URL)."""
    p = options.presentation
    donnees = {"t": [list(t) for t in options.perimetre.territoires], "ti": p.titre, "lo": p.logo,
               "co": p.couleur, "li": p.liens}
    return signing.Signer(salt=SEL).sign_object({k: v for k, v in donnees.items() if v}, compress=True)


@dataclass
class Integration:
    perimetre: Perimetre
    presentation: Presentation
    cle: dict = field(default_factory=dict)  # {"jeton": …} or {"slug": …}: the kwargs of every embed URL
    initial: EtatInitial = field(default_factory=EtatInitial)
    configuration: object = None  # the ConfigurationIntegration, when served from a slug

    def url(self, nom: str, **kwargs) -> str:
        return reverse(f"embed:{nom}", kwargs=self.cle | kwargs)

    @functools.cached_property
    def prefixe(self) -> str:
        return self.url("carte").removesuffix("carte/")

    @functools.cached_property
    def theme(self) -> Theme | None:
        return Theme.de(self.presentation.couleur) if self.presentation.couleur else None

    @property
    def nouvel_onglet(self) -> bool:
        return self.presentation.liens == "onglet"

    def lien_lieu(self, uid: int) -> tuple[str, str]:
        """(href, target) of a lieu's page from inside the embed."""
        if self.nouvel_onglet:
            return reverse("lieux:lieu", args=[uid]), "_blank"
        return self.url("lieu", uid=uid), ""

    @functools.cached_property
    def titre(self) -> str:
        if self.presentation.titre:
            return self.presentation.titre
        if self.perimetre.vide:
            return "Lieux de médiation numérique"
        return f"Lieux de médiation numérique — {self.perimetre.nom()}"

    def etat_initial(self, page: str) -> list[tuple[str, str]]:
        """The query string a working page opens with: preselected filters, the territory, the map view."""
        paires = list(self.initial.filtres)
        if page != "carte":
            return paires
        if self.initial.zoom is not None and self.initial.centre is not None:
            paires += [("centre", "{:.5f},{:.5f}".format(*self.initial.centre)), ("zoom", str(self.initial.zoom))]
            if seul := self.perimetre.seul():
                paires.append(seul)
        elif seul := self.perimetre.seul():
            paires.append(seul)
        elif emprise := self.perimetre.emprise():
            ouest, sud, est, nord = emprise
            paires += [("centre", f"{(sud + nord) / 2:.5f},{(ouest + est) / 2:.5f}"),
                       ("zoom", str(zoom_pour_emprise(emprise, *TAILLE_CADRE)))]
        paires.append(("vue", self.initial.vue))
        return paires

    def entree(self, page: str) -> str:
        """The working URL a snippet's entry URL redirects to."""
        etat = self.etat_initial(page)
        return self.url(page) + ("?" + urlencode(etat) if etat else "")


def depuis_options(options: OptionsIntegration) -> Integration:
    return Integration(options.perimetre, options.presentation, {"jeton": jeton(options)}, options.initial)


def depuis_jeton(texte: str) -> Integration:
    try:
        donnees = signing.Signer(salt=SEL).unsign_object(texte)
        perimetre = Perimetre.de(tuple(t) for t in donnees.get("t", []))
        presentation = Presentation(donnees.get("ti", ""), donnees.get("lo", ""), donnees.get("co", ""),
                                    donnees.get("li", "cadre"))
    except (signing.BadSignature, ValueError, TypeError, AttributeError):
        raise IntegrationInvalide("Adresse d'intégration invalide : rechargez la page qui contient la carte.")
    return Integration(perimetre, presentation, {"jeton": texte})


def depuis_configuration(slug: str) -> Integration:
    from embed.models import ConfigurationIntegration

    configuration = ConfigurationIntegration.objects.filter(slug=slug).first()
    if configuration is None:
        raise IntegrationInvalide(f"Aucune configuration d'intégration « {slug} ».")
    options, erreurs = lire_options(configuration.parametres())
    if erreurs:
        raise IntegrationInvalide(f"La configuration « {slug} » n'est plus valide : corrigez-la dans l'administration.")
    return Integration(options.perimetre, options.presentation, {"slug": slug}, options.initial, configuration)


def resoudre(kwargs: dict) -> Integration:
    """The integration named by a working URL's kwargs (`jeton` or `slug`), removed from `kwargs`."""
    if "jeton" in kwargs:
        return depuis_jeton(kwargs.pop("jeton"))
    return depuis_configuration(kwargs.pop("slug"))


def integration_requise(vue):
    """Decorator of the working views: `vue(request, integration, …)`; a French 404 page for a bad jeton or slug."""
    @functools.wraps(vue)
    def enveloppe(request, *args, **kwargs):
        try:
            integration = resoudre(kwargs)
        except IntegrationInvalide as exc:
            from django.shortcuts import render

            return render(request, "embed/erreur.html", {"messages_erreur": [str(exc)]}, status=404)
        return vue(request, integration, *args, **kwargs)
    return enveloppe
