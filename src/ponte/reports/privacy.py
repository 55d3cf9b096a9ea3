"""k-anonymity now lives in ``ponte.core.privacy`` so every app can use it; kept here for reports."""

from __future__ import annotations

from ponte.core.privacy import K_ANONYMITY, suppress_small_groups

__all__ = ["K_ANONYMITY", "suppress_small_groups"]
