"""backstride.storage (see design/ARCHITECTURE.md in docs)."""
