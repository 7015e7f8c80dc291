"""Modal forms, one per file; each returns a typed value (or None when cancelled)."""
