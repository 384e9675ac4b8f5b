"""The compliance score of an agency or an officer, and the Ombudsman's zones.

Pure arithmetic, shown as is on the leaders' pages: each component is a share between 0
and 1, weighted; a component without data (no rated case, no instruction due) drops out
and the others' weights are scaled up, so a unit is never punished or rewarded for what
did not happen. Below a minimum number of judged cases there is no score at all.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil, floor

# Weights out of 100. Deadlines weigh most: they are what the law sets.
WEIGHTS: dict[str, int] = {
    "response_on_time": 25,  # first response within its deadline
    "resolution_on_time": 35,  # resolved within the category's deadline
    "no_rework": 10,  # 1 - follow-ups sent back / follow-ups
    "no_reopen": 10,  # 1 - reopened / validated
    "satisfaction": 10,  # (mean rating - 1) / 4
    "instructions_on_time": 10,  # leaders' instructions done by their deadline
}

# Ombudsman RI's zones of compliance.
GREEN_FROM = 81.0
YELLOW_FROM = 51.0


@dataclass(frozen=True)
class Score:
    value: float | None  # 0-100, None: not enough data
    zone: str  # "hijau", "kuning", "merah" or "" (not enough data)
    used: dict[str, float]  # the components that counted, each 0-1


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def satisfaction(mean_rating: float | None) -> float | None:
    return None if mean_rating is None else (mean_rating - 1) / 4


def zone(value: float | None) -> str:
    if value is None:
        return ""
    if value >= GREEN_FROM:
        return "hijau"
    if value >= YELLOW_FROM:
        return "kuning"
    return "merah"


def compliance_score(components: dict[str, float | None], *, judged: int, minimum: int) -> Score:
    """`components`: shares by the names in WEIGHTS (None: no data). `judged`: the cases
    the deadlines judged; fewer than `minimum` gives no score ("data belum cukup")."""
    used = {k: v for k, v in components.items() if v is not None and k in WEIGHTS}
    if judged < minimum or not used:
        return Score(None, "", used)
    total = sum(WEIGHTS[k] for k in used)
    value = round(100 * sum(WEIGHTS[k] * v for k, v in used.items()) / total, 1)
    return Score(value, zone(value), used)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) of values, interpolated between the closest ranks
    (numpy's default); None for no values. The arithmetic is PostgreSQL's
    percentile_cont, step for step, so both give the same float."""
    if not values:
        return None
    ordered = sorted(values)
    rank = q / 100 * (len(ordered) - 1)
    low, high = floor(rank), ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
