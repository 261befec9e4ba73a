"""The ePCR: form definitions and the validator."""
