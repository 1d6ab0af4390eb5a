"""The content as the engine reads it: pages and their front matter, the data files (glossary,
bibliography, search vocabulary), and the text rules every input passes (YAML, characters, addresses)."""
