"""Working-time calendars: the local rules of an office week (:mod:`.office`) and the
calendar a simulation queries in hours since its start (:mod:`.work`)."""
