"""`pollday bench`: measured speed and scale, each figure next to its floor from the same run.

One module per group of figures (scan, wedge, throughput, journal_speed, boards,
reports, decoding, startup, fuzz), the elections they run on (elections), the shape of
a figure (figures), the sizes (sizes) and the runner. Benchmarks are never tests: they
report goals met or missed, and only fail when a measurement itself breaks. See
docs/performance.md.
"""
