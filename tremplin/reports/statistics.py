"""The back office's figures, each counted by PostgreSQL (GROUP BY, date_trunc,
percentile_cont) over the rows the staff member's scope covers, narrowed by `Filters`.

A section is there only for those whose right lets them see its rows: people for
PEOPLE_VIEW, graduate claims for GRADUATES_VALIDATE, offers and applications for
OFFERS_MODERATE; its rows are the scoped querysets the back office's pages list
(`User.objects.in_scope_of`, `GraduateClaim.objects.in_scope_of`, `Offer.objects.in_scope_of`).

Events (registered versus present) are counted for EVENTS_MANAGE over
`Event.objects.in_scope_of`; the opt-in mails (sent, unsubscriptions by kind) for
PEOPLE_VIEW over the people in scope. A new section is a function returning a `Section`
and a line in `SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tremplin.accounts.models import User
from tremplin.accounts.permissions import Permission, may
from tremplin.directory.models import Composante
from tremplin.events.models import Event, Registration
from tremplin.graduates.models import GraduateClaim
from tremplin.mailings.models import MailKind, OptInMail, Unsubscription
from tremplin.offers.models import Application, Offer
from tremplin.reports.charts import BarChart, bar_chart
from tremplin.reports.filters import Filters

TOP_OFFERS = 20


class PercentileCont(Aggregate):
    """PostgreSQL's continuous percentile of an ordered set (here: of intervals)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()

    def __init__(self, expression, *, fraction: float, **extra) -> None:
        super().__init__(expression, fraction=float(fraction), **extra)


class SubqueryCount(Subquery):
    """The number of distinct rows a correlated subquery of primary keys returns."""

    template = "(SELECT count(DISTINCT _sub.pk) FROM (%(subquery)s) _sub(pk))"
    output_field = IntegerField()


@dataclass
class Table:
    """Figures with their headings: `rows` are (label, value, …) tuples. `chart` says
    which value column (1-based after the label) the bar chart draws, if any."""

    caption: str
    headings: list[str]
    rows: list[tuple]
    chart: int | None = 1
    description: str = ""
    key: str = ""  # unique in the page (the chart's ids)

    @property
    def bars(self) -> list[tuple[str, int]]:
        return [(str(row[0]), row[self.chart] or 0) for row in self.rows] if self.chart else []

    @property
    def drawing(self) -> BarChart | None:
        return bar_chart(self.bars)


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)


# --- The scoped rows ------------------------------------------------------------------


def people(user, filters: Filters, *, period: bool = True):
    """Students and graduates in scope (of the chosen composante and VET), registered
    within the period unless told `period=False`."""
    found = User.objects.in_scope_of(user)
    if period:
        found = found.filter(filters.period("date_joined"))
    if filters.composante or filters.vet:
        found = found.filter(
            pk__in=User.objects.filter(filters.place(composante="composantes", vet="vets"))
        )
    return found


def claims(user, filters: Filters):
    return (
        GraduateClaim.objects.in_scope_of(user)
        .filter(filters.period("created_at"))
        .filter(filters.place(composante="composante", vet="vet"))
    )


def offers(user, filters: Filters, *, period: bool = True):
    """Offers in scope (drafts aside: nobody moderates them yet), created within the
    period, aimed at the chosen composante (directly or through one of its VETs)."""
    found = Offer.objects.in_scope_of(user).exclude(status=Offer.Status.DRAFT)
    if period:
        found = found.filter(filters.period("created_at"))
    if filters.composante:
        found = found.filter(
            pk__in=Offer.objects.filter(
                Q(composantes=filters.composante) | Q(vets__composante=filters.composante)
            ).values("pk")
        )
    if filters.vet:
        found = found.filter(pk__in=Offer.objects.filter(vets=filters.vet).values("pk"))
    return found


def applications(user, filters: Filters):
    """Applications sent within the period to offers in scope (whenever they were made)."""
    return Application.objects.filter(
        offer__in=offers(user, filters, period=False).values("pk")
    ).filter(filters.period("created_at"))


