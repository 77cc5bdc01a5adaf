"""Hostile files (found by a reliability probe and by fuzzing): each is refused by the reader with `FichierIllisible`
and a French message naming the bound that was hit, or read correctly; never another exception (the coordinator
would see « Erreur inattendue »), never the worker's memory or minutes of CPU. The files are generated here; their
measured cost before and after is in docs/fichiers-hostiles.md."""

import json
import zipfile

import pytest

from imports.lecteurs import FichierIllisible
from imports.lecteurs.base import noms_colonnes
from imports.lecteurs.limites import (
    CELLULE_MAX,
    COLONNES_MAX,
    ENREGISTREMENT_JSON_MAX,
    PROFONDEUR_JSON_MAX,
)
from tests.outils_lecture import classeur_ordinaire, lire, refus


# --- CSV --------------------------------------------------------------------------------------------------------


def test_csv_de_100_000_colonnes_refuse(tmp_path):
    chemin = tmp_path / "colonnes.csv"
    chemin.write_text(";".join(f"c{i}" for i in range(100_000)) + "\n" + ";".join("x" * 100_000) + "\n")
    message = refus(chemin)
    assert "Le fichier a 100\u202f000 colonnes à la ligne 1 : la limite est de 500." in message
    assert "supprimez les colonnes inutiles" in message


def test_csv_a_500_colonnes_lu(tmp_path):
    chemin = tmp_path / "large.csv"
    chemin.write_text(";".join(f"c{i}" for i in range(COLONNES_MAX)) + "\n" + ";".join("x" * COLONNES_MAX) + "\n")
    lecture, lignes = lire(chemin)
    assert len(lecture.colonnes) == COLONNES_MAX and len(lignes[0][1]) == COLONNES_MAX


def test_ligne_plus_large_que_la_limite(tmp_path):
    """Trailing empty cells beyond the bound are dropped (« ;;;; » of a spreadsheet export); a filled one refuses."""
    chemin = tmp_path / "a.csv"
    chemin.write_text("id;nom\n1;a" + ";" * 1000 + "\n2;b" + ";" * 1000 + "z\n")
    message = refus(chemin)
    assert "Le fichier a 1\u202f002 colonnes à la ligne 3" in message


def test_noms_de_colonnes_en_temps_lineaire():
    """100,000 header cells, half of them repeated: named in well under a second (it took 33 s: a list search)."""
    noms = noms_colonnes(["nom"] * 50_000 + [f"c{i}" for i in range(50_000)])
    assert noms[:3] == ["nom", "colonne_2", "colonne_3"] and len(set(noms)) == 100_000


def test_ligne_de_32_mo_refusee_sans_la_lire_en_entier(tmp_path):
    chemin = tmp_path / "cellule.csv"
    chemin.write_text('id;nom\n1;"' + "a" * (32 * 1024 * 1024) + '"\n')
    assert "La ligne 2 du fichier dépasse 2\u202f000\u202f000 caractères" in refus(chemin)


def test_cellule_de_32_mo_sur_plusieurs_lignes_refusee(tmp_path):
    chemin = tmp_path / "cellule.csv"
    chemin.write_text('id;nom\n1;"' + ("a" * 99 + "\n") * (320 * 1024) + '"\n')
    message = refus(chemin)
    assert "Une cellule dépasse 100\u202f000 caractères vers la ligne" in message
    assert "guillemet" in message


def test_guillemet_jamais_referme_refuse_avec_la_cellule_trop_longue(tmp_path):
    chemin = tmp_path / "guillemet.csv"
    chemin.write_text("id;nom\n1;\"Médiathèque\n" + "".join(f"{i};Lieu {i}\n" for i in range(20_000)))
    assert "Une cellule dépasse 100\u202f000 caractères" in refus(chemin)


