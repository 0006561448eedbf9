"""backstride.diary (see design/ARCHITECTURE.md in docs)."""
