"""The form of a lieu, derived from `lieux.standard` (required fields, patterns, enumerations, lengths) and
`lieux.regles` (telephone, pivot, horaires, lists). Used by the admin; a public page can reuse it as is.
Also the « Signaler une erreur » form of the lieu page, and its error summary.
"""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, RegexValidator, URLValidator
from django.utils import timezone

from lieux import regles, standard
from lieux.models import Lieu, Signalement
from lieux.models.signalement import LONGUEUR_MAX_MESSAGE

# The standard's columns, `localisation` standing for latitude/longitude.
CHAMPS_FORMULAIRE = (*(c for c in standard.COLONNES if c not in ("latitude", "longitude")), "localisation")

MESSAGES_PATTERN = {
    "code_postal": "Le code postal compte 5 chiffres, par exemple 49000.",
    "code_insee": "Le code INSEE de la commune a 5 caractères (49007, 2A004) ; ce n'est pas le code postal.",
}


class ListeTexteField(forms.CharField):
    """A free list typed as `a|b|c` (or one per line), cleaned to a list without blanks or repeats."""

    def __init__(self, *, nom_champ, validateur=None, normalise=None, **kwargs):
        self.nom_champ = nom_champ
        self.validateur = validateur
        self.normalise = normalise
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 80}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return standard.SEPARATEUR.join(value)
        return value

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            value = standard.SEPARATEUR.join(value)
        texte = (value or "").replace("\r", "").replace("\n", standard.SEPARATEUR)
        valeurs, _ = regles.valeurs_liste(self.nom_champ, texte)
        if self.normalise:
            valeurs = list(dict.fromkeys(self.normalise(v) for v in valeurs))
        return valeurs

    def run_validators(self, value):
        if not self.validateur:
            return
        erreurs = []
        for item in value:
            try:
                self.validateur(item)
            except ValidationError as erreur:
                erreurs.extend(erreur.error_list)
        if erreurs:
            raise ValidationError(erreurs)


class ChampNormalise(forms.CharField):
    """A text field put through a `regles.normalise_*` function before its length and pattern are checked."""

    normalise = staticmethod(str)

    def to_python(self, value):
        return self.normalise(super().to_python(value))


def _normalise_par(fonction):
    return type(f"Champ_{fonction.__name__}", (ChampNormalise,), {"normalise": staticmethod(fonction)})


class TelephoneField(forms.CharField):
    """Raw input may be long ("04 93 00 00 00 / 06 12 34 56 78"): LieuForm.clean() stores the E.164 number."""

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(**kwargs)


def _champ_enumere(champ: standard.Champ) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=champ.libelle,
        choices=standard.choices(champ.nom),
        widget=forms.CheckboxSelectMultiple,
        required=bool(champ.requis),
        help_text=champ.aide,
        error_messages={"invalid_choice": "« %(value)s » ne fait pas partie des valeurs du standard."},
    )


def _choix_typologies():
    return sorted(((code, f"{libelle} ({code})") for code, libelle in standard.typologies().items()),
                  key=lambda choix: choix[1].casefold())


# One checkbox list per enumerated field of the standard, on a Form base whose fields LieuForm inherits.
ChampsEnumeres = type(
    "ChampsEnumeres", (forms.Form,), {c.nom: _champ_enumere(c) for c in standard.CHAMPS_ENUMERES}
)


