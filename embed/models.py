"""A saved embed configuration: a hub or a collectivité names its options once and pastes /embed/c/<slug>/ in its
site; when the options change in the admin, the snippet stays the same.

The fields are the parameters of an embed URL (embed/options.py), which checks them: `parametres()` gives them
back as that query string, so a saved configuration and a URL snippet go through the same validation.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.http import QueryDict


def _codes(verbose_name: str, aide: str) -> ArrayField:
    return ArrayField(models.CharField(max_length=9), default=list, blank=True, verbose_name=verbose_name,
                      help_text=aide + " Séparés par des virgules.")


class ConfigurationIntegration(models.Model):
    class Type(models.TextChoices):
        CARTE = "carte", "Carte"
        ORIENTATION = "orientation", "Parcours d'orientation"

    class Vue(models.TextChoices):
        CARTE = "carte", "La carte"
        LISTE = "liste", "La liste des lieux"

    class Liens(models.TextChoices):
        CADRE = "cadre", "Dans le cadre intégré"
        ONGLET = "onglet", "Dans un nouvel onglet, sur ce site"

    nom = models.CharField("nom", max_length=200, help_text="Pour vous y retrouver, par exemple « Site du département ».")
    slug = models.SlugField("identifiant dans l'adresse", max_length=80, unique=True,
                            help_text="L'adresse intégrée sera /embed/c/<identifiant>/ : ne le changez plus une fois "
                                      "le code collé sur un site.")
    proprietaire = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="configurations_integration", verbose_name="propriétaire")
    type = models.CharField("contenu", max_length=12, choices=Type.choices, default=Type.CARTE)
    regions = _codes("régions", "Codes INSEE de régions (ex. 52).")
    departements = _codes("départements", "Codes INSEE de départements (ex. 49, 2A, 974).")
    epci = _codes("EPCI", "Numéros SIREN d'EPCI (ex. 244900015).")
    communes = _codes("communes", "Codes INSEE de communes (pas les codes postaux ; ex. 49007).")
    filtres = models.CharField(
        "filtres présélectionnés", max_length=1000, blank=True,
        help_text="Comme dans l'adresse de la carte, ex. services=Aide aux démarches administratives&frais_a_charge="
                  "Gratuit. Les visiteurs peuvent les retirer.")
    titre = models.CharField("titre", max_length=120, blank=True)
    logo = models.CharField("logo", max_length=500, blank=True, help_text="Adresse https:// d'une image.")
    couleur = models.CharField("couleur principale", max_length=7, blank=True,
                               help_text="Code hexadécimal, ex. #1f8d49 ; la couleur du texte posé dessus est "
                                         "choisie pour rester lisible.")
    vue = models.CharField("affiché d'abord sur un écran étroit", max_length=5, choices=Vue.choices, default=Vue.CARTE)
    zoom = models.PositiveSmallIntegerField("zoom initial", null=True, blank=True,
                                            help_text="De 3 à 19, avec le centre ; sinon la carte montre le territoire.")
    centre = models.CharField("centre initial", max_length=40, blank=True, help_text="latitude,longitude")
    liens = models.CharField("fiches des lieux ouvertes", max_length=6, choices=Liens.choices, default=Liens.CADRE)
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "configuration d'intégration"
        verbose_name_plural = "configurations d'intégration"
        ordering = ["nom"]
        db_table = "lieux_configurationintegration"  # created by lieux 0007, before embed was its own app

    def __str__(self):
        return f"{self.nom} ({self.slug})"

    def parametres(self) -> QueryDict:
        """The configuration as the query string of an embed URL (checked by embed.options.lire_options)."""
        donnees = QueryDict(self.filtres, mutable=True)
        for nom, codes in (("region", self.regions), ("departement", self.departements), ("epci", self.epci),
                           ("commune", self.communes)):
            if codes:
                donnees.setlist(nom, [c.strip() for c in codes if c.strip()])
        for nom in ("titre", "logo", "couleur", "centre"):
            if getattr(self, nom):
                donnees[nom] = getattr(self, nom)
        if self.zoom is not None:
            donnees["zoom"] = str(self.zoom)
        donnees["vue"], donnees["liens"] = self.vue, self.liens
        return donnees
