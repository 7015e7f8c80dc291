"""Numbers from runs: check metrics and tabletop scoring."""