# --- The figures ----------------------------------------------------------------------


def _month(value) -> str:
    return formats.date_format(value, "YEAR_MONTH_FORMAT")


def _day(value) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")


def _days(value: timedelta | None) -> str:
    if value is None:
        return "—"
    return formats.number_format(value.total_seconds() / 86400, 1)


def registrations_section(user, filters: Filters) -> Section:
    rows = (
        people(user, filters)
        .annotate(month=TruncMonth("date_joined"))
        .order_by()
        .values("month", "kind")
        .annotate(n=Count("pk"))
        .order_by("month", "kind")
    )
    kinds = [User.Kind.STUDENT, User.Kind.GRADUATE]
    by_month: dict = {}
    for row in rows:
        by_month.setdefault(row["month"], dict.fromkeys(kinds, 0))[row["kind"]] = row["n"]
    by_kind = dict(people(user, filters).order_by().values_list("kind").annotate(n=Count("pk")))
    return Section(
        "registrations",
        _("Registrations"),
        [
            Table(
                _("Registrations by kind of person"),
                [_("Kind of person"), _("Registrations")],
                [(User.Kind(kind).label, by_kind.get(kind, 0)) for kind in kinds],
            ),
            Table(
                _("Registrations by month"),
                [_("Month"), _("Total"), *(User.Kind(kind).label for kind in kinds)],
                [
                    (_month(month), sum(counts.values()), *(counts[k] for k in kinds))
                    for month, counts in by_month.items()
                ],
            ),
        ],
    )


def _claim_figures():
    status = GraduateClaim.Status
    delay = ExpressionWrapper(F("decided_at") - F("created_at"), output_field=DurationField())
    return {
        "validated": Count("pk", filter=Q(status=status.VALIDATED)),
        "rejected": Count("pk", filter=Q(status=status.REJECTED)),
        "pending": Count("pk", filter=Q(status=status.PENDING)),
        "median": PercentileCont(delay, fraction=0.5),
        "p90": PercentileCont(delay, fraction=0.9),
    }


def claim_figures(user, filters: Filters) -> tuple[list[dict], dict]:
    """Per composante of the claims (none: people absent from the registry), then for
    all of them: validated, rejected, waiting, and the median and 90th percentile of the
    time from the claim to its decision."""
    found = claims(user, filters).order_by()
    per_scope = list(
        found.values("composante__code", "composante__label")
        .annotate(**_claim_figures())
        .order_by("composante__code")
    )
    return per_scope, found.aggregate(**_claim_figures())


def claim_figures_per_vet(user, filters: Filters) -> list[dict]:
    """The same figures per VET of the claims, within the scope and the filters, in the
    order of their composante and code; claims without a VET (the diploma not found, or
    the person absent from the registry) last, together."""
    return list(
        claims(user, filters)
        .order_by()
        .values("vet_id", "vet__code", "vet__version", "vet__label", "vet__composante__code")
        .annotate(**_claim_figures())
        .order_by(
            F("vet__composante__code").asc(nulls_last=True),
            F("vet__code").asc(nulls_last=True),
            "vet__version",
        )
    )


def _vet_label(figures: dict) -> str:
    if figures["vet_id"] is None:
        return _("Without a VET")
    return f"{figures['vet__code']}-{figures['vet__version']} — {figures['vet__label']}"


