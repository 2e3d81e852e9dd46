"""`pollday report postal-lists|form-k|marked-postal-list`: the postal vote documents as PDF."""

from __future__ import annotations
