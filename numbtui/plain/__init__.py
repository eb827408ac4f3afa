"""Plain mode: numbtui as whole lines of text, for screen readers, braille displays and pipes.

Nothing here imports textual or rich, and nothing here writes an escape sequence: every line
goes through :class:`numbtui.plain.lines.Lines`. The modules:

- :mod:`~numbtui.plain.mode`: when plain mode is on (``--plain``, the setting, ``NUMBTUI_PLAIN``,
  ``TERM=dumb``);
- :mod:`~numbtui.plain.lines`: the one writer of whole, clean lines;
- :mod:`~numbtui.plain.announcer`: the listener of the conductor that says what happens;
- :mod:`~numbtui.plain.loop`: the small loop that drives the conductor's schedule and reads
  keys without echo;
- :mod:`~numbtui.plain.answers`: the check-in and the rating as typed answers;
- :mod:`~numbtui.plain.flow`: one practice from check-in to saved record, interruptions
  included;
- :mod:`~numbtui.plain.choose` and :mod:`~numbtui.plain.history`: the numbered list of
  exercises and the flat history.
"""
