"""The vector engine: communication checks simulated a batch of replications at a time
as NumPy arrays (``--engine vector``), the same model as :mod:`simulator.engine.check`
in distribution. ``coverage`` says what it covers and chooses the engine; ``run`` is what
workers call."""
