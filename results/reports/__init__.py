"""Reports on stored runs and sweeps, rendered as one self-contained HTML file or Markdown.

* :mod:`.document` - what a report is made of (sections, paragraphs, tables, charts);
  :mod:`.render` - HTML and Markdown;
* :mod:`.run_report` - a run's after-action report, put together from :mod:`.sections`
  (one module per section), :mod:`.findings` (one module per kind of finding),
  :mod:`.meta` (the run's record, notes, contact details), :mod:`.observed` (how much of
  the run was observed) and :mod:`.scenario_text` (objectives, stages from the scenario);
* :mod:`.changes`, :mod:`.compare`, :mod:`.trend` - runs side by side, a scenario over time;
* :mod:`.sweep`, :mod:`.sweep_stats` - a parameter sweep's report and its numbers;
* :mod:`.charts` - the SVG charts;
* :mod:`.requested` - the report ``pocdrill report`` asks for.

Numbers are spelled by :mod:`simulator.text`.
"""
