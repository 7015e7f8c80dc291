"""Pure data: strict models of directories, durations, behaviour, check and tabletop
scenarios (with their injects, timeline and directory checks), outcome records and input
errors. Every input model derives from :class:`simulator.model.base.Strict`.
"""
