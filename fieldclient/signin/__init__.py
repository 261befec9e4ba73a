"""Signing in and the signed-in session: the device core, refusals, two-step sign-in."""
