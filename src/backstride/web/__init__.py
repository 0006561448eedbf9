"""backstride.web (see design/ARCHITECTURE.md in docs)."""
