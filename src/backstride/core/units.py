"""Physical constants and unit conversions used across backstride (one place, cited)."""

from __future__ import annotations

STANDARD_GRAVITY_MPS2 = 9.80665  # CGPM 1901 conventional value of g
RAD_TO_DEG = 57.29577951308232

__all__ = ["RAD_TO_DEG", "STANDARD_GRAVITY_MPS2"]
