"""Views of the embeds (entree, carte, api, lieu, orientation) and of the snippet generator (integrer)."""
