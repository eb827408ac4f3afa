"""Support contacts: the bundled list carries the care facts; a user file adds, never hides."""

from __future__ import annotations

from pathlib import Path

import pytest

from numbtui import support
from numbtui.support import Contact, load_contacts

OWN = """\
contacts:
  - name: Dr Rivera
    how: Call 555-0100 on weekdays
    details: My therapist.
"""


def everything(contacts: tuple[Contact, ...]) -> str:
    return "\n".join(f"{c.name} {c.region} {c.how} {c.details}" for c in contacts)


def test_bundled_contacts_carry_the_care_facts() -> None:
    text = everything(support.bundled())
    assert "988 Suicide & Crisis Lifeline" in text
    assert "Call or text 988" in text
    assert "SAMHSA National Helpline" in text
    assert "1-800-662-4357" in text
    assert "24/7" in text
    assert "emergency number" in text
    assert "findahelpline.com" in text


def test_without_a_user_file_the_bundled_contacts_are_shown(tmp_path: Path) -> None:
    found = load_contacts(tmp_path / "support.yaml")
    assert found.contacts == support.bundled()
    assert found.user_contacts == 0
    assert found.problems == ()


def test_the_default_user_file_is_in_the_config_folder(tmp_path: Path) -> None:
    # conftest points NUMBTUI_CONFIG_DIR at tmp_path / "config".
    assert support.user_file() == tmp_path / "config" / "support.yaml"


def test_a_user_file_adds_contacts_before_the_bundled_ones(tmp_path: Path) -> None:
    path = tmp_path / "support.yaml"
    path.write_text(OWN)
    found = load_contacts(path)
    assert found.problems == ()
    assert found.user_contacts == 1
    assert found.contacts[0] == Contact(
        name="Dr Rivera", how="Call 555-0100 on weekdays", details="My therapist."
    )
    assert found.contacts[1:] == support.bundled()


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("contacts:\n  - name: [oops\n", 3, 1, "is not closed with ']'"),
        ("contacts:\n  - name: A friend\n", 2, 5, "how: this field is required"),
        ("contacts:\n  - name: A friend\n    how: 12\n", 3, 10, "should be text"),
        ("contacts:\n  - name: A friend\n    how: Call\n    phone: 1\n", 4, 5, "unknown"),
        ("contacts: []\n", 1, 11, "contacts"),
    ],
)
def test_a_bad_user_file_gives_a_located_problem_and_the_bundled_contacts(
    tmp_path: Path, text: str, line: int, column: int, words: str
) -> None:
    path = tmp_path / "support.yaml"
    path.write_text(text)
    found = load_contacts(path)
    assert found.contacts == support.bundled()
    assert found.user_contacts == 0
    assert len(found.problems) == 1
    assert str(found.problems[0]).startswith(f"{path}:{line}:{column}: ")
    assert words in str(found.problems[0])


def test_a_user_file_that_is_not_utf8_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "support.yaml"
    path.write_bytes(b"contacts:\n  - name: caf\xe9\n")
    found = load_contacts(path)
    assert "not valid UTF-8" in str(found.problems[0])
    assert found.contacts == support.bundled()


def test_a_huge_user_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "support.yaml"
    path.write_text("# " + "x" * (support.MAX_SUPPORT_BYTES + 10))
    found = load_contacts(path)
    assert "larger than" in str(found.problems[0])


def test_a_commented_out_user_file_is_no_problem(tmp_path: Path) -> None:
    path = tmp_path / "support.yaml"
    path.write_text("# contacts:\n#   - name: someone\n")
    found = load_contacts(path)
    assert found.problems == ()
    assert found.user_contacts == 0


def test_control_characters_are_removed_from_contacts(tmp_path: Path) -> None:
    path = tmp_path / "support.yaml"
    path.write_text('contacts:\n  - name: "A \\e[31mfriend\\a"\n    how: "Call\\nlater"\n')
    found = load_contacts(path)
    assert found.problems == ()
    first = found.contacts[0]
    assert first.name == "A [31mfriend"
    assert first.how == "Call later"  # one line: the newline becomes a space
    assert "\x1b" not in everything(found.contacts)


def test_a_broken_bundled_file_falls_back_to_the_essential_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> tuple[Contact, ...]:
        raise support.DocumentError([support.Problem("support.yaml", 1, 1, "broken")])

    monkeypatch.setattr(support, "bundled", broken)
    found = load_contacts(tmp_path / "support.yaml")
    assert found.contacts == support.FALLBACK
    assert "988" in everything(found.contacts)
    assert "findahelpline.com" in everything(found.contacts)
    assert len(found.problems) == 1
