"""Gait: a recording from a lower-back sensor or a phone at the belt -> numbers in SI units.

Knows nothing about pain. ``services`` maps a gait result to findings and plan inputs.
"""
