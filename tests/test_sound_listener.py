"""The sound listener: what it plays, and when, as a fake-clock session's changes arrive."""

from __future__ import annotations

import threading
from array import array

import pytest

from numbtui.conductor import BOUNDARY_MARGIN
from numbtui.exercise import BreatheStep, GuideStep
from numbtui.library import discover
from numbtui.sound.contract import Change, Kind
from numbtui.sound.listener import start_sound
from numbtui.sound.render import score
from numbtui.sound.score import SPEECH_DELAY, Mode, Voicing
from numbtui.sound.synth import Cue, render_cue
from tests.fakes import FakeClock
from tests.listener_helpers import Driver, listener_for

BREATH = BreatheStep(
    kind="breathe", text="Breathe.", inhale=4, hold=4, exhale=4, hold_empty=4, cycles=2
)
GUIDE = GuideStep(kind="guide", text="Rest here.", seconds=10)


def test_each_boundary_plays_its_cue_at_the_boundary() -> None:
    listener, recorder, _, clock = listener_for([GUIDE, BREATH], Voicing(Mode.CUES))
    Driver([GUIDE, BREATH], listener, clock).run_until(100)
    expected = [(0.0, "step"), (10.0, "step")]
    at = 10.0
    for _ in range(2):
        for name in ("in", "hold", "out", "rest"):
            expected.append((at, name))
            at += 4
    expected.append((42.0, "end"))
    # Each cue is queued on the device at the reading before its boundary, to start exactly
    # on it; the end follows its own change, which the conductor reads just after.
    assert recorder.starts() == [(pytest.approx(a), n) for a, n in expected[:-1]] + [
        (pytest.approx(42.0, abs=BOUNDARY_MARGIN + 1e-9), "end")
    ]
    assert all(delay > 0 for _, _, delay in recorder.played[1:-1])  # queued ahead
    listener.close()


def test_a_late_reading_does_not_make_a_cue_late() -> None:
    listener, recorder, _, clock = listener_for([BREATH], Voicing(Mode.CUES))
    driver = Driver([BREATH], listener, clock)
    driver.lateness = 0.3  # every reading comes 300 ms after it was asked for
    driver.run_until(20)
    assert recorder.starts()[:6] == [
        (pytest.approx(a), n)
        for a, n in [(0, "step"), (0, "in"), (4, "hold"), (8, "out"), (12, "rest"), (16, "in")]
    ]
    listener.close()


@pytest.mark.parametrize("exercise_id", ["box-breathing", "breathing-4-7-8", "breathing-4-4-4"])
def test_bundled_breathing_cues_follow_the_session(exercise_id: str) -> None:
    steps = discover([]).require(exercise_id).steps
    listener, recorder, _, clock = listener_for(steps, Voicing(Mode.CUES))
    Driver(steps, listener, clock).run_until(10_000)
    planned = score(steps, Voicing(Mode.CUES))  # the offline plan, as render uses it
    heard = recorder.starts()
    assert [name for _, name in heard] == [p.sound.cue for p in planned.placed]
    for (at, _), placed in zip(heard, planned.placed, strict=True):
        assert at == pytest.approx(placed.at, abs=BOUNDARY_MARGIN + 1e-6)
    listener.close()


def test_pause_silences_and_resume_plays_only_the_next_boundary() -> None:
    listener, recorder, _, clock = listener_for([BREATH], Voicing(Mode.CUES))
    driver = Driver([BREATH], listener, clock)
    driver.run_until(3.5)  # step, in; and hold queued ahead, due at 4
    assert recorder.starts() == [(0, "step"), (0, "in"), (pytest.approx(4), "hold")]
    driver.conductor.pause()  # before the hold: its queued cue is silenced with the rest
    assert recorder.silenced == [clock.now]
    clock.advance(30)  # time paused is not counted
    resumed = clock.now
    driver.conductor.resume()
    driver.run_until(resumed + 8.6)
    # Going on restarts the in-breath it was paused in: its cue again, then hold and out.
    assert recorder.starts()[3:] == [
        (pytest.approx(resumed, abs=0.01), "in"),
        (pytest.approx(resumed + 4, abs=0.01), "hold"),
        (pytest.approx(resumed + 8, abs=0.01), "out"),
    ]
    listener.close()


def test_stop_silences() -> None:
    listener, recorder, _, clock = listener_for([BREATH], Voicing(Mode.CUES))
    driver = Driver([BREATH], listener, clock)
    driver.run_until(2)
    driver.conductor.stop()
    assert recorder.silenced == [clock.now]
    assert "end" not in [name for _, name, _ in recorder.played]
    listener.close()


def test_next_and_previous_silence_then_chime_and_speak_the_step() -> None:
    steps = [GUIDE, GuideStep(kind="guide", text="Now your feet.", say="Feet.", seconds=10)]
    listener, recorder, engine, clock = listener_for(steps, Voicing(Mode.VOICE), expected=2)
    assert engine.all_done.wait(5)  # the words were made ahead
    driver = Driver(steps, listener, clock)
    driver.run_until(3)
    driver.conductor.next_step()
    clock.advance(0.5)
    driver.conductor.previous_step()
    assert recorder.silenced == [3.0, 3.5]
    assert recorder.played == [
        (0.0, "step", 0.0),
        (0.0, "say:Rest here.", SPEECH_DELAY),
        (3.0, "step", 0.0),
        (3.0, "say:Feet.", SPEECH_DELAY),
        (3.5, "step", 0.0),
        (3.5, "say:Rest here.", SPEECH_DELAY),
    ]
    listener.close()


