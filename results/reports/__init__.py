"""After-action reports: the document model, findings, charts, renderers, comparisons,
trends and sweep reports.
"""
