"""Outbox and sync engine (pure Python); a thin Qt adapter may live here as ``qt_worker``."""
