"""The form that starts a campaign from the coordinators' admin (codes separated by commas or spaces)."""

from __future__ import annotations

import re

from django import forms

from .lancement import Demande, Filtre


def _codes(texte: str) -> tuple[str, ...]:
    return tuple(c for c in re.split(r"[\s,;]+", (texte or "").strip().upper()) if c)


class LancementForm(forms.Form):
    nom = forms.CharField(label="Nom de la campagne", max_length=200,
                          help_text="Par exemple : « Vérification de printemps 2027 ».")
    departements = forms.CharField(
        label="Départements (codes)", required=False,
        help_text="Facultatif, séparés par des virgules : 49, 44. Vide : tout votre territoire.")
    epcis = forms.CharField(label="EPCI (numéros SIREN)", required=False, help_text="Facultatif.")
    communes = forms.CharField(label="Communes (codes INSEE)", required=False, help_text="Facultatif.")
    source = forms.CharField(label="Source des données", required=False, max_length=200,
                             help_text="Facultatif : seulement les lieux de cette source (colonne « source »).")
    typologie = forms.CharField(label="Typologie", required=False, max_length=30,
                                help_text="Facultatif : un code de typologie du standard (ex. BIB, CCAS).")
    delai_relance_jours = forms.IntegerField(label="Relancer les lieux sans réponse après (jours)", initial=14,
                                             min_value=1, max_value=120)
    duree_jours = forms.IntegerField(label="Durée de validité des liens (jours)", initial=60, min_value=2,
                                     max_value=365)
    confiance = forms.BooleanField(
        label="Publier sans modération les mises à jour faites depuis les liens", required=False,
        help_text="À cocher si les adresses publiques des lieux sont celles de leurs responsables.")

    def clean(self):
        donnees = super().clean()
        if (donnees.get("delai_relance_jours") and donnees.get("duree_jours")
                and donnees["delai_relance_jours"] >= donnees["duree_jours"]):
            self.add_error("delai_relance_jours", "La relance doit partir avant la fin de validité des liens.")
        return donnees

    def demande(self) -> Demande:
        d = self.cleaned_data
        filtre = Filtre(departements=_codes(d["departements"]), epcis=_codes(d["epcis"]),
                        communes=_codes(d["communes"]), source=d["source"].strip(), typologie=d["typologie"].strip())
        return Demande(nom=d["nom"].strip(), filtre=filtre, delai_relance_jours=d["delai_relance_jours"],
                       duree_jours=d["duree_jours"], confiance=d["confiance"])
