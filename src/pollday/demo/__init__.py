"""A seeded, fictional election for rehearsals, tests and benchmarks.

`generator.build_demo_definition` builds the Kestrel Vale definition; `scenario`
names the edge cases that the later rehearsal stages play out on it.
"""
