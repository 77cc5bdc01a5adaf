"""CSV and XLSX readers: encoding, delimiter and header row found from the first rows, then rows streamed."""

from __future__ import annotations

import csv
import io
import itertools
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
from .limites import (
    CELLULE_MAX,
    COLONNES_MAX,
    LIGNE_MAX,
    XLSX_CELLULES_RANGEE_MAX,
    XLSX_DECOMPRESSE_MAX,
    XLSX_PARTIE_MAX,
    XLSX_PARTIES_MAX,
    XLSX_TAUX_MAX,
    cellule_trop_longue,
    classeur_abime,
    classeur_demesure,
    ligne_trop_longue,
    trop_de_colonnes,
)

SEPARATEURS = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}
# A cell may hold a long description with newlines, not the rest of the file after a quote left open: the csv module
# stops there (« field larger than field limit ») instead of filling the memory. The limit is global to the csv module
# and frictionless raises it when it is imported: it is set again before each file and each row is read.
csv.field_size_limit(CELLULE_MAX)


def _erreur_csv(erreur: csv.Error, ligne: int) -> FichierIllisible:
    if "field limit" in str(erreur):
        return cellule_trop_longue(f"vers la ligne {ligne}")
    return FichierIllisible(
        f"Le fichier CSV est mal formé vers la ligne {ligne} ({erreur}) : vérifiez les guillemets."
    )


def _lignes_bornees(texte):
    """The physical lines of the text, each read at most LIGNE_MAX characters at a time: a 32 MB line without a line
    break is refused without being held whole."""
    numero = 0
    while ligne := texte.readline(LIGNE_MAX + 1):
        numero += 1
        if len(ligne) > LIGNE_MAX:
            raise ligne_trop_longue(numero)
        yield ligne


def _borne_largeur(cellules: list, ligne: int) -> list:
    """A row of at most COLONNES_MAX cells: empty cells beyond are dropped, a filled one refuses the file."""
    if len(cellules) <= COLONNES_MAX:
        return cellules
    if any(c not in (None, "") and str(c).strip() for c in cellules[COLONNES_MAX:]):
        raise trop_de_colonnes(len(cellules), f" à la ligne {ligne}")
    return cellules[:COLONNES_MAX]


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
    csv.field_size_limit(CELLULE_MAX)
    lecteur = csv.reader(_lignes_bornees(texte_flux), delimiter=separateur)
    entete = None
    try:
        for _ in range(rang_entete + 1):
            entete = next(lecteur, None)
        if not entete:
            raise FichierIllisible("Aucune ligne d'en-tête n'a été trouvée dans le fichier.")
        noms = noms_colonnes(_borne_largeur(entete, lecteur.line_num))
    except csv.Error as erreur:
        texte_flux.close()
        if "field limit" in str(erreur):
            raise _erreur_csv(erreur, lecteur.line_num) from erreur
        raise FichierIllisible(f"En-tête CSV illisible ({erreur}).") from erreur
    except FichierIllisible:
        texte_flux.close()
        raise

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
                    if len(cellules) > COLONNES_MAX:
                        cellules = _borne_largeur(cellules, debut)
                    # an ASCII cell without NUL is kept as is (what nettoie_valeur returns, without the call)
                    brut = enregistrement(noms, [c if c.isascii() and "\x00" not in c else lecture.nettoie_valeur(c)
                                                 for c in cellules])
                    yield debut, brut
                debut = lecteur.line_num + 1
                csv.field_size_limit(CELLULE_MAX)  # read again by the parser at the next row
        except csv.Error as erreur:
            raise _erreur_csv(erreur, lecteur.line_num) from erreur

    lecture._lignes = lignes()
    lecture._position = lambda: flux.tell() / taille if taille else 0.0
    return lecture


