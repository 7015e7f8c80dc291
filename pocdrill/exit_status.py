"""The exit status of a command Ctrl-C stopped, in a module that imports nothing: the
entry point (:mod:`pocdrill.cli`) needs it before anything else has imported."""

EXIT_INTERRUPTED = 130
"""Exit status of a command ended by Ctrl-C (128 + SIGINT), as a shell reports it."""
