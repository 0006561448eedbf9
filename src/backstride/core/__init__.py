"""Ids, units, errors and shared value types. Imports nothing else from backstride."""
