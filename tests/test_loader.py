"""The loader: good files load, and every hostile file gives exactly one kind of error."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from numbtui.discovery import ID_RULE
from numbtui.exercise import BreatheStep, PromptStep, WalkStep
from numbtui.loader import ExerciseFileError, load_file, parse

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"

# file -> (line, column, words the first message must contain)
EXPECTED: dict[str, tuple[int, int, str]] = {
    "Bad_Name.yaml": (1, 1, f"cannot be an exercise id: use {ID_RULE}"),
    "billion-laughs.yaml": (1, 4, "anchors"),
    "binary-noise.yaml": (1, 1, "not valid UTF-8"),
    "cadence-half.yaml": (4, 5, "step 1 (walk): give steps_in and steps_out together"),
    "colon-in-text.yaml": (5, 17, "if it is part of the text, put the whole text in quotes"),
    "control-only-title.yaml": (1, 8, "title: must not be empty"),
    "deeply-nested.yaml": (4, 27, "nested too deeply"),
    "duplicate-keys.yaml": (3, 1, "duplicate key 'title'"),
    "fractional-cycles.yaml": (8, 13, "cycles: should be a whole number such as 10 (it is 2.5)"),
    "empty-steps.yaml": (3, 8, "steps: needs at least 1 step, each on a line starting with '- '"),
    "empty.yaml": (1, 1, "the file is empty"),
    "huge-seconds.yaml": (6, 14, "seconds: should be a number from 1 to 3600 (it is 1.0e+300)"),
    "impossible-date.yaml": (3, 10, "(month must be in 1..12); if it is text, put it in quotes"),
    "infinite-seconds.yaml": (6, 14, "should be a number from 1 to 3600 (it is .inf)"),
    "latin1.yaml": (2, 13, "not valid UTF-8"),
    "list-document.yaml": (1, 1, "must be a mapping"),
    "lone-surrogate.yaml": (1, 8, "title: must not be empty"),
    "merge-key.yaml": (5, 5, "merge keys"),
    "missing-dash-outdented.yaml": (
        7,
        3,
        "each step starts with '- ': did you forget '- ' before kind?",
    ),
    "missing-dash-same-indent.yaml": (
        7,
        5,
        "duplicate key 'kind'; did you forget '- ' before kind?",
    ),
    "missing-kind.yaml": (4, 5, "step 1: needs a kind: breathe, guide, prompt or walk"),
    "missing-title.yaml": (1, 1, "title: this field is required"),
    "misspelled-key.yaml": (4, 5, "step 1 (guide), seconds: this field is required"),
    "multi-document.yaml": (7, 1, "a second document starts here ('---'); keep one exercise"),
    "nan-seconds.yaml": (6, 14, "should be a number from 1 to 3600 (it is .nan)"),
    "no-space-after-colon.yaml": (6, 5, "put a space after ':'"),
    "negative-seconds.yaml": (6, 14, "should be a number from 1 to 3600 (it is -5)"),
    "only-comment.yaml": (1, 1, "the file is empty"),
    "phase-too-short.yaml": (4, 5, "hold must be 0 (skipped) or at least 0.5"),
    "python-name-tag.yaml": (2, 10, "python/name:os.system' is not allowed"),
    "python-tag.yaml": (1, 8, "python/object/apply"),
    "say-control-only.yaml": (7, 10, "step 1 (walk), say: must not be empty"),
    "say-empty.yaml": (6, 10, "step 1 (guide), say: must not be empty"),
    "say-number.yaml": (6, 10, "step 1 (breathe), say: should be text; put it in quotes"),
    "several-megabytes.yaml": (1, 1, "larger than 256 KiB"),
    "string-cycles.yaml": (
        8,
        13,
        "step 1 (breathe), cycles: should be a whole number such as 10, written without",
    ),
    "string-seconds.yaml": (
        6,
        14,
        "seconds: should be a number such as 30 or 4.5, written without",
    ),
    "syntax-bad-indent.yaml": (5, 4, "the indentation does not match the lines above"),
    "tag-bool-mismatch.yaml": (1, 8, "does not fit the !! tag"),
    "tag-timestamp-mismatch.yaml": (3, 10, "does not fit the !! tag"),
    "syntax-unclosed-bracket.yaml": (5, 1, "the '[' opened on line 3 is not closed with ']'"),
    "tag-capitals.yaml": (3, 8, "should be lower-case letters, digits and dashes (-)"),
    "tabs.yaml": (4, 1, "tabs cannot be used"),
    "text-too-long.yaml": (5, 11, "is 500 characters long; at most 400 fit"),
    "third-step-exhale.yaml": (
        12,
        13,
        "step 3 (breathe), exhale: should be a number from 0.5 to 60 (it is 90)",
    ),
    "title-bool.yaml": (1, 8, "put it in quotes"),
    "title-number.yaml": (1, 8, "put it in quotes"),
    "too-long-total.yaml": (4, 3, "at most 3 h"),
    "top-up-too-short.yaml": (4, 5, "top_up must be 0 (skipped) or at least 0.5"),
    "unknown-key.yaml": (3, 1, "colour: unknown field"),
    "unit-seconds.yaml": (
        6,
        14,
        "should be a number such as 30 or 4.5: digits only, without a unit",
    ),
    "unclosed-quote.yaml": (1, 8, "the quote opened on line 1 is never closed"),
    "unknown-kind.yaml": (4, 5, "step 1: unknown kind 'dance'; use breathe, guide, prompt or walk"),
    "zero-cycles.yaml": (8, 13, "cycles: should be a whole number from 1 to 1000 (it is 0)"),
    "zero-inhale.yaml": (
        6,
        13,
        "step 1 (breathe), inhale: should be a number from 0.5 to 60 (it is 0)",
    ),
    "zero-seconds.yaml": (
        6,
        14,
        "step 1 (guide), seconds: should be a number from 1 to 3600 (it is 0)",
    ),
}


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_rejected_at_its_place(name: str) -> None:
    line, column, words = EXPECTED[name]
    path = BAD / name
    # How long each takes is measured in benchmarks/bench_bad_files.py, not asserted here.
    with pytest.raises(ExerciseFileError) as caught:
        load_file(path)
    first = caught.value.problems[0]
    assert (first.line, first.column) == (line, column)
    assert words in str(first)
    assert str(first).startswith(f"{path}:{line}:{column}: ")


def test_misspelled_key_points_at_the_key_itself() -> None:
    with pytest.raises(ExerciseFileError) as caught:
        load_file(BAD / "misspelled-key.yaml")
    lines = [str(p) for p in caught.value.problems]
    assert any(":6:5: step 1 (guide), secnds: unknown field" in line for line in lines)


def test_validate_command_rejects_the_whole_corpus_without_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "numbtui", "validate", str(BAD)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    reported = {line.split(":", 1)[0] for line in result.stdout.splitlines()}
    assert reported == {str(BAD / name) for name in EXPECTED}
    assert f"0 valid, {len(EXPECTED)} with problems" in result.stderr


def test_markup_and_escapes_load_as_plain_text() -> None:
    exercise = load_file(DATA / "good" / "markup-and-escapes.yaml")
    first = exercise.steps[0]
    assert first.text == "Literal [/] and [@click=app.quit]quit[/] and [bold]bold[/bold] [31mred"
    prompt = exercise.steps[1]
    assert isinstance(prompt, PromptStep)
    assert prompt.waits
    assert prompt.hint == "bell and  CSI are removed"
    assert isinstance(exercise.steps[2], BreatheStep)
    walk = exercise.steps[3]
    assert isinstance(walk, WalkStep)
    assert walk.cadence == "3 steps in · 4 steps out"
    assert exercise.id == "markup-and-escapes"
    assert exercise.total_seconds == pytest.approx(5 + 4 + 3)
    assert exercise.waits_for_user


def test_parse_reports_the_given_path() -> None:
    with pytest.raises(ExerciseFileError) as caught:
        parse("title: [", path="inline.yaml")
    assert str(caught.value).startswith("inline.yaml:")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_raise_only_the_project_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.yaml"
    path.write_bytes(data)
    try:
        load_file(path)
    except ExerciseFileError as exc:
        assert exc.problems
        assert all(p.line >= 1 and p.column >= 1 for p in exc.problems)


yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["guide", "prompt", "breathe", "walk", "4", "!!python/none", "&a", "*a"]),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "title",
                    "summary",
                    "steps",
                    "kind",
                    "text",
                    "seconds",
                    "inhale",
                    "hold",
                    "exhale",
                    "cycles",
                    "tags",
                    "x",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(yaml_values)
def test_random_yaml_documents_raise_only_the_project_error(value: object) -> None:
    import yaml

    text = yaml.safe_dump(value)
    try:
        parse(text)
    except ExerciseFileError as exc:
        assert exc.problems


YAML_TAGS = ["str", "int", "float", "bool", "null", "timestamp", "binary", "set", "omap"]
YAML_TAGS += ["pairs", "map", "seq", "merge", "value", "yaml"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["title", "summary", "version", "tags", "steps"]),
    st.sampled_from(YAML_TAGS),
    st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=20),
)
def test_explicit_tags_on_any_value_raise_only_the_project_error(
    key: str, tag: str, value: str
) -> None:
    # PyYAML's constructors fail with KeyError or AttributeError for some of these.
    text = "title: t\nsummary: s\nsteps: [{kind: guide, text: t, seconds: 3}]\n"
    text = text.replace(f"{key}:", f"{key}: !!{tag} {value!r} #", 1)
    try:
        parse(text)
    except ExerciseFileError as exc:
        assert exc.problems


def test_control_characters_are_cleaned_from_the_version_too() -> None:
    text = 'title: t\nsummary: s\nversion: "\\e[31mv2\\a"\n'
    text += "steps: [{kind: guide, text: t, seconds: 3}]\n"
    assert parse(text).spec.version == "[31mv2"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_random_text_raises_only_the_project_error(text: str) -> None:
    try:
        parse(text)
    except ExerciseFileError as exc:
        assert exc.problems


def test_an_unknown_key_full_of_escape_sequences_is_quoted_harmlessly() -> None:
    text = 'title: t\nsummary: s\n"\\e]0;PWNED\\a\\e[31mred": 1\n'
    text += "steps: [{kind: guide, text: t, seconds: 3}]\n"
    with pytest.raises(ExerciseFileError) as caught:
        parse(text)
    [problem] = caught.value.problems
    assert "\x1b" not in str(problem)
    assert "\x07" not in str(problem)
    assert str(problem) == (
        "<text>:3:1: \\x1b]0;PWNED\\x07\\x1b[31mred: unknown field (check the spelling)"
    )


def test_bidirectional_controls_are_removed_from_text() -> None:
    text = 'title: "Body \\u202escan"\nsummary: "a\\u2066b\\u2069"\n'
    text += "steps: [{kind: guide, text: t, seconds: 3}]\n"
    spec = parse(text).spec
    assert (spec.title, spec.summary) == ("Body scan", "ab")


def test_no_message_speaks_pydantic_or_counts_steps_from_zero() -> None:
    """Every problem in the hostile corpus is in our words: no "Input should", no "steps.0"."""
    for name in EXPECTED:
        with pytest.raises(ExerciseFileError) as caught:
            load_file(BAD / name)
        for problem in caught.value.problems:
            said = str(problem)
            assert "Input should" not in said, said
            assert "List should" not in said, said
            assert not re.search(r"steps\.\d", said), said
            assert "while parsing" not in said, said
            assert "while scanning" not in said, said


def test_an_underscore_in_a_file_name_is_accepted_as_the_readme_says(tmp_path: Path) -> None:
    path = tmp_path / "my_feet.yaml"
    path.write_text((DATA / "good" / "markup-and-escapes.yaml").read_text(encoding="utf-8"))
    assert load_file(path).id == "my_feet"
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert ID_RULE in " ".join(readme.split())


def _shape(node: object) -> object:
    """A node tree as plain data: tag, place, style and value, recursively."""
    import yaml

    assert isinstance(node, yaml.Node)
    where = (node.tag, node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return (*where, node.style or None, node.value)  # plain: None in Python, "" in C
    if isinstance(node, yaml.SequenceNode):
        return (*where, [_shape(item) for item in node.value])
    return (*where, [(_shape(k), _shape(v)) for k, v in node.value])


def test_libyaml_and_pure_python_read_every_file_the_same() -> None:
    from numbtui import yamldoc

    assert yamldoc._FastLoader is not None  # PyYAML's wheels carry libyaml
    root = Path(__file__).parent.parent
    files = [*sorted((root / "exercises").glob("*.yaml")), *sorted((DATA / "good").iterdir())]
    files += [BAD / name for name in EXPECTED if not name.startswith("several")]
    compared = 0
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        try:
            fast = yamldoc._compose(yamldoc._FastLoader, text, str(path))
        except (yamldoc.DocumentError, UnicodeError):
            continue  # the pure parser says what is wrong (see yamldoc._document)
        pure = yamldoc._compose(yamldoc._StrictLoader, text, str(path))
        assert _shape(fast[0]) == _shape(pure[0]), path
        assert fast[1] == pure[1], path
        compared += 1
    assert compared >= 30
