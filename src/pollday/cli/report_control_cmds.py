"""`pollday report incidents|control-room-summary|turnout`: the control room's documents as PDF."""

from __future__ import annotations
