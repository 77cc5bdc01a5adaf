"""CSV and XLSX readers: encoding, delimiter and header row found from the first rows, then rows streamed."""

from __future__ import annotations

import csv
import io
import itertools
import sys
from collections import Counter

from .base import (
    LIGNES_ENTETE_MAX,
    FichierIllisible,
    Lecture,
    Remarque,
    enregistrement,
    noms_colonnes,
    trouve_entete,
)
from .encodage import TAILLE_ECHANTILLON, detecte_encodage

SEPARATEURS = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # long descriptions with embedded newlines


def _lignes_echantillon(texte: str, separateur: str, nombre: int) -> list[list[str]]:
    lignes = []
    try:
        for ligne in csv.reader(io.StringIO(texte, newline=""), delimiter=separateur):
            lignes.append(ligne)
            if len(lignes) >= nombre:
                break
    except csv.Error:
        pass
    return lignes


def detecte_separateur(texte: str) -> str:
    """The delimiter giving the most rows with the same number (> 1) of cells, among « , », « ; » and tab."""
    meilleur, meilleur_score = ",", (-1, 0)
    for separateur in SEPARATEURS:
        lignes = [ligne for ligne in _lignes_echantillon(texte, separateur, 60) if any(c.strip() for c in ligne)]
        # the last sampled row may be cut in the middle
        comptes = Counter(len(ligne) for ligne in lignes[:-1] or lignes if len(ligne) > 1)
        if not comptes:
            continue
        largeur, frequence = max(comptes.items(), key=lambda kv: (kv[1], kv[0]))
        score = (frequence, largeur)
        if score > meilleur_score:
            meilleur, meilleur_score = separateur, score
    return meilleur


def lit_csv(flux, taille: int) -> Lecture:
    """A CSV file from a seekable binary stream."""
    echantillon = flux.read(TAILLE_ECHANTILLON)
    if not echantillon.strip():
        raise FichierIllisible("Le fichier est vide.")
    encodage = detecte_encodage(echantillon, complet=len(echantillon) < TAILLE_ECHANTILLON)
    texte = echantillon.decode(encodage.nom, errors="replace")
    separateur = detecte_separateur(texte)
    rang_entete = trouve_entete(_lignes_echantillon(texte, separateur, LIGNES_ENTETE_MAX))

    flux.seek(0)
    texte_flux = io.TextIOWrapper(flux, encoding=encodage.nom, errors="replace", newline="")
    lecteur = csv.reader(texte_flux, delimiter=separateur)
    entete = None
    try:
        for _ in range(rang_entete + 1):
            entete = next(lecteur, None)
    except csv.Error as erreur:
        texte_flux.close()
        raise FichierIllisible(f"En-tête CSV illisible ({erreur}).") from erreur
    if not entete:
        texte_flux.close()
        raise FichierIllisible("Aucune ligne d'en-tête n'a été trouvée dans le fichier.")
    noms = noms_colonnes(entete)

    lecture = Lecture(
        format="csv", colonnes=noms, encodage=encodage.libelle, separateur=SEPARATEURS[separateur],
        _a_fermer=[texte_flux],
    )
    if encodage.remarque:
        lecture.remarques.append(Remarque("avertissement", f"Encodage : {encodage.remarque}."))
    if rang_entete:
        lecture.remarques.append(Remarque(
            "info", f"L'en-tête a été trouvé à la ligne {lecteur.line_num} ({rang_entete} ligne(s) ignorée(s) avant)."
        ))

    def lignes():
        debut = lecteur.line_num + 1
        try:
            for cellules in lecteur:
                if any(c.strip() for c in cellules):
                    # an ASCII cell without NUL is kept as is (what nettoie_valeur returns, without the call)
                    brut = enregistrement(noms, [c if c.isascii() and "\x00" not in c else lecture.nettoie_valeur(c)
                                                 for c in cellules])
                    yield debut, brut
                debut = lecteur.line_num + 1
        except csv.Error as erreur:
            raise FichierIllisible(
                f"Le fichier CSV est mal formé vers la ligne {lecteur.line_num} ({erreur}) : "
                "vérifiez les guillemets."
            ) from erreur

    lecture._lignes = lignes()
    lecture._position = lambda: flux.tell() / taille if taille else 0.0
    return lecture


def lit_xlsx(chemin) -> Lecture:
    """The first non-empty sheet of an Excel workbook, read in streaming mode."""
    import zipfile

    import openpyxl

    try:
        classeur = openpyxl.load_workbook(chemin, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as erreur:
        raise FichierIllisible(f"Le classeur Excel ne peut pas être ouvert ({erreur}).") from erreur
    feuille = next((f for f in classeur.worksheets if (f.max_row or 0) > 0), None)
    if feuille is None:
        raise FichierIllisible("Le classeur Excel ne contient aucune feuille remplie.")
    total = feuille.max_row or 1
    rangees = feuille.iter_rows(values_only=True)
    premieres = []
    for rangee in rangees:
        premieres.append(list(rangee))
        if len(premieres) >= LIGNES_ENTETE_MAX:
            break
    rang_entete = trouve_entete([[("" if c is None else str(c)) for c in r] for r in premieres])
    noms = noms_colonnes(premieres[rang_entete] if premieres else [])
    lecture = Lecture(format="xlsx", colonnes=noms, encodage="", separateur="", _a_fermer=[classeur])
    if len(classeur.worksheets) > 1:
        lecture.remarques.append(
            Remarque("info", f"Classeur de plusieurs feuilles : seule « {feuille.title} » est lue.")
        )
    etat = {"ligne": 0}

    def lignes():
        numero = rang_entete + 1
        for rangee in itertools.chain(premieres[rang_entete + 1:], rangees):
            numero += 1
            etat["ligne"] = numero
            if any(c not in (None, "") for c in rangee):
                yield numero, enregistrement(noms, [lecture.nettoie_valeur(c) for c in rangee])

    lecture._lignes = lignes()
    lecture._position = lambda: etat["ligne"] / total
    return lecture
