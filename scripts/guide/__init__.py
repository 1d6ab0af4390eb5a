"""The guide's engine: checks and outputs of a plain-language health guide built with MkDocs.

Checks are plain functions over plain data (checks/, one module per concern); the MkDocs plugin
(plugin.py) and the command line (scripts/build.py) only wire them up. The README's Layout
section names each module and what it owns.
"""