def claims_section(user, filters: Filters) -> Section:
    per_scope, total = claim_figures(user, filters)
    figures_headings = [
        _("Validated"),
        _("Not accepted"),
        _("Waiting"),
        _("Median days to a decision"),
        _("90th percentile (days)"),
    ]
    headings = [_("Composante"), *figures_headings]
    delays = _(
        "Days from the registration to its decision: half of the decisions "
        "took less than the median, nine in ten less than the 90th percentile."
    )

    def row(label, figures) -> tuple:
        return (
            label,
            figures["validated"],
            figures["rejected"],
            figures["pending"],
            _days(figures["median"]),
            _days(figures["p90"]),
        )

    rows = [
        row(scope["composante__label"] or _("Not in the registry"), scope) for scope in per_scope
    ]
    return Section(
        "claims",
        _("Graduate registrations"),
        [
            Table(
                _("Graduate registrations by status"),
                [_("Status"), _("Registrations")],
                [
                    (_("Validated"), total["validated"]),
                    (_("Not accepted"), total["rejected"]),
                    (_("Waiting"), total["pending"]),
                ],
            ),
            Table(
                _("Graduate registrations per composante"),
                headings,
                [*rows, row(_("All"), total)],
                chart=None,
                description=delays,
            ),
            Table(
                _("Graduate registrations per VET"),
                [_("VET"), *figures_headings],
                [
                    row(_vet_label(figures), figures)
                    for figures in claim_figures_per_vet(user, filters)
                ],
                description=_("The chart shows the validated registrations. %(delays)s")
                % {"delays": delays},
            ),
        ],
    )


def _by_choice(queryset, field_name: str, choices) -> list[tuple[str, int]]:
    counts = dict(queryset.order_by().values_list(field_name).annotate(n=Count("pk")))
    return [(label, counts[value]) for value, label in choices if counts.get(value)]


def offers_by_composante(user, filters: Filters) -> list[tuple[str, int]]:
    """Offers aimed at each composante, directly or through one of its VETs; an offer
    aimed at two composantes counts in both."""
    found = offers(user, filters)
    aimed = Offer.objects.filter(pk__in=found.values("pk")).filter(
        Q(composantes=OuterRef("pk")) | Q(vets__composante=OuterRef("pk"))
    )
    rows = (
        Composante.objects.annotate(n=SubqueryCount(aimed.order_by().values("pk")))
        .filter(n__gt=0)
        .order_by("label")
        .values_list("label", "n")
    )
    whole = found.filter(composantes=None, vets=None).count()
    return [*rows, *([(_("The whole university"), whole)] if whole else [])]