def lit_xlsx(chemin) -> Lecture:
    """The first non-empty sheet of an Excel workbook, read in streaming mode, after checking that the zip is not a
    bomb (`verifie_archive`) and that no row holds more cells than Excel can write (`verifie_feuille`).

    Whatever openpyxl raises on a damaged file (a truncated zip, bad XML, a missing part) becomes `FichierIllisible`,
    also when it happens while the rows are read."""
    import openpyxl

    fichier = open(chemin, "rb")  # noqa: SIM115 — a file object: openpyxl then ignores the extension (.csv, .json)
    try:
        verifie_archive(fichier)
        classeur = openpyxl.load_workbook(fichier, read_only=True, data_only=True)
    except FichierIllisible:
        fichier.close()
        raise
    except Exception as erreur:  # noqa: BLE001 — any failure of openpyxl on a hostile file is the file's fault
        fichier.close()
        raise classeur_abime(f"{erreur.__class__.__name__} : {erreur}") from erreur
    try:
        return _lit_classeur(classeur, fichier)
    except BaseException as erreur:
        classeur.close()
        fichier.close()
        if isinstance(erreur, (FichierIllisible, KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        if isinstance(erreur, Exception):
            raise classeur_abime(f"{erreur.__class__.__name__} : {erreur}") from erreur
        raise


def verifie_archive(fichier):
    """Refuses a zip that is not a workbook, or whose parts inflate beyond the bounds of `limites`, before openpyxl
    inflates anything (sizes from the zip's directory; a part lying about its size fails its CRC check later)."""
    import zipfile

    try:
        archive = zipfile.ZipFile(fichier)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as erreur:
        raise classeur_abime(f"archive ZIP illisible : {erreur}") from erreur
    parties = archive.infolist()
    noms = {p.filename for p in parties}
    if "xl/workbook.xml" not in noms:
        if "mimetype" in noms and b"opendocument" in archive.read("mimetype")[:100]:
            raise FichierIllisible("Les classeurs OpenDocument (.ods) ne sont pas pris en charge : enregistrez le "
                                   "fichier en .xlsx ou .csv.")
        raise FichierIllisible("Ce fichier est une archive ZIP, mais pas un classeur Excel (.xlsx) : envoyez un "
                               "fichier .xlsx, .csv ou .json.")
    if len(parties) > XLSX_PARTIES_MAX:
        raise classeur_demesure(f"il contient {len(parties)} fichiers internes (limite : {XLSX_PARTIES_MAX})")
    total = sum(p.file_size for p in parties)
    if total > XLSX_DECOMPRESSE_MAX:
        raise classeur_demesure(f"une fois décompressé, il ferait {total // 2**20} Mo (limite : "
                                f"{XLSX_DECOMPRESSE_MAX // 2**20} Mo)")
    for partie in parties:
        if partie.file_size > 2**20 and partie.file_size > XLSX_TAUX_MAX * max(1, partie.compress_size):
            raise classeur_demesure(
                f"sa partie « {partie.filename} » se décompresse {partie.file_size // max(1, partie.compress_size)} "
                f"fois (limite : {XLSX_TAUX_MAX} fois), comme une « bombe » de compression"
            )
        if partie.file_size > XLSX_PARTIE_MAX and not partie.filename.startswith("xl/worksheets/"):
            raise classeur_demesure(f"sa partie « {partie.filename} » fait {partie.file_size // 2**20} Mo "
                                    f"décompressée (limite : {XLSX_PARTIE_MAX // 2**20} Mo)")
    fichier.seek(0)


def verifie_feuille(source):
    """Streams the XML of a sheet (constant memory) and refuses a row of more cells than Excel writes: openpyxl
    builds each row whole before giving it, a row of a million cells took a gigabyte. Bad XML is refused here too."""
    from xml.parsers import expat

    etat = {"cellules": 0, "rangees": 0}

    def debut(nom, _attributs):
        local = nom.rpartition(":")[2]
        if local == "c":
            etat["cellules"] += 1
            if etat["cellules"] > XLSX_CELLULES_RANGEE_MAX:
                raise classeur_demesure(
                    f"la rangée {etat['rangees']} contient plus de {XLSX_CELLULES_RANGEE_MAX} cellules, plus "
                    "qu'Excel ne peut en écrire"
                )
        elif local == "row":
            etat["cellules"] = 0
            etat["rangees"] += 1

    analyseur = expat.ParserCreate()
    analyseur.StartElementHandler = debut
    try:
        analyseur.ParseFile(source)
    except expat.ExpatError as erreur:
        raise classeur_abime(f"XML invalide : {erreur}") from erreur


def _lit_classeur(classeur, fichier) -> Lecture:
    feuille, premieres, rangees, total = None, [], iter(()), 1
    for candidate in classeur.worksheets:
        with candidate._get_source() as source:  # noqa: SLF001 — the sheet's XML part, for verifie_feuille
            verifie_feuille(source)
        total = candidate.max_row or 1
        # the declared dimension may say A1:XFD1048576 (a whole formatted column): openpyxl would pad every row to
        # 16,384 cells; without it, each row is as wide as its last written cell (verifie_feuille bounds it)
        candidate.reset_dimensions()
        rangees = candidate.iter_rows(values_only=True)
        premieres = [list(rangee) for rangee in itertools.islice(rangees, LIGNES_ENTETE_MAX)]
        if any(c not in (None, "") for rangee in premieres for c in rangee):
            feuille = candidate
            break
    if feuille is None:
        raise FichierIllisible("Le classeur Excel ne contient aucune feuille remplie.")
    rang_entete = trouve_entete([[("" if c is None else str(c)) for c in r] for r in premieres])
    noms = noms_colonnes(_borne_largeur(_sans_vides_a_droite(premieres[rang_entete]), rang_entete + 1))
    lecture = Lecture(format="xlsx", colonnes=noms, encodage="", separateur="", _a_fermer=[fichier, classeur])
    if len(classeur.worksheets) > 1:
        lecture.remarques.append(
            Remarque("info", f"Classeur de plusieurs feuilles : seule « {feuille.title} » est lue.")
        )
    etat = {"ligne": 0}
    largeur = len(noms)

    def lignes():
        numero = rang_entete + 1
        try:
            for rangee in itertools.chain(premieres[rang_entete + 1:], rangees):
                numero += 1
                etat["ligne"] = numero
                if any(c not in (None, "") for c in rangee):
                    cellules = _borne_largeur(list(rangee), numero)
                    if len(cellules) < largeur:  # as wide as the header, as openpyxl did from the dimension
                        cellules.extend([None] * (largeur - len(cellules)))
                    for c in cellules:
                        if isinstance(c, str) and len(c) > CELLULE_MAX:
                            raise cellule_trop_longue(f"à la ligne {numero}")
                    yield numero, enregistrement(noms, [lecture.nettoie_valeur(c) for c in cellules])
        except FichierIllisible:
            raise
        except Exception as erreur:  # noqa: BLE001 — a sheet damaged further on (bad XML, truncated part)
            raise classeur_abime(f"vers la ligne {numero} : {erreur.__class__.__name__} : {erreur}") from erreur

    lecture._lignes = lignes()
    lecture._position = lambda: etat["ligne"] / total
    return lecture


def _sans_vides_a_droite(rangee) -> list:
    rangee = list(rangee)
    while rangee and rangee[-1] in (None, ""):
        rangee.pop()
    return rangee
