"""Charts for reports, drawn with matplotlib (Agg) and returned as inline SVG strings.

Every chart is ``<svg ...>...</svg>`` ready to sit inside an HTML page: no XML prolog, no
DOCTYPE, no metadata block and no namespace URLs (the HTML parser puts inline ``<svg>`` in
the SVG namespace by itself), text kept as text, and ids salted so the same data gives the
same bytes (:mod:`.figure`). matplotlib is imported inside the functions: importing these
modules costs nothing.

* :mod:`.cumulative` - cumulative share acknowledged / completed over time (step curves,
  optional uncertainty bands), the deadline marked;
* :mod:`.timeline` - one row per participant: messages sent, delivered, acknowledgements,
  reminders, bounces, phone calls;
* :mod:`.bars` - tabletop expectations met / late / missed per stage, rates across runs
  (comparisons, trends) and across the points of a sweep.
"""