def offers_section(user, filters: Filters) -> Section:
    found = offers(user, filters)
    months = (
        found.annotate(month=TruncMonth("created_at"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return Section(
        "offers",
        _("Offers"),
        [
            Table(
                _("Offers by type"),
                [_("Type"), _("Offers")],
                _by_choice(found, "kind", Offer.Kind.choices),
            ),
            Table(
                _("Offers by month"),
                [_("Month"), _("Offers")],
                [(_month(month), n) for month, n in months],
            ),
            Table(
                _("Offers by domain"),
                [_("Domain"), _("Offers")],
                _by_choice(found, "domain", Offer.Domain.choices),
            ),
            Table(
                _("Offers by targeted composante"),
                [_("Composante"), _("Offers")],
                offers_by_composante(user, filters),
            ),
        ],
    )


def applications_section(user, filters: Filters) -> Section:
    found = applications(user, filters)
    per_offer = (
        found.order_by()
        .values_list("offer__title", "offer__organisation__name", "offer_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "offer_id")[:TOP_OFFERS]
    )
    return Section(
        "applications",
        _("Applications"),
        [
            Table(
                _("Applications by type of offer"),
                [_("Type"), _("Applications")],
                _by_choice(found, "offer__kind", Offer.Kind.choices),
            ),
            Table(
                _("Applications per offer (the %(count)d most sought)") % {"count": TOP_OFFERS},
                [_("Offer"), _("Applications")],
                [(f"{title} — {organisation}", n) for title, organisation, _pk, n in per_offer],
            ),
        ],
    )


def events(user, filters: Filters):
    """Published events in scope that start within the period, aimed at the chosen
    composante (directly or through one of its VETs) or VET."""
    found = (
        Event.objects.in_scope_of(user)
        .filter(status=Event.Status.PUBLISHED)
        .filter(filters.period("starts_at"))
    )
    if filters.composante:
        found = found.filter(
            pk__in=Event.objects.filter(
                Q(composantes=filters.composante) | Q(vets__composante=filters.composante)
            ).values("pk")
        )
    if filters.vet:
        found = found.filter(pk__in=Event.objects.filter(vets=filters.vet).values("pk"))
    return found


def _attendance():
    seats = Registration.Status.REGISTERED
    return {
        "registered": Count("registrations", filter=Q(registrations__status=seats)),
        "present": Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
        "waiting": Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
        ),
    }


def events_section(user, filters: Filters) -> Section:
    """Registered (a seat) versus present (checked in), by kind of event and per event."""
    found = events(user, filters).order_by()
    labels = dict(Event.Kind.choices)
    by_kind = found.values("kind").annotate(n=Count("pk", distinct=True), **_attendance())
    per_event = found.values("pk", "title", "starts_at").annotate(**_attendance())
    per_event = per_event.order_by("-starts_at", "pk")[:TOP_OFFERS]
    headings = [_("People registered"), _("People present"), _("On the waiting list")]
    return Section(
        "events",
        _("Events"),
        [
            Table(
                _("Registered and present by type of event"),
                [_("Type"), _("Events"), *headings],
                [
                    (
                        labels[row["kind"]],
                        row["n"],
                        row["registered"],
                        row["present"],
                        row["waiting"],
                    )
                    for row in sorted(by_kind, key=lambda row: list(labels).index(row["kind"]))
                ],
                chart=3,
            ),
            Table(
                _("Registered and present per event (the %(count)d latest)")
                % {"count": TOP_OFFERS},
                [_("Event"), *headings],
                [
                    (
                        f"{row['title']} — {_day(row['starts_at'])}",
                        row["registered"],
                        row["present"],
                        row["waiting"],
                    )
                    for row in per_event
                ],
                chart=2,
            ),
        ],
    )


def mails_section(user, filters: Filters) -> Section:
    """The opt-in mails sent within the period to people in scope, and their
    unsubscriptions, by kind of mail and by month."""
    scoped = people(user, filters, period=False).values("pk")
    sent = OptInMail.objects.filter(user__in=scoped).filter(filters.period("sent_at"))
    left = Unsubscription.objects.filter(user__in=scoped).filter(filters.period("at"))
    sent_by_kind = dict(sent.order_by().values_list("kind").annotate(n=Count("pk")))
    left_by_kind = dict(left.order_by().values_list("kind").annotate(n=Count("pk")))
    by_month: dict = {}
    for rows, column in ((sent, "sent_at"), (left, "at")):
        months = rows.annotate(month=TruncMonth(column)).order_by().values_list("month")
        for month, n in months.annotate(n=Count("pk")):
            by_month.setdefault(month, {"sent_at": 0, "at": 0})[column] = n
    return Section(
        "mails",
        _("Opt-in e-mails"),
        [
            Table(
                _("E-mails sent and unsubscriptions by kind of e-mail"),
                [_("Kind of e-mail"), _("E-mails sent"), _("Unsubscriptions")],
                [
                    (kind.label, sent_by_kind.get(kind, 0), left_by_kind.get(kind, 0))
                    for kind in MailKind
                ],
            ),
            Table(
                _("E-mails sent and unsubscriptions by month"),
                [_("Month"), _("E-mails sent"), _("Unsubscriptions")],
                [
                    (_month(month), counts["sent_at"], counts["at"])
                    for month, counts in sorted(by_month.items())
                ],
            ),
        ],
    )


SECTIONS = (
    (Permission.PEOPLE_VIEW, registrations_section),
    (Permission.GRADUATES_VALIDATE, claims_section),
    (Permission.OFFERS_MODERATE, offers_section),
    (Permission.OFFERS_MODERATE, applications_section),
    (Permission.EVENTS_MANAGE, events_section),
    (Permission.PEOPLE_VIEW, mails_section),
)


def sections_for(user, filters: Filters) -> Iterable[Section]:
    for right, build in SECTIONS:
        if may(user, right):
            section = build(user, filters)
            for number, table in enumerate(section.tables, 1):
                table.key = f"{section.key}-{number}"
            yield section
