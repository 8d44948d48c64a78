"""The static shape checker behind :mod:`typedrnn.mypy_plugin`.

- ``interpreter``: walks a module's code with abstract values; units, loops to a
  fixpoint, helper methods, user modules and user base classes inlined.
- ``worlds``: a unit read once per value of the flags and choices it met undecided,
  and what holds where, with its condition.
- ``memo``: a call (or a loop's pass) walked again with the same values replays
  what the first walk read and did, across loop passes and worlds.
- ``values``: the abstract values and how they join where branches meet.
- ``operations``: what calls, methods, indexing and operators do to them.
- ``modules``: torch's modules (constructors over symbolic sizes, calls checked by
  :mod:`typedrnn._contracts`, the run-time checks' own contract).
- ``shapes``: shape arithmetic; ``structure``: how modules return their states.
- ``findings`` and ``report``: what was found, and how it reaches mypy's errors.
- ``hooks`` and ``types``: the one mypy hook kept, jaxtyping annotations as shapes.
- ``sources``: the code of modules mypy has freed (kept from its ``free_tree``) or
  read from its cache (parsed again).
- ``inheritance``: which base a ``super()`` call reaches, and who else assigns.
- ``progress``: what a long run has done so far, on stderr.
"""
