"""Domain events of programs. Receivers take ids and reload what they need."""

from django.dispatch import Signal

#: People were invited to enrol in a program. Arguments: ``program_id``, ``person_ids``.
people_invited = Signal()

#: The program closed: its active pairs complete. Arguments: ``program_id``.
program_closed = Signal()
