"""backstride.assessment (see design/ARCHITECTURE.md in docs)."""
