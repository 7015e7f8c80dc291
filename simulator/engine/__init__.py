"""The SimPy engine: random streams, the network, the check and tabletop models, and
running a scenario.
"""
