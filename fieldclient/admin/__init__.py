"""Admin Tools calls, made online with the signed-in admin's own token."""
