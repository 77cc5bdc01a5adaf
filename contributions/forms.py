"""The public form of « Déclarer un lieu » and « Proposer une mise à jour »: the standard's fields (lieux/standard.py,
names and enumerations) grouped the way a person thinks of a place, the hours as a week grid, who is writing.

`ContributionForm.valeurs()` gives the proposed values by the standard's column names (what
lieux.modifications.modifier_lieu takes); the contributor's own details stay out of them (never published).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, RegexValidator, URLValidator

from contributions import horaires_grille
from contributions.models import Contribution
from lieux import regles, standard
from lieux.forms import ListeTexteField

JOURS = horaires_grille.JOURS
CHAMPS_OU = ("nom", "adresse", "complement_adresse", "code_postal", "commune")
CHAMPS_PROPOSE = ("services", "modalites_accompagnement", "frais_a_charge", "formations_labels",
                  "dispositif_programmes_nationaux")
CHAMPS_POUR_QUI = ("publics_specifiquement_adresses", "prise_en_charge_specifique")
CHAMPS_VENIR = ("modalites_acces", "telephone", "courriels", "site_web", "prise_rdv", "fiche_acces_libre")
# the standard's columns this form proposes values for (latitude/longitude and code_insee come with the place)
COLONNES = (*CHAMPS_OU, "code_insee", "horaires", *CHAMPS_PROPOSE, *CHAMPS_POUR_QUI, *CHAMPS_VENIR)
ORDRE_PAGE = ("__all__", *CHAMPS_OU, "latitude", "longitude",
              *(f"h_{j}_{p}_{b}" for j in horaires_grille.JOURS for p in (1, 2) for b in ("de", "a")),
              *CHAMPS_PROPOSE, *CHAMPS_POUR_QUI, *CHAMPS_VENIR, "nom_contributeur", "courriel_contributeur",
              "role_contributeur", "message")
LISTES = frozenset(c for c in COLONNES if c in {x.nom for x in standard.CHAMPS_MULTIPLES})

LIBELLES = {
    "nom": "Nom du lieu",
    "adresse": "Adresse",
    "complement_adresse": "Complément d'adresse (facultatif)",
    "code_postal": "Code postal",
    "commune": "Commune",
    "services": "Services proposés",
    "modalites_accompagnement": "Comment les personnes sont accompagnées",
    "frais_a_charge": "Ce que cela coûte",
    "formations_labels": "Formations et labels des médiateurs",
    "dispositif_programmes_nationaux": "Dispositifs et programmes nationaux",
    "publics_specifiquement_adresses": "Publics accueillis en particulier",
    "prise_en_charge_specifique": "Accompagnement adapté",
    "modalites_acces": "Comment prendre contact ou venir",
    "telephone": "Téléphone du lieu (facultatif)",
    "courriels": "Courriel du lieu (facultatif)",
    "site_web": "Site internet du lieu (facultatif)",
    "prise_rdv": "Lien de prise de rendez-vous en ligne (facultatif)",
    "fiche_acces_libre": "Fiche Accès libre du lieu (facultatif)",
}
AIDES = {
    "nom": "Par exemple : Médiathèque Toussaint, France services de Segré.",
    "adresse": "Numéro et rue, par exemple : 49 rue Toussaint.",
    "complement_adresse": "Bâtiment, étage, entrée…",
    "code_postal": "5 chiffres, par exemple : 49000.",
    "publics_specifiquement_adresses": "Ne cochez rien si le lieu accueille tout public.",
    "telephone": "Par exemple : 02 41 00 00 00.",
    "courriels": "Publié sur la fiche du lieu. Plusieurs adresses : séparez-les par « | ».",
    "site_web": "Par exemple : https://www.mediatheque.fr. Plusieurs adresses : séparez-les par « | ».",
    "prise_rdv": "Adresse de la page où l'on prend rendez-vous, par exemple : https://rdv.exemple.fr/mon-lieu.",
    "fiche_acces_libre": "Adresse de la fiche du lieu sur acceslibre.beta.gouv.fr, qui décrit son accessibilité.",
}
OBLIGATOIRE = "Indiquez {quoi}."
QUOI = {"nom": "le nom du lieu", "adresse": "l'adresse du lieu", "code_postal": "le code postal",
        "commune": "la commune"}
URL_INVALIDE = "« %(value)s » n'est pas une adresse web valide : elle commence par https://."


def nom_heure(jour: str, plage: int, borne: str) -> str:
    """`h_lundi_1_de`: the grid's field for a day, a range (1 or 2) and its start (de) or end (a)."""
    return f"h_{jour}_{plage}_{borne}"


def _enumere(nom: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=LIBELLES[nom], choices=standard.choices(nom), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=AIDES.get(nom, ""),
        error_messages={"invalid_choice": "« %(value)s » ne fait pas partie des valeurs proposées."})