def test_longue_description_sous_la_limite_lue(tmp_path):
    chemin = tmp_path / "long.csv"
    chemin.write_text('id;description\n1;"' + "é\n" * (CELLULE_MAX // 2 - 10) + '"\n')
    _, lignes = lire(chemin)
    assert len(lignes[0][1]["description"]) == CELLULE_MAX - 20


# --- JSON -------------------------------------------------------------------------------------------------------


def test_json_imbrique_sur_100_000_niveaux(tmp_path):
    chemin = tmp_path / "profond.json"
    chemin.write_text("[" + "[" * 100_000 + "]" * 100_000 + "]")
    message = refus(chemin)
    assert f"Le JSON est imbriqué sur plus de {PROFONDEUR_JSON_MAX} niveaux" in message


def test_json_imbrique_au_dela_de_64_niveaux_sans_depasser_la_pile(tmp_path):
    chemin = tmp_path / "profond.json"
    valeur = {"nom": "Lieu"}
    for _ in range(PROFONDEUR_JSON_MAX):
        valeur = {"a": valeur}
    chemin.write_text(json.dumps([valeur]))
    assert f"imbriqué sur plus de {PROFONDEUR_JSON_MAX} niveaux" in refus(chemin)


def test_json_imbrique_sous_la_limite_lu(tmp_path):
    chemin = tmp_path / "adresses.json"
    chemin.write_text(json.dumps([{"nom": "Lieu", "adresse": {"voie": {"numero": "3", "nom": "rue"}}}]))
    _, lignes = lire(chemin)
    assert lignes[0][1] == {"nom": "Lieu", "adresse.voie.numero": "3", "adresse.voie.nom": "rue"}


def test_json_une_valeur_de_32_mo_refusee(tmp_path):
    chemin = tmp_path / "valeur.json"
    chemin.write_text('[{"nom": "' + "a" * (32 * 1024 * 1024) + '"}]')
    message = refus(chemin)
    assert "Un enregistrement du JSON dépasse 4 Mo à partir du caractère 1" in message


def test_json_valeur_de_1_mo_lue_puis_refusee_comme_cellule(tmp_path):
    """Under the record bound, the text value is then over the cell bound: the message says it."""
    chemin = tmp_path / "valeur.json"
    chemin.write_text('[{"id": 1}, {"nom": "' + "a" * (1024 * 1024) + '"}]')
    assert "Une cellule dépasse 100\u202f000 caractères dans l'enregistrement" in refus(chemin)


def test_json_lecture_lineaire_d_un_gros_enregistrement(tmp_path):
    """A record just under the bound, in a file read block by block, is decoded whole (the buffer doubles)."""
    chemin = tmp_path / "gros.json"
    cles = {f"c{i}": "x" * 8000 for i in range(COLONNES_MAX - 1)}
    assert ENREGISTREMENT_JSON_MAX > len(json.dumps(cles)) > 4 * 1024 * 1024 * 0.9
    chemin.write_text(json.dumps([cles, {"c0": "fin"}]))
    lecture, lignes = lire(chemin)
    assert len(lecture.colonnes) == COLONNES_MAX - 1 and lignes[1][1] == {"c0": "fin"}


def test_json_mal_forme_au_debut_d_un_gros_fichier_sans_le_lire_en_entier(tmp_path):
    chemin = tmp_path / "casse.json"
    chemin.write_text('[{"nom": "a",, }' + ', {"nom": "b"}' * 600_000 + "]")  # 8 MB after the error
    assert "Un enregistrement du JSON dépasse 4 Mo" in refus(chemin)


def test_json_enregistrement_de_100_000_cles_refuse(tmp_path):
    chemin = tmp_path / "cles.json"
    chemin.write_text(json.dumps([{f"c{i}": i for i in range(100_000)}]))
    assert "Le fichier a 100\u202f000 colonnes (clés de l'enregistrement 1)" in refus(chemin)


def test_json_objet_sans_tableau_lu_en_temps_lineaire(tmp_path):
    """An object with no array of records: searched once, not from its start again at each block."""
    chemin = tmp_path / "objet.json"
    chemin.write_text("{" + ", ".join(f'"cle{i}": "valeur {i}"' for i in range(1_500_000)) + "}")
    assert "Ce JSON ne contient aucun tableau de lieux" in refus(chemin)


# --- through the whole import: the coordinator reads the reason, not « Erreur inattendue » ------------------------


def _fichiers_hostiles(tmp_path) -> dict[str, tuple]:
    profond = tmp_path / "profond.json"
    profond.write_text('[{"id": "1", "nom": "Lieu", "commune": "Angers"}, ' + "[" * 100_000 + "]" * 100_000 + "]")
    tronque = tmp_path / "tronque.csv"  # an XLSX, renamed, cut in the middle of its sheet
    tronque.write_bytes(classeur_ordinaire(tmp_path)[:-3000])
    colonnes = tmp_path / "colonnes.csv"
    colonnes.write_text("id;nom;commune;" + ";".join(f"c{i}" for i in range(1000)) + "\n1;Lieu;Angers\n")
    return {
        "profond": (profond, "Le JSON est imbriqué sur plus de 64 niveaux"),
        "tronque": (tronque, "Le classeur Excel est abîmé ou tronqué"),
        "colonnes": (colonnes, "Le fichier a 1\u202f003 colonnes à la ligne 1"),
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("geographie", "media")
@pytest.mark.parametrize("cas", ["profond", "tronque", "colonnes"])
def test_import_refuse_avec_la_raison(tmp_path, cas):
    from imports.models import ImportRun
    from tests.outils_import import importe

    chemin, message = _fichiers_hostiles(tmp_path)[cas]
    run = importe(chemin, f"hostile-{cas}")
    assert run.statut == ImportRun.Statut.REFUSE, run.erreur
    assert message in run.erreur and "Erreur inattendue" not in run.erreur


@pytest.mark.django_db
@pytest.mark.usefixtures("geographie", "media")
def test_import_refuse_avec_la_raison_dans_le_second_processus(tmp_path, settings):
    """Large files are read by a second process: a hostile record found there gives the same refusal."""
    from imports.models import ImportRun
    from tests.outils_import import importe

    settings.IMPORT_PROCESSUS_PARALLELE = True
    chemin = tmp_path / "profond.json"  # beyond the 200 first records, read to find the columns in this process
    lieux = [{"id": str(i), "pivot": "00000000000000", "nom": f"Lieu {i}", "commune": "Angers",
              "code_postal": "49000", "adresse": "1 rue Toussaint", "date_maj": "2024-04-02"} for i in range(300)]
    chemin.write_text(json.dumps(lieux)[:-1] + ", " + "[" * 100_000 + "]" * 100_000 + "]")
    run = importe(chemin, "hostile-parallele")
    assert run.statut == ImportRun.Statut.REFUSE
    assert "Le JSON est imbriqué sur plus de 64 niveaux" in run.erreur and "Erreur inattendue" not in run.erreur


def test_json_nombre_de_5000_chiffres(tmp_path):
    """Fuzzing: Python refuses to convert an integer of more than 4,300 digits (a ValueError, not a JSON error)."""
    chemin = tmp_path / "nombre.json"
    chemin.write_text('[{"id": 1}, {"id": ' + "1" * 5000 + "}]")
    assert "Le JSON contient un nombre de plus de 4300 chiffres dans l'enregistrement qui commence au caractère 12" \
        in refus(chemin)


# --- fuzzing: random damage never escapes as anything but FichierIllisible ------------------------------------------


def _abime(donnees: bytes, hasard) -> bytes:
    donnees = bytearray(donnees)
    for _ in range(hasard.randint(1, 8)):
        i, choix = hasard.randrange(max(1, len(donnees))), hasard.random()
        if choix < 0.4 and donnees:
            donnees[i] = hasard.randrange(256)
        elif choix < 0.6:
            donnees[i:i] = bytes(hasard.randrange(256) for _ in range(hasard.randint(1, 10)))
        elif choix < 0.8:
            del donnees[i:i + hasard.randint(1, 50)]
        elif choix < 0.9:
            del donnees[i:]
        else:
            donnees[i:i] = donnees[hasard.randrange(max(1, len(donnees))):][:hasard.randint(1, 200)]
    return bytes(donnees)


def _classeur_abime(donnees: bytes, hasard) -> bytes:
    """Damage inside the parts of the zip (valid CRCs): what openpyxl's XML reading sees."""
    import io

    source, sortie = zipfile.ZipFile(io.BytesIO(donnees)), io.BytesIO()
    cible = hasard.choice(source.namelist())
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as archive:
        for nom in source.namelist():
            contenu = source.read(nom)
            if hasard.random() < 0.03:
                continue  # a missing part
            archive.writestr(nom, _abime(contenu, hasard) if nom == cible or hasard.random() < 0.1 else contenu)
    return sortie.getvalue()


def test_fichiers_abimes_au_hasard(tmp_path):
    import random

    hasard = random.Random(20261202)
    classeur = classeur_ordinaire(tmp_path)
    lieux = [{"id": i, "nom": f"Lieu é {i}", "adresse": {"code_postal": "49000"}} for i in range(30)]
    modeles = {
        "a.xlsx": classeur, "b.csv": classeur,
        "c.csv": ("id;nom;commune\n" + "".join(f'{i};"Lieu é {i}";Angers\n' for i in range(30))).encode("cp1252"),
        "d.json": json.dumps(lieux).encode(),
        "e.geojson": json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"nom": "a"}, "geometry": {"type": "Point", "coordinates": [1, 2]}}
        ] * 20}).encode(),
    }
    issues = {"lu": 0, "refusé": 0}
    for essai in range(400):
        nom, modele = hasard.choice(list(modeles.items()))
        zip_ = modele.startswith(b"PK") and hasard.random() < 0.7
        chemin = tmp_path / f"{essai}-{nom}"
        chemin.write_bytes(_classeur_abime(modele, hasard) if zip_ else _abime(modele, hasard))
        try:
            lire(chemin)
        except FichierIllisible:
            issues["refusé"] += 1
        else:
            issues["lu"] += 1
    assert issues["lu"] > 50 and issues["refusé"] > 50  # both outcomes exercised, nothing else


def test_la_limite_tient_meme_si_un_autre_module_la_releve(tmp_path):
    """The csv module's field limit is global: frictionless raises it to the maximum when it is imported."""
    import csv
    import sys

    csv.field_size_limit(sys.maxsize)
    chemin = tmp_path / "cellule.csv"
    chemin.write_text('id;nom\n1;"' + ("a" * 99 + "\n") * (320 * 1024) + '"\n')
    assert "Une cellule dépasse 100\u202f000 caractères" in refus(chemin)
