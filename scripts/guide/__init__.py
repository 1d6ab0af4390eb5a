"""Checks and outputs of the MS Treatment Guide.

Checks are plain functions over plain data; `scripts/hooks.py` (MkDocs) and
`scripts/build.py` (command line) only wire them up.
"""
