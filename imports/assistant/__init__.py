"""The mapping wizard of the admin (« Assistant de correspondance »): a coordinator maps a hub's own file to the
standard alone, in a few pages that work without JavaScript.

upload (`vues.envoi`) → the file's columns, with samples and the suggested field (`vues.colonnes`) → value mapping of
the enumerated fields (`vues.valeurs`) → dry run, the usual « essai à blanc » analysis (`vues.essai`) → apply, and the
profile saved on the source (`vues.appliquer`). Between pages the wizard's state lives in the session (`etat`), the
file in MEDIA like an import's. The rules turning form choices into a `Profil` are plain functions (`choix`).
"""
