"""Update campaigns: each lieu e-mailed a personal link (« rien n'a changé », « je mets à jour »,
« n'existe plus »), reminders, the silent lieux flagged « à vérifier » (docs/campagnes.md)."""
