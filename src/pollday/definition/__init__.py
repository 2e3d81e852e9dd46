"""Election definition folders: `loader.load_definition` reads one, `writer.write_definition` writes one.

The format is described in docs/election-format.md.
"""
