"""A region's obstacles (knelpunten), what other regions that allowed it learned from theirs, and the national
counts for the Versnellingsteam. Every read costs a constant number of queries, however many obstacles there are.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from phases.models import HelpKind, Phase, Question, Resource
from regions.models import Activity, Obstacle, Region
from regions.selectors.checklists import end_of_day
from regions.selectors.overview import OBSTACLE_OPEN_DAYS, add_months

LONG_OPEN_DAYS = OBSTACLE_OPEN_DAYS
HELP_LABELS = dict(HelpKind.choices)


def _questions():
    return Question.objects.select_related("phase").prefetch_related(
        Prefetch("resources", queryset=Resource.objects.order_by("label", "description"))
    )


def region_obstacles(region: Region) -> list[Obstacle]:
    """The region's obstacles, open ones first, with their question, its resources and who marked them."""
    obstacles = (
        Obstacle.objects.filter(region=region)
        .select_related("question", "phase", "opened_by", "solved_by")
        .prefetch_related(Prefetch("question__resources", queryset=Resource.objects.order_by("label")))
        .order_by("-status", "phase__number", "-opened_at", "-id")  # "open" after "opgelost" reversed: open first
    )
    return list(obstacles)


@dataclass
class Learned:
    """What another region that allowed it to be seen did about the same obstacle."""

    region_name: str
    what_helped: str
    solved_on: datetime.date


@dataclass
class QuestionState:
    """One of the guide's questions on a region's phase page: open now or not, where help is, what others learned."""

    question: Question
    open_obstacle: Obstacle | None
    learned: list[Learned] = field(default_factory=list)

    @property
    def help_label(self) -> str:
        return HELP_LABELS.get(self.question.help_kind, "")


def learned_elsewhere(region: Region, question_ids) -> dict[int, list[Learned]]:
    """Per question: the solved obstacles of other regions that allow it, with what helped and their names, in
    alphabetical order of the region (never a ranking). One query. Regions that did not allow it never appear."""
    rows = (
        Obstacle.objects.solved()
        .filter(question__in=question_ids, region__shares_solved_obstacles=True)
        .exclude(region=region)
        .exclude(what_helped="")
        .order_by("region__name", "-solved_at")
        .values_list("question_id", "region__name", "what_helped", "solved_at")
    )
    learned: dict[int, list[Learned]] = {}
    for question_id, name, what_helped, solved_at in rows:
        learned.setdefault(question_id, []).append(Learned(name, what_helped, timezone.localdate(solved_at)))
    return learned


def phase_obstacles(region: Region, phase: Phase) -> dict:
    """What the phase page shows beside "Waar loop je tegenaan?": each question of the phase with the region's open
    obstacle for it; the region's own obstacles in this phase; what other regions learned about the open ones. Three
    queries, four when one is open."""
    questions = list(_questions().filter(phase=phase).order_by("order"))
    obstacles = list(
        Obstacle.objects.filter(region=region, phase=phase).select_related("question").order_by("-opened_at", "-id")
    )
    open_by_question = {o.question_id: o for o in obstacles if o.is_open and o.question_id}
    for question in questions:  # the prefetched question, with its resources
        if question.pk in open_by_question:
            open_by_question[question.pk].question = question
    learned = learned_elsewhere(region, list(open_by_question)) if open_by_question else {}
    return {
        "questions": [QuestionState(q, open_by_question.get(q.pk), learned.get(q.pk, [])) for q in questions],
        "own_obstacles": [o for o in obstacles if not o.question_id],
        "solved_obstacles": [o for o in obstacles if o.question_id and not o.is_open],
    }


def obstacle_for(region: Region, pk: int) -> Obstacle | None:
    return Obstacle.objects.select_related("region", "question", "phase").filter(region=region, pk=pk).first()


@dataclass
class ObstacleThen:
    """An obstacle as it stood at the end of a past day, rebuilt from the history."""

    title: str
    status: str
    note: str
    what_helped: str
    phase_id: int | None

    @property
    def is_open(self) -> bool:
        return self.status == Obstacle.Status.OPEN


def obstacles_on(region: Region, day: datetime.date) -> list[ObstacleThen]:
    """The region's obstacles at the end of ``day``, from the history alone: one query."""
    entries = Activity.objects.filter(
        region=region, kind=Activity.Kind.OBSTACLE, created_at__lt=end_of_day(day)
    ).order_by("created_at", "id")
    states: dict[int, ObstacleThen] = {}
    for after, phase_id in entries.values_list("after", "phase_id"):
        if "obstacle" in after:
            states[after["obstacle"]] = ObstacleThen(
                after.get("title", ""),
                after.get("status", ""),
                after.get("note", ""),
                after.get("what_helped", ""),
                phase_id,
            )
    return sorted(states.values(), key=lambda o: (not o.is_open, o.title.lower()))


