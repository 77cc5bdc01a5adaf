"""Column mapping for files that do not follow the standard: a saved profile per source (`profil`), a suggestion
for files never seen (`suggestion`), and its application to each row before normalisation (`imports.validation`)."""
