"""Sample articles: `presse` with no argument opens the files of this folder (package data)."""
