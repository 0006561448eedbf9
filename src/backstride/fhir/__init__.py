"""backstride.fhir (see design/ARCHITECTURE.md in docs)."""
