"""backstride.knowledge (see design/ARCHITECTURE.md in docs)."""
