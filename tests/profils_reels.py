"""Hand-written profiles of the real non-standard files of ../shared/data (issue 19), used by
tests/test_import_correspondance_reels.py until the automatic suggestion (imports.correspondance.suggestion) is
there; then the same tests run with `--correspondance auto`."""

JOURS_BFC = [f"{j} {m}" for j in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
             for m in ("matin", "après-midi")]
ACCOMP_BFC = {"A": ["En autonomie"], "L": ["En autonomie"], "RDV": ["Accompagnement individuel"],
              "G": ["Dans un atelier collectif"], "R": []}
LABEL_BFC = {"MSAP": ["France Services"], "MFS": ["France Services"], "APTIC": [], "CTL": [], "FTL": [], "NMM": [],
             "DM": [], "RIN": []}


def regle(champ, *colonnes, combinaison="premiere", **autres):
    return {"champ": champ, "colonnes": list(colonnes), "combinaison": combinaison, **autres}


def profil(*regles, identifiant="genere", **autres):
    return {"version": 1, "regles": list(regles), "identifiant": identifiant, **autres}


PROFILS = {
    "acc-bfc__2020-07-09_BFC-TERNUM_export.csv": profil(
        regle("id", "bfc_id"), regle("date_maj", "mise_a_jour"), regle("longitude", "lon"), regle("latitude", "lat"),
        regle("adresse", "adresse"), regle("code_postal", "code_postal"), regle("commune", "ville"),
        regle("nom", "nom_structure"), regle("site_web", "url_lieu"), regle("courriels", "contact_email"),
        regle("telephone", "contact_tel"), regle("horaires", "horaires"),
        regle("modalites_accompagnement", "code_accomp", valeurs=ACCOMP_BFC),
        regle("dispositif_programmes_nationaux", "code_label", valeurs=LABEL_BFC),
        identifiant="colonne"),
    "bfc__bfc-ternum-dataset.csv": profil(
        regle("id", "bfc_id"), regle("date_maj", "mise_a_jour"), regle("longitude", "lon"), regle("latitude", "lat"),
        regle("adresse", "adresse"), regle("code_postal", "code_postal"), regle("commune", "ville"),
        regle("nom", "nom_structure"), regle("site_web", "url_lieu"), regle("courriels", "contact_email"),
        regle("telephone", "contact_tel"), regle("horaires", *JOURS_BFC, combinaison="jours"),
        regle("modalites_accompagnement", "code_accomp", valeurs=ACCOMP_BFC),
        regle("dispositif_programmes_nationaux", "code_label", valeurs=LABEL_BFC),
        identifiant="colonne"),
    "acc-hubik__Cartographies departements - Pyrénées-Atlantiques.csv": profil(
        regle("id", "id"), regle("latitude", "Lat"), regle("longitude", "Long"), regle("nom", "nom"),
        regle("adresse", "adresse"), regle("code_postal", "cp"), regle("commune", "colonne_12"),
        regle("horaires", "horaire"), regle("courriels", "mail"), regle("telephone", "telephone"),
        regle("site_web", "site_web"),
        regle("modalites_accompagnement", "Accès libre", "Accès libre avec un accompagnement",
              "Accompagnement individuel sur rendez-vous", "Accompagnement en groupe sur inscription",
              combinaison="oui_non", valeurs_oui={
                  "Accès libre": ["En autonomie"], "Accès libre avec un accompagnement": ["En autonomie"],
                  "Accompagnement individuel sur rendez-vous": ["Accompagnement individuel"],
                  "Accompagnement en groupe sur inscription": ["Dans un atelier collectif"]}),
        identifiant="colonne"),
    "acc-nice__coordonnees-cyber-espaces.csv": profil(
        regle("nom", "ETABLISSEMENT_NOM"), regle("adresse", "ETABLISSEMENT_ADRESSE"),
        regle("telephone", "ETABLISSEMENT_TELEPHONE"), regle("code_postal", "ETABLISSEMENT_CODE_POSTAL"),
        regle("commune", "ETABLISSEMENT_VILLE")),
    "acc-normandie__GEO_NUM_DAN_SRTN_espaces_publics_numeriques.csv": profil(
        regle("id", "CODE_LIEU"), regle("nom", "NOM"),
        regle("adresse", "N_VOIE", "N_VOIE_COM", "TYPE_VOIE", "NOM_VOIE", combinaison="jointure"),
        regle("complement_adresse", "COMPLEMENT", "LIEU_DIT", combinaison="jointure"),
        regle("code_postal", "CP_NV"), regle("commune", "COMMUNE_NV"), regle("code_insee", "INSEE_NV"),
        regle("telephone", "TEL"), regle("courriels", "COURRIEL"), regle("site_web", "WEB"),
        identifiant="colonne"),
    "fsmap__france_services.csv": profil(
        regle("id", "MATRICULE"), regle("nom", "lib_france_services"), regle("adresse", "ADRESSE"),
        regle("complement_adresse", "COMPLEMENT.D.ADRESSE"), regle("code_postal", "CODE_POSTAL"),
        regle("commune", "lib_com"), regle("code_insee", "insee_com"), regle("courriels", "CONTACT.MAIL"),
        regle("telephone", "TELEPHONE"), regle("latitude", "latitude"), regle("longitude", "longitude"),
        regle("horaires", "h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi",
              combinaison="jours"),
        defauts={"dispositif_programmes_nationaux": "France Services"}, identifiant="colonne"),
    "mednumcli__maine-et-loire.json": profil(
        regle("id", "ID_LieuMed"), regle("date_maj", "DAT_MaJ"), regle("nom", "NOM_STRUCTURE"),
        regle("adresse", "N°", "ADRESSE", combinaison="jointure"), regle("complement_adresse", "COMP_ADRESSE"),
        regle("code_postal", "CP"), regle("commune", "COMMUNE"), regle("telephone", "NUM_TEL"),
        regle("courriels", "MAIL_STRUC"), regle("site_web", "SITE_WEB"),
        regle("latitude", "x", "y", combinaison="lambert93"),
        regle("services", "DEM_Gen", "INITIATION", "INTERNET", combinaison="oui_non", valeurs_oui={
            "DEM_Gen": ["Aide aux démarches administratives"],
            "INITIATION": ["Maîtrise des outils numériques du quotidien"],
            "INTERNET": ["Accès internet et matériel informatique"]}),
        regle("publics_specifiquement_adresses", "PBC_Jeunes", "PBC_Senior", combinaison="oui_non",
              valeurs_oui={"PBC_Jeunes": ["Jeunes"], "PBC_Senior": ["Seniors"]}),
        identifiant="colonne"),
    "mednumcli__regionsud-lieux-dinclusion-numerique-2022_v2.csv": profil(
        regle("nom", "nom"), regle("structure_parente", "structure_porteuse"),
        regle("presentation_detail", "description"), regle("pivot", "siret"),
        regle("adresse", "adresse_brut"), regle("adresse", "adresse_numero", "adresse_rue", combinaison="jointure"),
        regle("code_postal", "adresse_code_postal"), regle("code_insee", "adresse_code_insee"),
        regle("commune", "adresse_commune"), regle("latitude", "latitude"), regle("longitude", "longitude"),
        regle("telephone", "contact_telephone"), regle("courriels", "contact_email"),
        regle("site_web", "contact_web"), regle("horaires", "horaires_ouverture_osm", "horaires_ouverture_brut")),
}
