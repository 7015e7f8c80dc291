"""The screens of the facilitator's terminal, one per module.

Screens do not import each other (an import-linter contract): one opens another through
the app (:mod:`tui.services`). Modal forms live in :mod:`tui.forms`, widgets in
:mod:`tui.widgets`.
"""