def _texte(nom: str, requis: bool = False, **kwargs) -> forms.CharField:
    longueur = {"nom": 500, "adresse": 500, "complement_adresse": 500, "commune": 200}.get(nom, 500)
    messages = {"required": OBLIGATOIRE.format(quoi=QUOI.get(nom, "ce champ")),
                "max_length": f"{LIBELLES[nom]} : {longueur} caractères au plus."}
    return forms.CharField(label=LIBELLES[nom], required=requis, max_length=longueur, help_text=AIDES.get(nom, ""),
                           error_messages=messages, **kwargs)


class LienField(forms.CharField):
    """A web address, « www.exemple.fr » completed to « https://www.exemple.fr » before it is checked."""

    def to_python(self, value):
        return regles.normalise_site_web(super().to_python(value))


def _lien(nom: str) -> forms.CharField:
    return LienField(label=LIBELLES[nom], required=False, max_length=500, help_text=AIDES.get(nom, ""),
                           validators=[URLValidator(schemes=["http", "https"], message=URL_INVALIDE)])


class CoordonneeField(forms.FloatField):
    """A latitude or longitude: a decimal comma is read as a point (« 47,4739 »), the value shown with a point."""

    def to_python(self, value):
        return super().to_python(value.replace(",", ".").strip() if isinstance(value, str) else value)

    def prepare_value(self, value):
        return repr(float(value)) if isinstance(value, (int, float)) else value


