"""Support contacts for the support screen: the bundled list plus the user's own additions.

The bundled contacts live in ``numbtui/data/support.yaml`` (shipped inside the package, so
they can be localised there); a user file ``<config folder>/support.yaml`` of the same shape
adds contacts, shown first. Both go through pydantic. A bad user file never hides the bundled
contacts: :func:`load_contacts` returns them with the file's ``path:line:col`` problems.
No textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from numbtui import paths
from numbtui.problem import Problem
from numbtui.readfile import open_regular
from numbtui.text import clean_text
from numbtui.yamldoc import DocumentError, parse_model, read_limited

MAX_SUPPORT_BYTES = 64 * 1024
MAX_CONTACTS = 50


def _one_line(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return " ".join(value.split())


# Cleaned of control characters, so a contacts file cannot drive the terminal.
_Line = Annotated[str, AfterValidator(clean_text), AfterValidator(_one_line)]


class Contact(BaseModel):
    """A place to find help: who, how to reach them, where, and a few words about them."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True
    )

    name: Annotated[_Line, StringConstraints(max_length=80)]
    """Who they are, e.g. "988 Suicide & Crisis Lifeline"."""
    how: Annotated[_Line, StringConstraints(max_length=120)]
    """How to reach them, e.g. "Call or text 988"."""
    region: Annotated[_Line, StringConstraints(max_length=60)] | None = None
    """Where they help, e.g. "United States"; leave out if anywhere."""
    details: Annotated[_Line, StringConstraints(max_length=200)] | None = None
    """A few words: cost, hours, what they offer."""


class ContactsFile(BaseModel):
    """A support contacts file: a list of contacts."""

    model_config = ConfigDict(extra="forbid", strict=True, use_attribute_docstrings=True)

    contacts: list[Contact] = Field(min_length=1, max_length=MAX_CONTACTS)
    """The contacts, in the order they should be shown."""


FALLBACK = (
    Contact(name="988 Suicide & Crisis Lifeline", region="United States", how="Call or text 988"),
    Contact(name="Your local emergency number", how="If you or someone near you is in danger"),
    Contact(name="findahelpline.com", region="Outside the US", how="Visit findahelpline.com"),
)
"""Shown while the contacts are read, and if the bundled file cannot be read at all."""


@dataclass(frozen=True)
class SupportContacts:
    """The contacts to show: the user's first, then the bundled ones; and any problems."""

    contacts: tuple[Contact, ...]
    user_contacts: int = 0
    """How many of ``contacts`` (at the start) came from the user's file."""
    problems: tuple[Problem, ...] = ()


def user_file() -> Path:
    """The user's own support contacts file (it need not exist)."""
    return paths.support_file()


def parse(data: bytes, path: str) -> tuple[Contact, ...]:
    """The contacts in a file's bytes; raise DocumentError with ``path:line:col`` problems."""
    text = read_limited(path, data, MAX_SUPPORT_BYTES)
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return ()  # Everything commented out: no contacts, and nothing wrong.
    return tuple(parse_model(text, ContactsFile, path=path).contacts)


def bundled() -> tuple[Contact, ...]:
    """The contacts that ship with numbtui; raise DocumentError if that file is broken."""
    resource = resources.files("numbtui") / "data" / "support.yaml"
    try:
        data = resource.read_bytes()
    except OSError as exc:
        raise DocumentError([Problem(str(resource), 1, 1, f"cannot read: {exc}")]) from None
    contacts = parse(data, str(resource))
    if not contacts:
        raise DocumentError([Problem(str(resource), 1, 1, "the file is empty")])
    return contacts


def _read_user(path: Path) -> tuple[Contact, ...]:
    try:
        with open_regular(path) as handle:
            data = handle.read(MAX_SUPPORT_BYTES + 1)
    except FileNotFoundError:
        return ()
    except OSError as exc:
        raise DocumentError([Problem(str(path), 1, 1, f"cannot read: {exc.strerror}")]) from None
    return parse(data, str(path))


def load_contacts(user_path: Path | None = None) -> SupportContacts:
    """The user's contacts (if any) followed by the bundled ones; never raises."""
    problems: list[Problem] = []
    try:
        base = bundled()
    except DocumentError as exc:
        problems.extend(exc.problems)
        base = FALLBACK
    try:
        own = _read_user(user_path if user_path is not None else user_file())
    except DocumentError as exc:
        problems.extend(exc.problems)
        own = ()
    return SupportContacts(own + base, user_contacts=len(own), problems=tuple(problems))
