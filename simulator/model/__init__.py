"""Pure data: strict models of directories, durations, behaviour, check and tabletop
scenarios, outcome records and input errors.
"""