class ContributionForm(forms.Form):
    # --- Où
    nom = _texte("nom", requis=True)
    adresse = _texte("adresse", requis=True)
    complement_adresse = _texte("complement_adresse")
    code_postal = forms.CharField(
        label=LIBELLES["code_postal"], max_length=10, help_text=AIDES["code_postal"],
        error_messages={"required": OBLIGATOIRE.format(quoi=QUOI["code_postal"])},
        validators=[RegexValidator(standard.CODE_POSTAL_PATTERN,
                                   message="Le code postal compte 5 chiffres, par exemple 49000.")])
    commune = _texte("commune", requis=True)
    code_insee = forms.CharField(required=False, max_length=5, widget=forms.HiddenInput)
    latitude = CoordonneeField(label="Latitude", required=False, min_value=-90, max_value=90,
                                error_messages={"invalid": "La latitude est un nombre, par exemple 47.4739."})
    longitude = CoordonneeField(label="Longitude", required=False, min_value=-180, max_value=180,
                                 error_messages={"invalid": "La longitude est un nombre, par exemple -0.5536."})
    # --- Quand (the h_<jour>_<plage>_<de|a> fields are added in __init__)
    feries_fermes = forms.BooleanField(label="Fermé les jours fériés", required=False)
    # --- Ce que vous proposez, Pour qui
    services = _enumere("services")
    modalites_accompagnement = _enumere("modalites_accompagnement")
    frais_a_charge = _enumere("frais_a_charge")
    formations_labels = _enumere("formations_labels")
    dispositif_programmes_nationaux = _enumere("dispositif_programmes_nationaux")
    publics_specifiquement_adresses = _enumere("publics_specifiquement_adresses")
    prise_en_charge_specifique = _enumere("prise_en_charge_specifique")
    # --- Comment venir
    modalites_acces = _enumere("modalites_acces")
    telephone = forms.CharField(label=LIBELLES["telephone"], required=False, max_length=40,
                                help_text=AIDES["telephone"])
    courriels = ListeTexteField(
        nom_champ="courriels", label=LIBELLES["courriels"], required=False, max_length=1000,
        help_text=AIDES["courriels"], widget=forms.TextInput,
        validateur=EmailValidator(message="« %(value)s » n'est pas une adresse électronique valide."))
    site_web = ListeTexteField(
        nom_champ="site_web", label=LIBELLES["site_web"], required=False, max_length=1000,
        help_text=AIDES["site_web"], widget=forms.TextInput, normalise=regles.normalise_site_web,
        validateur=URLValidator(schemes=["http", "https"], message=URL_INVALIDE))
    prise_rdv = _lien("prise_rdv")
    fiche_acces_libre = _lien("fiche_acces_libre")
    # --- Qui êtes-vous (never published)
    nom_contributeur = forms.CharField(label="Votre nom (facultatif)", required=False, max_length=200)
    courriel_contributeur = forms.EmailField(
        label="Votre courriel (facultatif)", required=False,
        help_text="Pour vous dire quand votre contribution est vérifiée. Format attendu : nom@exemple.fr.",
        error_messages={"invalid": "Saisissez une adresse électronique valide, par exemple nom@exemple.fr, "
                                   "ou laissez ce champ vide."})
    role_contributeur = forms.ChoiceField(label="Vous êtes (facultatif)", required=False, choices=Contribution.Role.choices,
                                          widget=forms.RadioSelect)
    message = forms.CharField(
        label="Un message pour l'équipe qui vérifie (facultatif)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}), help_text="2 000 caractères au plus.",
        error_messages={"max_length": "Votre message : 2 000 caractères au plus."})
    # --- out of sight: the form's signed timestamp, the honeypot, an invitation
    horodatage = forms.CharField(required=False, widget=forms.HiddenInput)
    invitation = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    def __init__(self, *args, horaires_hors_grille: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.horaires_hors_grille = horaires_hors_grille  # the lieu's hours the grid cannot say: kept if untouched
        for jour in JOURS:
            for plage in (1, 2):
                for borne in ("de", "a"):
                    self.fields[nom_heure(jour, plage, borne)] = forms.CharField(
                        required=False, max_length=10, label=f"{jour.capitalize()}, plage {plage}, "
                                                             f"{'début' if borne == 'de' else 'fin'}")

    # --- cleaning

    def clean_code_postal(self):
        return regles.normalise_code_postal(self.cleaned_data.get("code_postal"))

    def clean_code_insee(self):
        code = regles.normalise_code_insee(self.cleaned_data.get("code_insee"))
        return code if regles.code_insee_valide(code) else ""

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            self.add_error("latitude", "Indiquez la latitude et la longitude, ou aucune des deux.")
        if telephone := cleaned.get("telephone"):
            try:
                cleaned["telephone"] = regles.normalise_telephone(telephone, cleaned.get("code_postal"))
            except ValueError as erreur:
                self.add_error("telephone", ValidationError(str(erreur), code="telephone"))
        cleaned["horaires"] = self._horaires()
        return cleaned

    def _horaires(self) -> str:
        jours = []
        for jour in JOURS:
            plages = []
            for plage in (1, 2):
                de, a = (self.data.get(self.add_prefix(nom_heure(jour, plage, b)), "").strip() for b in ("de", "a"))
                champ = nom_heure(jour, plage, "de")
                if not de and not a:
                    continue
                if not de or not a:
                    manque = "le début" if not de else "la fin"
                    self.add_error(champ if not de else nom_heure(jour, plage, "a"),
                                   f"{jour.capitalize()} : indiquez aussi {manque} de la plage {plage}.")
                    continue
                try:
                    plages.append((horaires_grille.lire_heure(de), horaires_grille.lire_heure(a)))
                except horaires_grille.HeureIllisible as erreur:
                    self.add_error(champ, f"{jour.capitalize()} : {erreur}")
            for erreur in horaires_grille.erreurs_jour(plages):
                self.add_error(nom_heure(jour, 1, "de"), f"{jour.capitalize()} : {erreur}.")
            jours.append(tuple(plages))
        grille = horaires_grille.Grille(tuple(jours), feries_fermes=bool(self.cleaned_data.get("feries_fermes")))
        if grille.vide and self.horaires_hors_grille:
            return self.horaires_hors_grille
        return horaires_grille.vers_osm(grille)

    # --- what the form proposes

    def valeurs(self) -> dict:
        """The proposed values by the standard's column names (empty ones included), plus latitude/longitude."""
        c = self.cleaned_data
        valeurs = {nom: c.get(nom) if nom in LISTES else (c.get(nom) or "").strip() for nom in COLONNES}
        for nom in LISTES:
            valeurs[nom] = list(valeurs[nom] or [])
        valeurs["latitude"] = round(c["latitude"], 6) if c.get("latitude") is not None else None
        valeurs["longitude"] = round(c["longitude"], 6) if c.get("longitude") is not None else None
        return valeurs

    def erreurs(self) -> list[dict]:
        """The error summary: one link per message, to its field (the first box of a list of boxes)."""
        resume = []
        ordre = {nom: i for i, nom in enumerate(ORDRE_PAGE)}
        for nom, erreurs in sorted(self.errors.items(), key=lambda e: ordre.get(e[0], len(ordre))):
            if nom == "__all__":
                resume += [{"id": "formulaire-contribution", "message": e} for e in erreurs]
                continue
            cible = f"id_{nom}_0" if isinstance(self.fields[nom].widget, (forms.CheckboxSelectMultiple,
                                                                         forms.RadioSelect)) else f"id_{nom}"
            resume += [{"id": cible, "message": e} for e in erreurs]
        return resume


def initiales_du_lieu(valeurs: dict) -> tuple[dict, str]:
    """The form's initial values from a lieu's values (lieux.modifications.valeurs_du_lieu), and its hours when the
    grid cannot say them (shown as text, kept unless the grid is filled)."""
    initiales = {nom: valeurs.get(nom) for nom in COLONNES if nom != "horaires"}
    for nom in ("latitude", "longitude"):
        initiales[nom] = valeurs.get(nom)
    grille = horaires_grille.depuis_osm(valeurs.get("horaires"))
    if grille is None:
        return initiales, (valeurs.get("horaires") or "").strip()
    initiales["feries_fermes"] = grille.feries_fermes
    for jour, plages in zip(JOURS, grille.jours):
        for numero, (de, a) in enumerate(plages, 1):
            initiales[nom_heure(jour, numero, "de")] = horaires_grille.ecrire_heure(de)
            initiales[nom_heure(jour, numero, "a")] = horaires_grille.ecrire_heure(a)
    return initiales, ""
