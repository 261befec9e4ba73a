"""NEMSIS v3.5.1: the official reference files (reference/, vendored unchanged), what
scripts/nemsis_build.py derives from them (generated/), and the code that reads them.

- `elements`: the element tables (pure Python).
"""
