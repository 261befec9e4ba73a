"""Sync: the outbox, one pass of the engine, and the runner thread (pure Python, no Qt)."""
