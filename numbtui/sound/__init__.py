"""Sound for eyes-closed practice: cues, spoken guidance, live playback and WAV rendering.

Imported only when sound is used (``--sound``, the sound setting, ``render``, ``sound-check``),
so the CLI and the TUI start without it. This is the only package that imports an audio or
speech library. What is played when is a pure function of the conductor's changes
(:mod:`numbtui.sound.score`); :mod:`~numbtui.sound.render` writes it to a file and
:mod:`~numbtui.sound.listener` plays it through :mod:`~numbtui.sound.output`.
"""
