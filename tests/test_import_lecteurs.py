"""Readers: encodings, delimiters, header rows, multi-line cells, JSON/GeoJSON streaming, XLSX, real files."""

import json

import openpyxl
import pytest
from django.conf import settings

from imports.lecteurs import FichierIllisible, detecte_format, ouvrir
from imports.lecteurs.encodage import detecte_encodage, repare_double_encodage
from imports.lecteurs.tableur import detecte_separateur

DONNEES = settings.SHARED_DIR / "data"


def lire(chemin):
    lecture = ouvrir(chemin)
    return lecture, list(lecture.lignes())


def ecrire(tmp_path, nom, contenu: bytes):
    chemin = tmp_path / nom
    chemin.write_bytes(contenu)
    return chemin


# --- encodages ------------------------------------------------------------------------------------------------


def test_utf8_avec_bom(tmp_path):
    lecture, lignes = lire(ecrire(tmp_path, "a.csv", "\ufeffid;nom\n1;Médiathèque\n".encode()))
    assert lecture.encodage == "UTF-8 avec BOM"
    assert lecture.colonnes == ["id", "nom"]
    assert lignes == [(2, {"id": "1", "nom": "Médiathèque"})]


def test_windows_1252(tmp_path):
    contenu = "id;nom;commune\n1;Espace numérique de l'Hôtel de ville;Trélazé\n".encode("cp1252")
    lecture, lignes = lire(ecrire(tmp_path, "a.csv", contenu))
    assert lecture.encodage == "Windows-1252"
    assert lignes[0][1]["nom"] == "Espace numérique de l'Hôtel de ville"
    assert lignes[0][1]["commune"] == "Trélazé"
    assert "n'est pas en UTF-8" in lecture.remarques[0].texte


def test_mac_roman_du_fichier_de_nice():
    """Le README annonce Windows-1252 ; les octets 0x8E (é) et 0xCA (espace insécable) et les fins de ligne CR seules
    sont ceux de Mac OS Roman (Excel pour Mac) : c'est ainsi qu'on garde les accents."""
    lecture, lignes = lire(DONNEES / "acc-nice__coordonnees-cyber-espaces.csv")
    assert lecture.encodage == "Mac OS Roman"
    assert lecture.separateur == "point-virgule"
    assert len(lignes) == 8
    assert lignes[0][1]["ETABLISSEMENT_ADRESSE"] == "4,\xa0rue\xa0Sainte\xa0Réparate"
    assert all("Ž" not in str(brut) and "Ê" not in str(brut) for _, brut in lignes)


def test_nice_dit_pourquoi_mac_os_roman():
    """The README of the shared data says Windows-1252; the bytes say Mac OS Roman. The remark shows both readings
    of the first accented word, so that a coordinator can check the choice instead of taking it on trust."""
    lecture, _ = lire(DONNEES / "acc-nice__coordonnees-cyber-espaces.csv")
    assert lecture.remarques[0].texte == (
        "Encodage : le fichier n'est pas en UTF-8 : lu comme Mac OS Roman (« rue\xa0Sainte\xa0Réparate » ; en "
        "Windows-1252 on lirait « ÊrueÊSainteÊRŽparate »)."
    )


# French words with é è à ç ô and capitals, in every line ending: a Windows-1252 file is read as Windows-1252
MOTS_CP1252 = ["ça été ça", "ALENÇON", "Réparate", "Ève", "Île", "Médiathèque de Trélazé", "côté Hôtel", "déjà",
               "CÔTE D’AZUR", "Pôle numérique", "Saint-Étienne", "Noël à Châteauroux", "n° 12 €", "Ñandú"]


