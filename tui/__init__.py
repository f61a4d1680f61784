"""The presse application: command line and Textual app."""
