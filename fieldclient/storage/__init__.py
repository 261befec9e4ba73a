"""Encrypted device store, key vault and numbered schema migrations (pure Python)."""
