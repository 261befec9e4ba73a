"""Paper and PDF: the hospital handoff report."""