class LieuForm(forms.ModelForm, ChampsEnumeres):
    typologie = forms.MultipleChoiceField(
        label=standard.CHAMPS_PAR_NOM["typologie"].libelle,
        choices=_choix_typologies,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=standard.CHAMPS_PAR_NOM["typologie"].aide,
        error_messages={"invalid_choice": "« %(value)s » n'est pas une typologie du référentiel."},
    )
    courriels = ListeTexteField(
        nom_champ="courriels",
        label=standard.CHAMPS_PAR_NOM["courriels"].libelle,
        required=False,
        validateur=EmailValidator(message="« %(value)s » n'est pas une adresse électronique valide."),
        help_text="Plusieurs adresses séparées par « | ».",
    )
    site_web = ListeTexteField(
        nom_champ="site_web",
        label=standard.CHAMPS_PAR_NOM["site_web"].libelle,
        required=False,
        normalise=regles.normalise_site_web,
        validateur=URLValidator(
            schemes=["http", "https"], message="« %(value)s » n'est pas une adresse web valide."
        ),
        help_text="Adresses complètes (https://…), plusieurs séparées par « | ».",
    )
    autres_formations_labels = ListeTexteField(
        nom_champ="autres_formations_labels",
        label=standard.CHAMPS_PAR_NOM["autres_formations_labels"].libelle,
        required=False,
        help_text="Plusieurs séparées par « | ».",
    )

    class Meta:
        model = Lieu
        fields = CHAMPS_FORMULAIRE
        field_classes = {
            "pivot": _normalise_par(regles.normalise_pivot),
            "code_postal": _normalise_par(regles.normalise_code_postal),
            "code_insee": _normalise_par(regles.normalise_code_insee),
            "telephone": TelephoneField,
        }
        widgets = {
            "presentation_resume": forms.Textarea(attrs={"rows": 3}),
            "presentation_detail": forms.Textarea(attrs={"rows": 6}),
            "horaires": forms.TextInput(attrs={"size": 80, "placeholder": regles.EXEMPLE_HORAIRES}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for champ in standard.CHAMPS:
            field = self.fields.get(champ.nom)
            if field is None:
                continue
            field.required = bool(champ.requis) and champ.nom != "pivot"  # empty pivot: PIVOT_INCONNU
            if champ.pattern and champ.nom in MESSAGES_PATTERN:
                field.validators.append(RegexValidator(champ.pattern, message=MESSAGES_PATTERN[champ.nom]))
            if champ.longueur_max:
                field.error_messages["max_length"] = (
                    f"{champ.libelle} : {champ.longueur_max} caractères au plus "
                    "(actuellement %(show_value)d)."
                )
        if self.instance._state.adding:
            self.initial.setdefault("id", str(uuid.uuid4()))
            self.initial.setdefault("date_maj", timezone.localdate())

    def clean_pivot(self):
        pivot = self.cleaned_data["pivot"]  # already normalised: "434 933 123 00029" → "43493312300029"
        if erreur := regles.erreur_pivot(pivot):
            raise ValidationError(erreur, code="pivot")
        return pivot

    def clean_horaires(self):
        horaires = (self.cleaned_data.get("horaires") or "").strip()
        if erreur := regles.erreur_horaires(horaires):
            raise ValidationError(erreur, code="horaires")
        return horaires

    def clean(self):
        cleaned = super().clean()
        # in clean(), not clean_telephone(): overseas numbers are read with the postcode, whatever the order
        if telephone := cleaned.get("telephone"):
            try:
                cleaned["telephone"] = regles.normalise_telephone(telephone, cleaned.get("code_postal"))
            except ValueError as erreur:
                self.add_error("telephone", ValidationError(str(erreur), code="telephone"))
        return cleaned


class SignalementForm(forms.Form):
    rubriques = forms.MultipleChoiceField(
        label="Quelles informations sont erronées ?", choices=Signalement.Rubrique.choices,
        widget=forms.CheckboxSelectMultiple, error_messages={"required": "Cochez au moins une rubrique."})
    message = forms.CharField(label="Précisez (facultatif)", required=False, max_length=LONGUEUR_MAX_MESSAGE,
                              widget=forms.Textarea(attrs={"rows": 4, "maxlength": LONGUEUR_MAX_MESSAGE}),
                              help_text=f"{LONGUEUR_MAX_MESSAGE} caractères au plus. N'indiquez pas de données "
                                        "personnelles sur des tiers.")
    courriel = forms.EmailField(label="Votre courriel, si vous souhaitez une réponse (facultatif)", required=False,
                                error_messages={"invalid": "Saisissez une adresse électronique valide, par exemple "
                                                           "nom@exemple.fr, ou laissez ce champ vide."})
    # honeypot: hidden from people by CSS, filled by robots
    site_internet = forms.CharField(required=False, label="Ne pas remplir ce champ")


def erreurs_du_formulaire(form) -> list[dict]:
    """The error summary: one link per field in error, to the field (the first checkbox for the rubriques)."""
    cibles = {"rubriques": "rubrique-1", "message": "id_message", "courriel": "id_courriel"}
    return [{"id": cibles[nom], "message": erreur} for nom in cibles for erreur in form.errors.get(nom, [])]