@pytest.mark.parametrize("fin", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("mot", MOTS_CP1252)
def test_windows_1252_prefere_a_mac_os_roman(mot, fin):
    contenu = f"id;nom{fin}1;{mot}{fin}2;Espace{fin}".encode("cp1252")
    encodage = detecte_encodage(contenu, complet=True)
    assert encodage.nom == "cp1252", encodage.remarque
    assert contenu.decode(encodage.nom).split(fin)[1] == f"1;{mot}"


def test_remarque_montre_les_deux_lectures():
    encodage = detecte_encodage("id;nom\r1;ALENÇON\r".encode("cp1252"), complet=True)
    assert encodage.remarque == ("le fichier n'est pas en UTF-8 : lu comme Windows-1252 (« ALENÇON » ; en Mac OS Roman "
                                 "on lirait « ALEN«ON »)")


def test_utf8_encode_deux_fois_repare(tmp_path):
    double = "id,nom\n1,Médiathèque Françoise Giroud\n".encode().decode("cp1252").encode()
    lecture, lignes = lire(ecrire(tmp_path, "a.csv", double))
    assert lignes[0][1]["nom"] == "Médiathèque Françoise Giroud"
    assert lecture.cellules_reparees == 1
    assert any("encodées deux fois" in r.texte for r in lecture.remarques_finales())


@pytest.mark.parametrize("abime, repare", [
    ("Ã©cole", "école"),
    ("lâ€™accueil", "l’accueil"),
    ("Ã€ distance", "À distance"),
    ("déjà bon", "déjà bon"),
    ("Ãcole mÃ©lange", "Ãcole mélange"),  # partly damaged: only the readable sequences are repaired
])
def test_repare_double_encodage(abime, repare):
    assert repare_double_encodage(abime) == repare


def test_caracteres_illisibles_comptes_dans_la_region_sud():
    lecture, lignes = lire(DONNEES / "mednumcli__regionsud-lieux-dinclusion-numerique-2022_v2.csv")
    assert len(lignes) == 1245
    assert lecture.caracteres_illisibles == 7639
    assert lignes[0][1]["nom"] == "Biblioth\ufffdque"
    assert "7639 caractères illisibles" in lecture.remarques_finales()[-1].texte


def test_octets_invalides_dans_un_fichier_utf8(tmp_path):
    contenu = ("id;nom\n" + "".join(f"{i};Médiathèque numéro {i}\n" for i in range(40))).encode() + b"99;Biblioth\xe8que\n"
    lecture, lignes = lire(ecrire(tmp_path, "a.csv", contenu))
    assert lecture.encodage == "UTF-8"
    assert lignes[0][1]["nom"] == "Médiathèque numéro 0"
    assert lignes[-1][1]["nom"] == "Biblioth\ufffdque"
    assert lecture.caracteres_illisibles == 1


def test_detecte_encodage_prefere_le_francais():
    assert detecte_encodage("Réparate à côté".encode("cp1252")).nom == "cp1252"
    assert detecte_encodage("Réparate à côté".encode("mac_roman")).nom == "mac_roman"


# --- séparateurs, en-têtes, cellules --------------------------------------------------------------------------


@pytest.mark.parametrize("separateur", [",", ";", "\t"])
def test_separateur_detecte(separateur):
    texte = separateur.join(["id", "nom", "adresse"]) + "\n" + separateur.join(["1", "A, B", "rue X; Y"]) + "\n"
    if separateur == ",":
        texte = 'id,nom,adresse\n1,"A, B",rue X; Y\n'
    assert detecte_separateur(texte) == separateur


def test_entete_trouve_apres_des_lignes_vides_et_un_titre(tmp_path):
    contenu = "\n;;\n;;;Liste des lieux;;\nid;nom;adresse;commune;code_postal\n1;EPN;1 rue A;Angers;49000\n"
    lecture, lignes = lire(ecrire(tmp_path, "a.csv", contenu.encode()))
    assert lecture.colonnes == ["id", "nom", "adresse", "commune", "code_postal"]
    assert lignes == [(5, {"id": "1", "nom": "EPN", "adresse": "1 rue A", "commune": "Angers", "code_postal": "49000"})]


def test_entete_du_fichier_hubik_sur_la_deuxieme_ligne():
    lecture, lignes = lire(DONNEES / "acc-hubik__Cartographies departements - Pyrénées-Atlantiques.csv")
    assert lecture.colonnes[:3] == ["id", "Lat", "Long"]
    assert len(lignes) == 142
    assert lignes[0][0] == 3  # physical line number in the file


def test_cellules_sur_plusieurs_lignes_et_numeros_de_ligne(tmp_path):
    contenu = 'id,nom,horaires\r\n1,"EPN\r\ndu centre","Mo 09:00-12:00"\r\n2,B,\r\n'
    _, lignes = lire(ecrire(tmp_path, "a.csv", contenu.encode()))
    assert lignes == [(2, {"id": "1", "nom": "EPN\r\ndu centre", "horaires": "Mo 09:00-12:00"}),  # raw, as written
                      (4, {"id": "2", "nom": "B", "horaires": ""})]


def test_colonnes_sans_nom_et_cellules_en_trop(tmp_path):
    _, lignes = lire(ecrire(tmp_path, "a.csv", b"id;;nom\n1;x;A;en trop\n"))
    assert lignes[0][1] == {"id": "1", "colonne_2": "x", "nom": "A", "colonne_4": "en trop"}


def test_lignes_entierement_vides_sautees(tmp_path):
    _, lignes = lire(ecrire(tmp_path, "a.csv", b"id,nom\n1,A\n,\n\n2,B\n"))
    assert [brut["id"] for _, brut in lignes] == ["1", "2"]


def test_fichier_vide_refuse(tmp_path):
    with pytest.raises(FichierIllisible, match="vide"):
        ouvrir(ecrire(tmp_path, "a.csv", b""))


def test_xls_ancien_refuse():
    with pytest.raises(FichierIllisible, match=r"\.xls"):
        detecte_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "lieux.xls")


def test_binaire_refuse():
    with pytest.raises(FichierIllisible, match="binaire"):
        detecte_format(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "image.csv")


# --- JSON, GeoJSON --------------------------------------------------------------------------------------------


