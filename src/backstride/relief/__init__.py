"""backstride.relief (see design/ARCHITECTURE.md in docs)."""
