"""Admin Tools: one tab per admin permission."""