def test_words_still_being_made_are_dropped_when_stopped_and_nothing_plays_after_close() -> None:
    hold = threading.Event()
    listener, recorder, engine, clock = listener_for([GUIDE], Voicing(Mode.VOICE), hold)
    driver = Driver([GUIDE], listener, clock)
    driver.run_until(0)  # the chime plays; the words are not ready
    driver.conductor.stop()
    assert recorder.silenced == [0.0]
    engine.expected = 1
    hold.set()
    assert engine.all_done.wait(5)
    listener.close()
    listener._worker.join(5)
    assert not listener._worker.is_alive()
    assert [name for _, name, _ in recorder.played] == ["step"]
    assert recorder.closed
    listener.heard(driver.session_snapshot(), [Change(Kind.STEP, 0)])
    assert [name for _, name, _ in recorder.played] == ["step"]


def test_late_words_play_when_ready_if_still_wanted() -> None:
    hold = threading.Event()
    listener, recorder, engine, clock = listener_for([GUIDE], Voicing(Mode.VOICE), hold)
    Driver([GUIDE], listener, clock).run_until(0)
    engine.expected = 1
    hold.set()
    assert engine.all_done.wait(5)
    for _ in range(500):
        if len(recorder.played) == 2:
            break
        threading.Event().wait(0.01)
    assert [name for _, name, _ in recorder.played] == ["step", "say:Rest here."]
    listener.close()


def test_no_device_is_one_notice_and_no_listener(monkeypatch: pytest.MonkeyPatch) -> None:
    from numbtui.sound import output

    monkeypatch.setattr(output, "open_output", lambda: "No sound device could be opened (x).")
    listener, notice = start_sound([GUIDE], Voicing(Mode.VOICE), 0.5)
    assert listener is None
    assert notice == "No sound device could be opened (x). The practice goes on without sound."


def test_voice_without_a_speech_engine_plays_cues_and_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NUMBTUI_AUDIO", "null")
    monkeypatch.setenv("NUMBTUI_SPEECH", "none")
    listener, notice = start_sound([GUIDE], Voicing(Mode.VOICE), 0.5)
    assert listener is not None
    assert notice is not None
    assert "install espeak-ng" in notice
    listener.close()


def test_real_playback_path_on_the_null_device(monkeypatch: pytest.MonkeyPatch) -> None:
    from numbtui.sound.output import Output, open_output

    monkeypatch.setenv("NUMBTUI_AUDIO", "null")
    output = open_output()
    assert isinstance(output, Output)
    clip = render_cue(Cue.STEP, 0.5)
    output.play(clip)
    assert output.busy
    mixed = output._mix(512)  # what the device's next pull gets
    assert mixed[:1024] == clip[:512].tobytes()
    output.silence()
    assert not output.busy
    assert output._mix(256) == bytes(512)
    output.close()
    output.play(clip)
    assert not output.busy  # nothing plays after close


def test_sound_check_plays_every_cue_and_a_sentence_on_the_null_device(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from numbtui.sound.commands import sound_check
    from numbtui.sound.output import Output

    monkeypatch.setenv("NUMBTUI_AUDIO", "null")
    played: list[int] = []
    real_play = Output.play

    def play(self: Output, clip: array[int], gain: float = 1.0, delay: float = 0.0) -> None:
        played.append(len(clip))
        real_play(self, clip, gain, delay)

    monkeypatch.setattr(Output, "play", play)
    waits: list[float] = []
    out = io.StringIO()
    assert sound_check("voice", out, wait=waits.append) == 0
    assert len(played) == len(Cue) + 1  # every cue, then the sentence
    assert played[-1] > 22050  # a spoken sentence lasts seconds
    assert len(waits) == len(played)
    assert "spoken by espeak-ng" in out.getvalue()


def test_sound_check_without_a_device_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from numbtui.cli import main
    from numbtui.sound import output

    monkeypatch.setattr(output, "open_output", lambda: "No sound device could be opened (x).")
    assert main(["sound-check"]) == 1
    assert capsys.readouterr().err == "numbtui: No sound device could be opened (x).\n"


def test_a_clip_queued_ahead_starts_at_its_moment_within_the_buffer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from types import SimpleNamespace

    from numbtui.sound import output

    class Device:
        def start(self, stream: object) -> None:
            pass

        def close(self) -> None:
            pass

    clock = FakeClock(100.0)
    monkeypatch.setattr(output, "time", SimpleNamespace(monotonic=clock))
    device = output.Output(Device())
    clip = array("h", [1000] * 600)
    device.play(clip, delay=0.01)  # due 220.5 samples from now
    device.play(clip, delay=1.0)  # due in a later buffer
    mixed = array("h")
    mixed.frombytes(device._mix(512))
    first = next(i for i, v in enumerate(mixed) if v)
    assert first in (220, 221)
    assert set(mixed[first:]) == {1000}
    clock.advance(512 / 22050)
    rest = array("h")
    rest.frombytes(device._mix(512))
    assert rest[: 600 - (512 - first)] == array("h", [1000] * (600 - (512 - first)))
    assert set(rest[600 - (512 - first) :]) == {0}  # the clip has ended; the later one waits
    assert device.busy
