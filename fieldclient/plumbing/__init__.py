"""Plumbing every other part uses: the HTTP API client, clock, settings, errors and events."""
