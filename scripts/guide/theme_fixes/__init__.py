"""Every workaround of a theme's internals, one module per theme (material.py, print_site.py, and
nav_cache.py for Material's navigation), each stopping the build with ThemeDrift (workaround.py) when it no longer fits."""
