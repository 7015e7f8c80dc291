"""The sections of a run's after-action report (:func:`results.reports.run_report.run_report`
puts them together): overview with key numbers, objectives, timeline, findings and plan,
expectation scorecard (tabletops), contacts to fix, facilitator notes, replications; and
the charts each one refers to."""