def help_link_kind(obstacle: Obstacle) -> str:
    """The support request's kind a click on the obstacle fills in: the editors' link, else the free choice."""
    return obstacle.question.help_kind if obstacle.question_id and obstacle.question.help_kind else ""


# The Versnellingsteam's national view.


def quarter_ends(today: datetime.date, count: int = 4) -> list[datetime.date]:
    """The last days of the ``count`` quarters before the current one, oldest first."""
    first_of_quarter = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return [add_months(first_of_quarter, -3 * n) - datetime.timedelta(days=1) for n in range(count - 1, -1, -1)]


@dataclass
class CountRow:
    phase: Phase
    title: str
    question_id: int | None
    open_now: int
    solved: int
    then: list[int]
    help_label: str = ""


def national_counts(today: datetime.date | None = None) -> dict:
    """Per question (and per phase the obstacles in the regions' own words): how many regions run into it now,
    how many solved it, and how many had it open at the end of each of the last four quarters. Three queries."""
    today = today or timezone.localdate()
    ends = quarter_ends(today)

    def open_at(day):
        moment = end_of_day(day)
        return Q(obstacles__opened_at__lt=moment) & (
            Q(obstacles__solved_at__isnull=True) | Q(obstacles__solved_at__gte=moment)
        )

    counts = {
        "open_now": Count("obstacles__region", filter=Q(obstacles__status=Obstacle.Status.OPEN), distinct=True),
        "solved": Count("obstacles", filter=Q(obstacles__status=Obstacle.Status.SOLVED)),
        **{f"then_{n}": Count("obstacles__region", filter=open_at(day), distinct=True) for n, day in enumerate(ends)},
    }
    questions = Question.objects.select_related("phase").annotate(**counts).order_by("phase__number", "order")
    rows = [
        CountRow(
            q.phase,
            q.text,
            q.pk,
            q.open_now,
            q.solved,
            [getattr(q, f"then_{n}") for n in range(len(ends))],
            HELP_LABELS.get(q.help_kind, ""),
        )
        for q in questions
    ]
    own_counts = _own_counts(ends)
    for phase in Phase.objects.order_by("number"):
        own = own_counts.get(phase.pk)
        if own:
            rows.append(CountRow(phase, "In eigen woorden", None, own["open"], own["solved"], own["then"]))
    rows.sort(key=lambda row: (row.phase.number, row.question_id is None))
    by_phase = {}
    for row in rows:
        by_phase.setdefault(row.phase, []).append(row)
    most_common = sorted((row for row in rows if row.open_now), key=lambda row: (-row.open_now, row.phase.number))
    return {"today": today, "quarter_ends": ends, "by_phase": list(by_phase.items()), "most_common": most_common[:5]}


def _own_counts(ends) -> dict[int, dict]:
    """Per phase id: the obstacles in the regions' own words (no question), counted as ``national_counts`` does."""

    def open_at(day):
        moment = end_of_day(day)
        return Q(opened_at__lt=moment) & (Q(solved_at__isnull=True) | Q(solved_at__gte=moment))

    counts = {
        "open": Count("pk", filter=Q(status=Obstacle.Status.OPEN)),
        "solved": Count("pk", filter=Q(status=Obstacle.Status.SOLVED)),
        **{f"then_{n}": Count("pk", filter=open_at(day)) for n, day in enumerate(ends)},
    }
    rows = Obstacle.objects.filter(question__isnull=True).values("phase").annotate(**counts).order_by()
    return {row["phase"]: {**row, "then": [row[f"then_{n}"] for n in range(len(ends))]} for row in rows}


def questions_by_phase(*, leave_out=()) -> list[tuple[Phase, list[Question]]]:
    """The guide's questions grouped by phase, for a select: one query."""
    choices = {}
    for question in Question.objects.select_related("phase").order_by("phase__number", "order"):
        if question.pk not in leave_out:
            choices.setdefault(question.phase, []).append(question)
    return list(choices.items())


def region_summary(region: Region) -> dict:
    """What the region page shows: the open obstacles, and the guide's questions by phase to mark one. Two queries."""
    open_obstacles = list(
        Obstacle.objects.open().filter(region=region).select_related("question", "phase").order_by("phase__number")
    )
    leave_out = {o.question_id for o in open_obstacles}
    return {"open_obstacles": open_obstacles, "obstacle_choices": questions_by_phase(leave_out=leave_out)}