def test_json_tableau_aplati(tmp_path):
    donnees = [{"id": "a", "adresse": {"voie": "1 rue X", "code_postal": 49000}, "services": ["A", "B"]},
               {"id": "b", "latitude": float("nan")}]
    lecture, lignes = lire(ecrire(tmp_path, "a.json", json.dumps(donnees).encode()))
    assert lecture.format == "json" and lecture.unite == "enregistrement"
    assert lignes[0] == (1, {"id": "a", "adresse.voie": "1 rue X", "adresse.code_postal": 49000, "services": ["A", "B"]})
    assert lignes[1] == (2, {"id": "b", "latitude": None})


def test_json_lu_par_morceaux(tmp_path, monkeypatch):
    """Elements longer than the read block are decoded across blocks."""
    monkeypatch.setattr("imports.lecteurs.json.TAILLE_BLOC", 64)
    donnees = [{"id": str(i), "nom": "x" * 150, "n": 12345.678} for i in range(50)]
    _, lignes = lire(ecrire(tmp_path, "a.json", json.dumps(donnees).encode()))
    assert [brut["id"] for _, brut in lignes] == [str(i) for i in range(50)]
    assert all(brut["n"] == 12345.678 for _, brut in lignes)


def test_geojson(tmp_path):
    collection = {"type": "FeatureCollection", "name": "lieux", "features": [
        {"type": "Feature", "id": "f1", "geometry": {"type": "Point", "coordinates": [-0.55, 47.47]},
         "properties": {"nom": "EPN"}},
        {"type": "Feature", "geometry": None, "properties": {"id": "f2", "nom": "B"}},
    ]}
    lecture, lignes = lire(ecrire(tmp_path, "a.geojson", json.dumps(collection).encode()))
    assert lecture.format == "geojson"
    assert lignes[0][1] == {"nom": "EPN", "id": "f1", "longitude": -0.55, "latitude": 47.47}
    assert lignes[1][1] == {"id": "f2", "nom": "B"}


def test_json_enveloppe(tmp_path):
    lecture, lignes = lire(ecrire(tmp_path, "a.json", b'{"total": 1, "data": [{"id": "x"}]}'))
    assert lignes == [(1, {"id": "x"})]
    assert "« data »" in lecture.remarques[0].texte


def test_json_tronque_signale(tmp_path):
    with pytest.raises(FichierIllisible, match="JSON invalide vers le caractère 33 : fichier tronqué"):
        lire(ecrire(tmp_path, "a.json", b'[{"id": "a"}, {"id": "b", "nom": "x'))
    with pytest.raises(FichierIllisible, match="avant la fin du tableau"):
        lire(ecrire(tmp_path, "b.json", b'[{"id": "a"}, {"id": "b"}'))


# --- XLSX -----------------------------------------------------------------------------------------------------


def test_xlsx(tmp_path):
    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.append([None, None])
    feuille.append(["id", "nom", "code_postal", "date_maj"])
    feuille.append(["L1", "Médiathèque", 6000, None])
    import datetime as dt

    feuille.append(["L2", "EPN", 49000.0, dt.datetime(2024, 4, 2)])
    chemin = tmp_path / "lieux.xlsx"
    classeur.save(chemin)
    lecture, lignes = lire(chemin)
    assert lecture.format == "xlsx"
    assert lecture.colonnes == ["id", "nom", "code_postal", "date_maj"]
    assert lignes == [(3, {"id": "L1", "nom": "Médiathèque", "code_postal": 6000, "date_maj": None}),
                      (4, {"id": "L2", "nom": "EPN", "code_postal": 49000, "date_maj": "2024-04-02T00:00:00"})]


# --- every real file ------------------------------------------------------------------------------------------

NOMBRES = {
    "acc-bfc__2020-07-09_BFC-TERNUM_export.csv": 642,
    "acc-hubik__Cartographies departements - Pyrénées-Atlantiques.csv": 142,
    "acc-nice__coordonnees-cyber-espaces.csv": 8,
    "acc-normandie__GEO_NUM_DAN_SRTN_espaces_publics_numeriques.csv": 118,
    "bfc__bfc-ternum-dataset.csv": 697,
    "cartoclient__20230516-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.json": 792,
    "cartoclient__20230517-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.json": 646,
    "cartoclient__lieux-de-mediation-numerique.cnfs.json": 2733,
    "fsmap__france_services.csv": 483,
    "mednumcli__addresses.json": 5,
    "mednumcli__data-inclusion-services.json": 4261,
    "mednumcli__maine-et-loire.json": 243,
    "mednumcli__regionsud-lieux-dinclusion-numerique-2022_v2.csv": 1245,
    "bfc__bfc-ternum-fields-custom-props.json": 29,
    "bfc__bfc-ternum-schema.json": 29,
}


def test_tous_les_fichiers_reels_sont_lus():
    fichiers = sorted(p.name for p in DONNEES.iterdir() if p.suffix in (".csv", ".json"))
    assert sorted(NOMBRES) == fichiers
    for nom, attendu in NOMBRES.items():
        _, lignes = lire(DONNEES / nom)
        assert len(lignes) == attendu, nom
