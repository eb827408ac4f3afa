"""A problem found in a file, at a 1-based line and column (plain data, cheap to import)."""

from __future__ import annotations

from dataclasses import dataclass

from numbtui.text import shown


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, printed as ``path:line:col: field: message``."""

    path: str
    line: int
    column: int
    message: str
    field: str = ""

    def __post_init__(self) -> None:
        # Each part may quote the file (a key's name, the path itself): printed as escapes,
        # it can neither drive the terminal nor break the one-line format.
        for name in ("path", "message", "field"):
            object.__setattr__(self, name, shown(getattr(self, name)))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"
