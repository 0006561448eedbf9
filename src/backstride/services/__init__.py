"""backstride.services (see design/ARCHITECTURE.md in docs)."""
