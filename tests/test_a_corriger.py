"""The « à corriger » file back to each producer (imports/a_corriger.py, docs/a-corriger.md), on real files of
../shared/data: Maine-et-Loire's hub export (its own columns, read with a profile; rows rejected, stale, doubtful and
corrected), the two PACA files as two sources (doubtful pairs between sources), and a small standard file whose cells
look like formulas."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from imports.a_corriger import PasDeProfil, compte_par_type, lignes_a_corriger, profil_de
from imports.a_corriger_fichiers import fichier_a_corriger
from imports.export import exporte, lieux_exportes
from imports.models import Source
from lieux.models import Provenance
from lieux.modifications import modifier_lieu
from tests.factories import compte
from tests.outils_import import DONNEES, PACA_16, PACA_17, fichier, importe, lieu

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media"), pytest.mark.slow]

EXTRAS = ["type_probleme", "motif_a_corriger"]


def lire_csv(contenu: bytes, separateur=","):
    texte = contenu.decode("utf-8").removeprefix("\ufeff")
    lignes = list(csv.reader(io.StringIO(texte, newline=""), delimiter=separateur))
    return lignes[0], [dict(zip(lignes[0], rang, strict=True)) for rang in lignes[1:]]


def par_id(lignes):
    return {ligne.get("id") or ligne.get("ID_LieuMed"): ligne for ligne in lignes}


@pytest.fixture
def m49():
    """Maine-et-Loire's hub export read with the suggested profile (243 rows, 4 rejected), then a coordinator's
    change of a name and of a phone number kept against the file."""
    call_command("import_lieux", str(DONNEES / "mednumcli__maine-et-loire.json"), "--source", "m49",
                 "--correspondance", "auto", stdout=io.StringIO(), stderr=io.StringIO(), verbosity=0)
    source = Source.objects.get(nom="m49")
    from django.contrib.auth.models import User

    personne = User.objects.create_user("claire", "claire@example.org", "x", is_staff=True)
    emploi = Provenance.objects.get(source="m49", id_source="LMN155").lieu
    modifier_lieu(emploi, {"nom": "Espace Emploi de Montrevault", "telephone": "+33600000001"}, par=personne,
                  origine="administration")
    return source


def test_chaque_type_avec_son_motif_aux_colonnes_du_standard(m49):
    lignes = lignes_a_corriger(m49)
    comptes = compte_par_type(lignes)
    assert comptes["rejetee"] == 4 and comptes["modifiee_par_un_coordinateur"] == 1
    assert comptes["perimee"] > 150 and comptes["doublon_possible"] >= 2 and comptes["corrigee_a_l_import"] > 200

    entete, rangs = lire_csv(fichier_a_corriger(m49, "csv", "standard"))
    # the header of our standard export, then the two extra columns
    export = next(iter(exporte(lieux_exportes(source="m49"), "csv")))
    assert entete == next(csv.reader([export])) + EXTRAS
    rangs = par_id(rangs)
    # rejected: the row as received (through the profile), the error named with the hub's own column
    rejetee = rangs["LMN199"]
    assert rejetee["type_probleme"] == "rejetee" and rejetee["nom"] == "CCAS - Segré-en-Anjou Bleu"
    assert "refusée à l'import" in rejetee["motif_a_corriger"]
    assert "code_postal (colonne « CP ») : 4900 n'est pas un code postal à 5 chiffres" in rejetee["motif_a_corriger"]
    assert "nom (colonne « NOM_STRUCTURE ») : nom du lieu absent" in rangs["LMN160"]["motif_a_corriger"]
    # stale, with its date; corrected: an invalid e-mail dropped, an unknown category, a phone reformatted, an
    # enumeration mapped
    cpam = rangs["LMN042"]
    assert cpam["type_probleme"] == "perimee|corrigee_a_l_import"
    motifs = cpam["motif_a_corriger"].split("\n")
    assert motifs[0] == ("Date de mise à jour : 09/12/2020, il y a plus d'un an : vérifiez les informations de ce "
                         "lieu, puis inscrivez la date de cette vérification dans la colonne « DAT_MaJ ».")
    assert ("courriels (colonne « MAIL_STRUC ») : « twitter@cpam49 » n'est pas une adresse électronique valide "
            "— ignoré") in motifs
    assert any(m.startswith("typologie (colonne « SS_CAT ») : « Opérateur - Service public » n'a pas pu être repris")
               for m in motifs)
    pij = rangs["LMN146"]["motif_a_corriger"]
    assert "telephone (colonne « NUM_TEL ») : « 02 41 30 06 32 » → « +33241300632 » (corrigé à l'import)." in pij
    # numbers are no formulas: west of Greenwich, the phone in E.164
    assert rangs["LMN146"]["longitude"] == "-1.047773" and rangs["LMN146"]["telephone"] == "+33241300632"
    assert "typologie (colonne « SS_CAT ») : « Point Information Jeunesse (PIJ) » → « PIJ_BIJ »" in pij
    # doubtful: in a pair of its own file waiting for a person
    assert "doublon_possible" in rangs["LMN146"]["type_probleme"]
    assert ("Peut-être le même lieu que « Espace Emploi », Montrevault-sur-Èvre (votre propre fichier, identifiant "
            "LMN155") in pij
    # changed by a coordinator: the file's value and the kept one; a phone a person typed is never sent back
    emploi = rangs["LMN155"]
    assert "modifiee_par_un_coordinateur" in emploi["type_probleme"]
    assert ("nom : le fichier dit « Espace Emploi », la valeur retenue est « Espace Emploi de Montrevault »"
            in emploi["motif_a_corriger"])
    assert "telephone : le fichier dit « +33241300632 », la valeur retenue est une autre valeur, non reproduite" \
        in emploi["motif_a_corriger"]
    assert "+33600000001" not in "".join(r["motif_a_corriger"] + r["telephone"] for r in rangs.values())
    assert "claire" not in "".join(r["motif_a_corriger"] for r in rangs.values())


def test_colonnes_de_la_source_en_csv_et_en_xlsx(m49, tmp_path):
    profil = profil_de(m49)
    entete, rangs = lire_csv(fichier_a_corriger(m49, "csv", "source"), separateur=";")
    # the hub's own column names, in its order, and its raw values
    assert entete == list(profil.colonnes_vues) + EXTRAS
    assert entete[:3] == ["ID_LieuMed", "ID_COURT", "DAT_MaJ"] and "NOM_STRUCTURE" in entete and "nom" not in entete
    rangs = par_id(rangs)
    assert rangs["LMN042"]["DAT_MaJ"] == "09/12/2020" and rangs["LMN042"]["MAIL_STRUC"] == "twitter@cpam49"
    assert rangs["LMN146"]["NUM_TEL"] == "02 41 30 06 32"  # as the hub wrote it, not our +33…
    assert rangs["LMN199"]["CP"] == "4900" and rangs["LMN199"]["type_probleme"] == "rejetee"
    assert rangs["LMN001"]["DEM_Gen"] == "'-"  # a cell starting with « - » shown, not run, by a spreadsheet

    chemin = tmp_path / "m49.xlsx"
    call_command("fichier_a_corriger", "m49", str(chemin), "--colonnes", "source", verbosity=0)
    feuille = openpyxl.load_workbook(chemin).active
    valeurs = list(feuille.iter_rows(values_only=True))
    assert list(valeurs[0]) == entete
    xlsx = {v[0]: dict(zip(entete, v, strict=True)) for v in valeurs[1:]}
    assert set(xlsx) == set(rangs)
    assert xlsx["LMN042"]["motif_a_corriger"] == rangs["LMN042"]["motif_a_corriger"]
    assert xlsx["LMN001"]["DEM_Gen"] == "-"  # a text cell: no apostrophe needed
    assert all(c.data_type == "s" for ligne in feuille.iter_rows(min_row=2) for c in ligne if c.value is not None)


def test_doublons_entre_deux_sources_et_fichier_standard_sans_profil(tmp_path, admin_client):
    importe(PACA_16, "hub-du-sud-16")
    importe(PACA_17, "hub-du-sud-17")
    source = Source.objects.get(nom="hub-du-sud-17")
    entete, rangs = lire_csv(fichier_a_corriger(source, "csv", "standard"))
    export = next(iter(exporte(lieux_exportes(source="hub-du-sud-17"), "csv")))
    assert entete == next(csv.reader([export])) + EXTRAS
    doublons = [r for r in rangs if "doublon_possible" in r["type_probleme"]]
    assert doublons and all(r["motif_a_corriger"].count("Peut-être le même lieu que « ") >= 1 for r in doublons)
    assert any("(source hub-du-sud-16" in r["motif_a_corriger"] for r in doublons)
    # the 7 opening hours our import could not read, said to the hub
    horaires = [r for r in rangs if "\nhoraires : « " in "\n" + r["motif_a_corriger"]]
    assert len(horaires) == 7 and all("corrigee_a_l_import" in r["type_probleme"] for r in horaires)
    assert all("perimee" in r["type_probleme"] for r in rangs)  # May 2023: all more than a year old
    # a standard file has no columns of its own
    with pytest.raises(PasDeProfil):
        fichier_a_corriger(source, "csv", "source")
    sortie = io.StringIO()
    call_command("fichier_a_corriger", "hub-du-sud-17", str(tmp_path / "hub.csv"), stderr=sortie)
    assert (tmp_path / "hub.csv").read_bytes() == fichier_a_corriger(source, "csv", "standard")
    assert sortie.getvalue().startswith(f"{len(rangs)} lignes à corriger écrites dans ")
    assert f"{len(doublons)} doublons possibles" in sortie.getvalue()
    page = admin_client.get(reverse("admin:imports_source_change", args=[source.pk])).content.decode()
    assert "Télécharger le fichier à corriger (CSV, colonnes du standard)" in page
    assert "colonnes de la source" not in page
    url = reverse("admin:imports_source_a_corriger", args=[source.pk])
    assert admin_client.get(url + "?format=xlsx&colonnes=source").status_code == 404
    with pytest.raises(CommandError, match="n'a pas de profil de correspondance"):
        call_command("fichier_a_corriger", "hub-du-sud-17", str(tmp_path / "x.csv"), "--colonnes", "source")


def test_cellules_en_forme_de_formule_neutralisees(tmp_path):
    chemin = fichier(tmp_path, [lieu(1, nom='=HYPERLINK("http://exemple.org")', adresse="+33 rue du Port"),
                                lieu(2, id="@SOMME(A1)", nom="")])
    importe(chemin, "formules")
    source = Source.objects.get(nom="formules")
    _, rangs = lire_csv(fichier_a_corriger(source, "csv", "standard"))
    rangs = {r["type_probleme"]: r for r in rangs}
    assert rangs["perimee"]["nom"] == "'=HYPERLINK(\"http://exemple.org\")"
    assert rangs["perimee"]["adresse"] == "'+33 rue du Port"
    assert rangs["rejetee"]["id"] == "'@SOMME(A1)"
    # stale after one year, to the day
    assert [ligne.types for ligne in lignes_a_corriger(source, aujourd_hui=dt.date(2025, 4, 2))] == [["rejetee"]]
    assert [ligne.types for ligne in lignes_a_corriger(source, aujourd_hui=dt.date(2025, 4, 3))] == [["rejetee"],
                                                                                                   ["perimee"]]
    classeur = openpyxl.load_workbook(io.BytesIO(fichier_a_corriger(source, "xlsx", "standard")))
    cellules = {c.value: c.data_type for ligne in classeur.active.iter_rows(min_row=2) for c in ligne if c.value}
    assert cellules['=HYPERLINK("http://exemple.org")'] == "s" and cellules["@SOMME(A1)"] == "s"


def test_ligne_refusee_d_un_lieu_deja_recu(tmp_path):
    """The next file loses a lieu's name: the row is refused, and its reason says the earlier version stays
    published."""
    importe(fichier(tmp_path, [lieu(1), lieu(2)]), "hub-suivant")
    importe(fichier(tmp_path, [lieu(1), lieu(2, nom="")], nom="suivant.csv"), "hub-suivant")
    lignes = lignes_a_corriger(Source.objects.get(nom="hub-suivant"))
    refusee = next(ligne for ligne in lignes if ligne.types == ["rejetee"])
    assert refusee.id_source == "L2" and refusee.motifs[0].endswith("nom : nom du lieu absent")
    assert refusee.motifs[-1].startswith("En attendant, la version de ce lieu reçue le ")
    assert refusee.motifs[-1].endswith(" reste publiée.")
    assert refusee.standard["nom"] == "" and refusee.standard["adresse"] == "2 rue Toussaint"


def test_telechargement_dans_le_territoire_seulement(client, m49):
    url = reverse("admin:imports_source_a_corriger", args=[m49.pk])
    compte(client, "gironde", "imports.view_source", departements=["33"])
    assert client.get(url + "?format=csv&colonnes=standard").status_code == 403
    assert client.get(reverse("admin:imports_source_change", args=[m49.pk])).status_code == 403

    montrevault = Provenance.objects.get(source="m49", id_source="LMN146").lieu.commune_officielle
    compte(client, "montrevault", "imports.view_source", communes=[montrevault.code])
    reponse = client.get(url + "?format=csv&colonnes=standard")
    assert reponse.status_code == 200 and 'filename="a-corriger-m49.csv"' in reponse["Content-Disposition"]
    _, rangs = lire_csv(reponse.content)
    # the records of that commune only; no rejected row (they have no lieu to scope them by)
    assert {"LMN146", "LMN154", "LMN155"} <= {r["id"] for r in rangs}
    assert {r["commune"] for r in rangs} == {"Montrevault-sur-Èvre"}
    assert not any("rejetee" in r["type_probleme"] for r in rangs)

    compte(client, "anjou", "imports.view_source", departements=["49"])
    page = client.get(reverse("admin:imports_source_change", args=[m49.pk])).content.decode()
    assert "Télécharger le fichier à corriger (tableur XLSX, colonnes de la source)" in page
    assert "Télécharger le fichier à corriger (CSV, colonnes du standard)" in page and "{%" not in page
    reponse = client.get(url + "?format=xlsx&colonnes=source")
    assert reponse.status_code == 200 and reponse["Content-Type"].startswith("application/vnd.openxmlformats")
    lignes = list(openpyxl.load_workbook(io.BytesIO(reponse.content)).active.iter_rows(values_only=True))
    assert len(lignes) - 1 == len(lignes_a_corriger(m49))  # the whole source is in the département: every row
    assert client.get(url + "?format=pdf").status_code == 404


def test_action_de_la_liste_des_sources(client, m49):
    Source.objects.create(nom="autre-hub")
    compte(client, "nationale", "imports.view_source")
    liste = reverse("admin:imports_source_changelist")
    page = client.get(liste).content.decode()
    assert "Télécharger le fichier à corriger de la source choisie" in page
    reponse = client.post(liste, {"action": "telecharger_a_corriger", "_selected_action": [m49.pk]})
    assert reponse.status_code == 302
    fichier_csv = client.get(reponse["Location"])
    assert fichier_csv.status_code == 200 and b"motif_a_corriger" in fichier_csv.content.splitlines()[0]
    deux = Source.objects.filter(nom__in=["m49", "autre-hub"]).values_list("pk", flat=True)
    reponse = client.post(liste, {"action": "telecharger_a_corriger", "_selected_action": list(deux)}, follow=True)
    assert "Choisissez une seule source pour télécharger son fichier à corriger." in reponse.content.decode()
