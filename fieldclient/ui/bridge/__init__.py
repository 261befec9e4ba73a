"""Where the core meets Qt: core events as signals, background operations, stop signals."""
