"""The wizard's forms: the upload, the columns (one select per file column, the way to combine when several columns
feed one field), the values (one multi-select of the standard's values per raw value found) and a profile as JSON.

Labels and messages are for coordinators, not developers: field names of the standard are shown by their French
label, with the technical name in brackets.
"""

from __future__ import annotations

import json

from django import forms

from lieux import standard

from ..correspondance.profil import COMBINAISONS, OUI_NON, Profil, ProfilInvalide
from ..forms import ImportForm
from . import choix as regles

IGNORER = ""
TAILLE_MAX_PROFIL = 1024 * 1024
TAILLE_MAX_CODEBOOK = 5 * 1024 * 1024


def choix_des_champs() -> list[tuple[str, str]]:
    return [(IGNORER, "— ignorer cette colonne —"),
            *((c.nom, f"{c.libelle} ({c.nom})") for c in standard.CHAMPS)]


class EnvoiForm(ImportForm):
    """The import form, for any file: the wizard proposes how its columns map to the standard."""

    codebook = forms.FileField(
        label="Dictionnaire des codes (facultatif)", required=False,
        help_text="Si votre fichier utilise des codes (ex. code_typo = 3), le fichier JSON qui les explique "
                  "(format « custom props » de Datami, comme celui de MedNum BFC).",
        widget=forms.ClearableFileInput(attrs={"accept": ".json"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fichier"].help_text = (
            "CSV, JSON, GeoJSON ou Excel (.xlsx), dans le format de votre réseau : l'assistant vous propose une "
            "correspondance avec le standard, que vous pourrez corriger.")
        self.order_fields(["fichier", "codebook", "source", "nouvelle_source", "partiel"])

    def clean_codebook(self):
        fichier = self.cleaned_data.get("codebook")
        if not fichier:
            return None
        if fichier.size > TAILLE_MAX_CODEBOOK:
            raise forms.ValidationError("Le dictionnaire des codes dépasse 5 Mo.")
        from ..correspondance.enumerations import lire_codebook_datami

        try:
            return lire_codebook_datami(json.loads(fichier.read().decode("utf-8-sig")))
        except (UnicodeDecodeError, json.JSONDecodeError, ValueError, KeyError, TypeError, AttributeError):
            raise forms.ValidationError("Dictionnaire des codes illisible : un fichier JSON au format « custom "
                                        "props » de Datami est attendu.") from None


class ColonnesForm(forms.Form):
    """One select per column of the file (`colonne_<i>`), then one select per field fed by several columns
    (`combinaison_<champ>`). A field that gets several columns in this very submission is asked again: the person
    sees the proposed way to combine them and confirms it (`montrees` lists the combinations the page showed)."""

    montrees = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, colonnes: list[str], profil: Profil, **kwargs):
        super().__init__(*args, **kwargs)
        self.colonnes, self.profil = colonnes, profil
        initial = regles.champ_de_chaque_colonne(profil, colonnes)
        for i, colonne in enumerate(colonnes):
            self.fields[f"colonne_{i}"] = forms.ChoiceField(
                label=colonne, choices=choix_des_champs(), required=False, initial=initial[colonne])
        actuel = self._choix_envoyes() if self.is_bound else initial
        self.a_combiner = regles.a_combiner(profil, actuel)
        if self.is_bound:
            donnees = self.data.copy()
            for champ, combinaison in self.a_combiner.items():
                donnees.setdefault(f"combinaison_{champ}", combinaison)
            self.data = donnees
        else:
            self.fields["montrees"].initial = ",".join(self.a_combiner)
        for champ, combinaison in self.a_combiner.items():
            self.fields[f"combinaison_{champ}"] = forms.ChoiceField(
                label=f"{regles.libelle_champ(champ)} : combiner", initial=combinaison,
                choices=[(c, regles.LIBELLES_COMBINAISONS[c]) for c in COMBINAISONS])

    def _choix_envoyes(self) -> dict[str, str]:
        valides = {c for c, _ in choix_des_champs()}
        return {colonne: (v if (v := self.data.get(f"colonne_{i}", "")) in valides else IGNORER)
                for i, colonne in enumerate(self.colonnes)}

    def lignes(self):
        """(bound field) per file column, in the file's order: the template adds samples and the suggestion."""
        return [self[f"colonne_{i}"] for i in range(len(self.colonnes))]

    def combinaisons(self):
        return [self[f"combinaison_{champ}"] for champ in self.a_combiner]

    def clean(self):
        donnees = super().clean()
        choix = {colonne: donnees.get(f"colonne_{i}") or IGNORER for i, colonne in enumerate(self.colonnes)}
        combinaisons = {champ: donnees.get(f"combinaison_{champ}") for champ in self.a_combiner}
        for champ, message in regles.erreurs_de_colonnes(choix, combinaisons):
            self.add_error(None, message)
        montrees = [c for c in (donnees.get("montrees") or "").split(",") if c]
        for champ in regles.nouvelles_combinaisons(montrees, self.a_combiner):
            nombre = len(regles.colonnes_par_champ(choix)[champ])
            self.add_error(f"combinaison_{champ}", f"« {regles.libelle_champ(champ)} » reçoit maintenant {nombre} "
                                                   "colonnes : vérifiez comment les combiner, puis validez à nouveau.")
        self.data = self.data.copy()
        self.data["montrees"] = ",".join(self.a_combiner)
        donnees["choix"], donnees["combinaisons_choisies"] = choix, combinaisons
        return donnees

    def profil_choisi(self) -> Profil:
        return regles.profil_depuis_colonnes(self.profil, self.cleaned_data["choix"],
                                             self.cleaned_data["combinaisons_choisies"])


class ValeursForm(forms.Form):
    """`valeur_<champ>_<i>`: the standard values a raw value means; `oui_<champ>_<i>`: the values a yes/no column
    adds when it says yes. Nothing selected: the value has no equivalent in the standard (kept in the raw record)."""

    def __init__(self, *args, profil: Profil, valeurs: dict[str, list], **kwargs):
        super().__init__(*args, **kwargs)
        self.profil, self.valeurs, self.groupes = profil, valeurs, []
        for champ in regles.champs_enumeres():
            regle = profil.regle(champ)
            if regle is None:
                continue
            permises = regles.valeurs_permises(champ)
            taille = min(8, len(permises))
            lignes = []
            if regle.combinaison == OUI_NON:
                for i, colonne in enumerate(regle.colonnes):
                    nom = f"oui_{champ}_{i}"
                    self.fields[nom] = forms.MultipleChoiceField(
                        label=f"Quand la colonne « {colonne} » dit oui", choices=permises, required=False,
                        initial=list(regle.valeurs_oui.get(colonne, ())),
                        widget=forms.SelectMultiple(attrs={"size": taille}))
                    lignes.append((self[nom], None))
            else:
                for i, (brut, nombre, propose) in enumerate(valeurs.get(champ, ())):
                    nom = f"valeur_{champ}_{i}"
                    self.fields[nom] = forms.MultipleChoiceField(
                        label=f"« {brut} »", choices=permises, required=False,
                        initial=list(regle.valeurs.get(brut, propose)),
                        widget=forms.SelectMultiple(attrs={"size": taille}))
                    lignes.append((self[nom], nombre))
            if lignes:
                self.groupes.append({"champ": champ, "libelle": regles.libelle_champ(champ), "lignes": lignes,
                                     "oui_non": regle.combinaison == OUI_NON})

    def profil_choisi(self) -> Profil:
        valeurs, valeurs_oui = {}, {}
        for champ in regles.champs_enumeres():
            regle = self.profil.regle(champ)
            if regle is None:
                continue
            if regle.combinaison == OUI_NON:
                valeurs_oui[champ] = {colonne: tuple(self.cleaned_data.get(f"oui_{champ}_{i}", ()))
                                      for i, colonne in enumerate(regle.colonnes)}
            else:
                valeurs[champ] = {brut: tuple(self.cleaned_data.get(f"valeur_{champ}_{i}", ()))
                                  for i, (brut, _, _) in enumerate(self.valeurs.get(champ, ()))}
        return regles.profil_depuis_valeurs(self.profil, valeurs, valeurs_oui)


class ProfilJsonForm(forms.Form):
    fichier = forms.FileField(
        label="Profil (JSON)", widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
        help_text="Un fichier « .profil.json » exporté depuis cette page, ici ou sur la cartographie d'un autre réseau.")

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > TAILLE_MAX_PROFIL:
            raise forms.ValidationError("Le profil dépasse 1 Mo : ce n'est sans doute pas un profil de correspondance.")
        try:
            texte = fichier.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("Le profil doit être un fichier texte JSON en UTF-8.") from None
        try:
            self.cleaned_data["profil"] = Profil.depuis_json(texte)
        except ProfilInvalide as erreur:
            raise forms.ValidationError(str(erreur)) from None
        return fichier

    def profil(self) -> Profil:
        return self.cleaned_data["profil"]
