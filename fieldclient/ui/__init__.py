"""Qt widgets of the field client. The only client package allowed to import PySide6."""
