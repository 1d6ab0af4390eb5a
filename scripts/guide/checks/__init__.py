"""The checks: one module per concern, each judging what the build found (base.Check) and
listed in registry.REGISTERED; a concern's own machinery (links, safety, sources) lives beside its check."""
