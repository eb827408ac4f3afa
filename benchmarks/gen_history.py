"""Make a practice history of N realistic records, for benchmarks and for trying the app.

Practices spread over several years at the times people practise (mornings, midday, evenings),
across the bundled exercises, with ratings that start low and drift, optional check-ins, chosen
words and occasional notes; about one in seven is stopped early. A practice never starts before
the one before it ended. The same seed gives the same history.

Each record is realistic; their number may not be: a person practises once or twice a day, so
the 100,000 the scale benchmarks need are about 55 a day over the default 5 years (spreading
them thinner would reach back before 1970, which a history cannot hold).

Run: python benchmarks/gen_history.py N PATH [--years Y] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from numbtui.rating import WORDS
from numbtui.record import Record
from numbtui.store import Store

EXERCISES = (
    ("body-scan", "Body scan", 900.0),
    ("body-scan-short", "Body scan (short)", 300.0),
    ("box-breathing", "Box breathing", 240.0),
    ("breathing-4-4-4", "Breathing 4-4-4", 180.0),
    ("breathing-4-7-8", "Breathing 4-7-8", 240.0),
    ("five-senses", "Five senses (5-4-3-2-1)", 300.0),
    ("mindful-walking", "Mindful walking", 600.0),
    ("morning-stretch", "Morning stretch", 420.0),
    ("name-it", "Name it", 180.0),
)
NOTES = (
    "hands felt warm for a moment",
    "hard to stay with it today",
    "noticed my shoulders",
    "nothing much, and that is fine",
    "the breathing helped a little",
    "sleepy",
    "heard the rain outside; it was nice to just listen",
    "felt something in my chest, not sure what",
)


def _rating(rng: random.Random, mean: float, spread: float, *, missing: float) -> int | None:
    if rng.random() < missing:
        return None
    return max(0, min(10, round(rng.gauss(mean, spread))))


def _start_times(rng: random.Random, count: int, end: datetime, span: float) -> Iterator[datetime]:
    for _ in range(count):
        day = end - timedelta(seconds=rng.uniform(0, span))
        hour = rng.choice((7, 8, 8, 9, 12, 18, 21, 22))
        started = day.replace(
            hour=hour, minute=rng.randrange(60), second=rng.randrange(60), microsecond=0
        )
        yield started - timedelta(days=1) if started > end else started  # hour still to come


def practices(count: int, years: float, seed: int) -> Iterator[Record]:
    """``count`` records, oldest first, ending now."""
    rng = random.Random(seed)
    end = datetime.now(UTC).replace(microsecond=0)
    span = timedelta(days=365 * years).total_seconds()
    favourites = rng.sample(EXERCISES, 3)
    starts = sorted(_start_times(rng, count, end, span))
    lengths = []
    for _ in starts:
        exercise = rng.choice(favourites) if rng.random() < 0.7 else rng.choice(EXERCISES)
        finished = rng.random() > 0.14
        share = 1.0 if finished else rng.uniform(0.1, 0.9)
        lengths.append((exercise, finished, exercise[2] * share + rng.uniform(0, 20)))
    # One after another: a start that falls inside the previous practice waits for its end
    # and a short pause; if that runs past now, everything moves back by the excess.
    previous_end = datetime.min.replace(tzinfo=UTC)
    for i, (_, _, practised) in enumerate(lengths):
        starts[i] = max(starts[i], previous_end + timedelta(seconds=rng.randrange(30, 600)))
        previous_end = starts[i] + timedelta(seconds=practised)
    excess = max(timedelta(0), previous_end - end)
    for n, (start, ((exercise_id, title, planned), finished, practised)) in enumerate(
        zip(starts, lengths, strict=True)
    ):
        started = start - excess
        progress = n / max(count - 1, 1)  # later practices feel a little more, on average
        before = _rating(rng, 2 + 2 * progress, 1.5, missing=0.3)
        after = _rating(rng, 3 + 2.5 * progress, 1.8, missing=0.1)
        words = tuple(rng.sample(WORDS, rng.choice((0, 1, 1, 2, 3, 4))))
        note = rng.choice(NOTES) if rng.random() < 0.3 else ""
        yield Record(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            started=started,
            ended=started + timedelta(seconds=practised),
            exercise_id=exercise_id,
            title=title,
            content_hash=f"{rng.getrandbits(64):016x}",
            planned_seconds=planned,
            practised_seconds=round(practised, 1),
            finished=finished,
            before=before,
            after=after,
            words=words,
            note=note,
        )


def generate(path: Path, count: int, *, years: float = 5.0, seed: int = 1) -> None:
    """Write ``count`` practices into the history at ``path`` (created if missing)."""
    with Store.open(path) as store:
        store.import_records(practices(count, years, seed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of practices")
    parser.add_argument("path", type=Path, help="the history database to create or extend")
    parser.add_argument("--years", type=float, default=5.0, help="time span (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    generate(args.path, args.count, years=args.years, seed=args.seed)
    elapsed = time.perf_counter() - started
    size = args.path.stat().st_size / 2**20
    print(f"{args.count} practices written to {args.path} in {elapsed:.1f} s ({size:.1f} MB)")


if __name__ == "__main__":
    main()
