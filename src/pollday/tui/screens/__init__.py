"""pollday's screens, one per module."""
