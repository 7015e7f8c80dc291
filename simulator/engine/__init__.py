"""The SimPy engine: random streams, process helpers, contacts during a run, the network,
the check and tabletop models, running a scenario, and the live inject schedule.
"""
