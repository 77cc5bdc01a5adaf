"""The « Importer un fichier » form of the admin: the file (size and type checked), the source, full or partial."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.conf import settings

from .lecteurs import EXTENSIONS, FichierIllisible, detecte_format
from .lecteurs.tableur import verifie_archive
from .models import MESSAGE_NOM_RESERVE, Source, nom_reserve


class SynchronisationForm(forms.Form):
    """« Synchroniser DORA »: a dry run or not, and optionally only the lieux updated since a date."""

    essai = forms.BooleanField(
        label="Essai à blanc", required=False, initial=True,
        help_text="Analyser seulement : vous verrez ce qui serait créé, mis à jour, archivé ou rejeté, puis vous "
                  "appliquerez depuis la page de suivi.",
    )
    depuis = forms.DateField(
        label="Seulement les lieux mis à jour depuis le", required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Facultatif (JJ/MM/AAAA). Synchronisation partielle : aucun lieu DORA n'est archivé. Sans date, "
                  "les lieux DORA qui ne sont plus dans data·inclusion sont archivés.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )


def _mo(octets: int) -> str:
    return f"{octets // (1024 * 1024)} Mo" if octets >= 1024 * 1024 else f"{max(1, octets // 1024)} Ko"


_NOM_SOURCE = re.compile(r"^[a-z0-9][a-z0-9_\-]{1,99}$")


class ImportForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier de lieux",
        help_text="CSV, JSON, GeoJSON ou Excel (.xlsx) au standard des lieux de médiation numérique (v1 ou v0.1).",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    source = forms.ModelChoiceField(
        label="Source", queryset=Source.objects.all(), required=False, empty_label="— nouvelle source —",
        help_text="Les lieux sont suivis par source : réimporter le fichier d'une source met ses lieux à jour.",
    )
    nouvelle_source = forms.CharField(
        label="Nom court d'une nouvelle source", required=False, max_length=100,
        help_text="Minuscules, chiffres et tirets, ex. hub-du-sud (si la source n'est pas dans la liste).",
    )
    partiel = forms.BooleanField(
        label="Import partiel", required=False,
        help_text="Cochez si le fichier ne contient qu'une partie des lieux de la source : les lieux absents ne "
                  "seront pas archivés. Sinon, un import qui archiverait plus de la moitié des lieux de la source "
                  "vous demandera une confirmation.",
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        maximum = settings.IMPORT_MAX_UPLOAD_SIZE
        if getattr(fichier, "interrompu", False):  # imports.televersement stopped the upload at the limit
            raise forms.ValidationError(
                f"Le fichier dépasse la limite de {_mo(fichier.limite)} : son envoi a été arrêté. Découpez-le (par "
                "département, par exemple) ou enregistrez-le en CSV, plus léger qu'un classeur Excel."
            )
        if fichier.size > maximum:
            raise forms.ValidationError(
                f"Le fichier fait {fichier.size / 1024 / 1024:.1f} Mo : la limite est de {maximum // (1024 * 1024)} Mo."
            )
        if fichier.size == 0:
            raise forms.ValidationError("Le fichier est vide.")
        extension = Path(fichier.name).suffix.lower()
        if extension not in EXTENSIONS and extension != ".xls":
            raise forms.ValidationError(
                f"Type de fichier non pris en charge ({extension or 'sans extension'}) : "
                f"attendu {', '.join(EXTENSIONS)}."
            )
        debut = fichier.read(8192)
        fichier.seek(0)
        try:
            if detecte_format(debut, fichier.name) == "xlsx":  # whatever its extension: the content says
                verifie_archive(fichier)  # a zip bomb or a zip that is no workbook, said now rather than later
        except FichierIllisible as erreur:
            raise forms.ValidationError(str(erreur)) from erreur
        finally:
            fichier.seek(0)
        return fichier

    def __init__(self, *args, utilisateur=None, **kwargs):
        """`utilisateur`: importing into an existing source needs the right to change sources, a new one the right
        to add one (the admin's permissions; « Contribution and moderation » narrows them to territories)."""
        super().__init__(*args, **kwargs)
        self.utilisateur = utilisateur
        if utilisateur is not None:  # the sources the account may import into (imports/perimetres.py)
            from .perimetres import sources_modifiables

            self.fields["source"].queryset = sources_modifiables(utilisateur)

    def _peut(self, droit: str) -> bool:
        return self.utilisateur is None or self.utilisateur.has_perm(f"imports.{droit}_source")

    def clean_nouvelle_source(self):
        nom = self.cleaned_data["nouvelle_source"].strip().lower()
        if nom and not _NOM_SOURCE.match(nom):
            raise forms.ValidationError("Nom court attendu : minuscules, chiffres, tirets (ex. hub-du-sud).")
        if nom_reserve(nom):
            raise forms.ValidationError(MESSAGE_NOM_RESERVE)
        return nom

    def clean(self):
        donnees = super().clean()
        source, nouvelle = donnees.get("source"), donnees.get("nouvelle_source")
        if not source and not nouvelle and "nouvelle_source" not in self.errors:
            raise forms.ValidationError("Choisissez une source existante ou donnez le nom court d'une nouvelle source.")
        if source and nouvelle:
            raise forms.ValidationError("Choisissez une source existante ou une nouvelle source, pas les deux.")
        if nouvelle and Source.objects.filter(nom=nouvelle).exists():
            self.add_error("nouvelle_source", "Cette source existe déjà : choisissez-la dans la liste.")
        if source and not self._peut("change"):
            self.add_error("source", f"Votre compte ne peut pas importer dans la source « {source} » : demandez le "
                                     "droit de modifier les sources à un administrateur.")
        if nouvelle and self._peut("add") and not self._a_un_territoire():
            self.add_error("nouvelle_source", "Votre compte n'a pas de territoire : demandez à un administrateur de "
                                              "vous en attribuer un.")
        if nouvelle and not self._peut("add"):
            self.add_error("nouvelle_source", "Votre compte ne peut pas créer de source : demandez ce droit à un "
                                              "administrateur.")
        return donnees

    def _a_un_territoire(self) -> bool:
        from lieux.perimetres import coordinateur_de, est_national

        utilisateur = self.utilisateur
        return utilisateur is None or est_national(utilisateur) or coordinateur_de(utilisateur) is not None

    def source_choisie(self) -> Source:
        return self.cleaned_data["source"] or Source.objects.create(nom=self.cleaned_data["nouvelle_source"])
