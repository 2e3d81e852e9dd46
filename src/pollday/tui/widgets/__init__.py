"""Widgets shared by pollday's screens."""
