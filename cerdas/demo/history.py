"""Ninety days of complaints, played through the real services with past timestamps.

Each complaint gets a `Story`: when it is filed, where, what its fate is (sent to an
agency, rejected, duplicate, handed off) and what happens on the way (questions to the
reporter, transfers, rework, reopening, rating). Playing a story calls the services in
order with `now=` moving forward in working time, and stops where the next step would
lie in the future: that is how recent cases stay open and slow agencies' cases run late.
The events, deadline legs and photos are therefore exactly what real use would leave.
"""

import io
import math
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.db import transaction
from PIL import Image, ImageDraw

from cerdas.accounts.models import User
from cerdas.areas.models import Area
from cerdas.complaints import services
from cerdas.complaints.models import Channel, Complaint, Privacy, State
from cerdas.complaints.services import Upload
from cerdas.lib.geo import random_point_in
from cerdas.workdays.calendar import city_calendar

from . import data
from .city import City

DAYS = 90
BATCH = 100
HOUR = 3600.0

CHANNELS = [
    (Channel.WEB, 46),
    (Channel.WHATSAPP, 26),
    (Channel.PHONE, 9),
    (Channel.WALK_IN, 5),
    (Channel.TELEGRAM, 5),
    (Channel.EMAIL, 4),
    (Channel.API, 3),
    (Channel.OPEN311, 2),
]
OPERATOR_ENTERED = (Channel.PHONE, Channel.WALK_IN)
CHAT = (Channel.WHATSAPP, Channel.TELEGRAM)
OPERATOR_OPENERS = {
    Channel.PHONE: "Pelapor menelepon Command Center: ",
    Channel.WALK_IN: "Warga datang langsung ke Command Center, melaporkan: ",
}
# When people write, WITA hour by hour: a quiet night, a morning peak, a busy evening.
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 7, 10, 11, 11, 10, 9, 9, 9, 8, 8, 8, 9, 9, 8, 6, 4, 2]
MOBILE_PREFIXES = ["811", "812", "813", "821", "822", "823", "852", "853", "857", "858", "878"]
HAND_OFF_RATE = {
    "lampu-jalan": 0.10,
    "jalan-rusak": 0.05,
    "banjir": 0.08,
    "drainase": 0.04,
    "parkir-liar": 0.05,
    "lainnya": 0.35,
}
STORM_SHARE = {"banjir": 0.55, "pohon-tumbang": 0.55, "drainase": 0.2}


class _Stop(Exception):  # noqa: N818 - control flow, not an error
    """The story ends here: its next step would be in the future, or it reached its halt."""


@dataclass
class Story:
    at: datetime
    category: str
    fate: str = "dispose"  # dispose / reject / duplicate / hand_off
    area: Area | None = None
    hand_off: dict | None = None
    ask_info: bool = False
    answers: bool = True
    transfer: str | None = None  # approve / decline
    transfer_early: bool = True  # before the agency accepts
    reworks: int = 0
    reopen: bool = False
    rate: bool = False
    halt: str | None = None  # showcase: stop once the case is in this state
    quick: bool = False  # showcase: short fixed delays
    # Filled while playing:
    t: datetime | None = None
    complaint: Complaint | None = None
    place: dict = field(default_factory=dict)
    report: dict = field(default_factory=dict)  # the text chosen from data.TEXTS
    reporter: User | None = None
    officer: User | None = None


@dataclass
class Result:
    complaints: int = 0
    auto_closed: int = 0


class History:
    def __init__(self, city: City, rng: random.Random, now: datetime):
        self.city = city
        self.rng = rng
        self.now = now
        self.start = now - timedelta(days=DAYS)
        self.calendar = city_calendar()
        self.day = self.calendar.day_seconds
        villages = (
            Area.objects.villages()
            .in_city(settings.CERDAS_CITY_CODE)
            .filter(geometry__isnull=False)
            .select_related("parent")
            .order_by("code")
        )
        self.villages = list(villages)
        # Fewer reports from the islands of Bunaken Kepulauan than from the mainland.
        self.village_weights = [
            0.3 if v.parent.name == "Bunaken Kepulauan" else 1.0 for v in self.villages
        ]
        # Hand-offs tied to a kecamatan (Manado's national road, its river) only where the
        # city has that kecamatan: another city's demo hands off the others.
        districts = {v.parent.name for v in self.villages}
        self.hand_offs = {
            category: [h for h in specs if not h["kecamatan"] or districts & set(h["kecamatan"])]
            for category, specs in data.HAND_OFFS.items()
        }
        self.masters: list[tuple[datetime, int]] = []  # (filed, pk): verified, located
        storm = sorted(rng.sample(range(5, DAYS - 5), 2))
        self.storm_days = [now - timedelta(days=d) for d in storm]

    # --- planning ------------------------------------------------------------------------

    def plan(self, count: int) -> list[Story]:
        showcase = self._showcase()[:count]
        stories = showcase + [self.random_story() for _ in range(count - len(showcase))]
        stories.sort(key=lambda s: s.at)
        return stories

    def _showcase(self) -> list[Story]:
        """One case in every state, whatever the count, so a small demo shows them all."""
        open_halts = [
            State.NEEDS_INFO,
            State.DISPOSED,
            State.IN_PROGRESS,
            State.AWAITING_VALIDATION,
            State.RESOLVED,
        ]
        stories = [Story(at=self.now - timedelta(hours=2), category="sampah", halt=State.NEW)]
        for halt, category in zip(
            open_halts,
            ["jalan-rusak", "drainase", "sampah", "lampu-jalan", "jalan-rusak"],
            strict=True,
        ):
            stories.append(
                Story(
                    at=self._days_ago(8),
                    category=category,
                    halt=halt,
                    quick=True,
                    ask_info=halt == State.NEEDS_INFO,
                )
            )
        stories += [
            Story(at=self._days_ago(8), category="ketertiban", fate="reject", quick=True),
            Story(
                at=self._days_ago(8),
                category="lampu-jalan",
                fate="hand_off",
                hand_off=data.HAND_OFFS["lampu-jalan"][0],
                quick=True,
            ),
            Story(at=self._days_ago(8), category="sampah", rate=True, quick=True),
            Story(at=self.now - timedelta(days=6), category="sampah", fate="duplicate", quick=True),
        ]
        return stories

    def _days_ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days + self.rng.uniform(0, 1.5))

    def random_story(self) -> Story:
        rng = self.rng
        codes = list(data.CATEGORIES)
        category = rng.choices(codes, [data.CATEGORIES[c]["weight"] for c in codes])[0]
        story = Story(at=self._filed_at(category), category=category)
        roll = rng.random()
        if roll < 0.04:
            story.fate = "reject"
        elif roll < 0.08:
            story.fate = "duplicate"
        elif roll < 0.08 + HAND_OFF_RATE.get(category, 0) and self.hand_offs.get(category):
            story.fate = "hand_off"
            story.hand_off = rng.choice(self.hand_offs[category])
        story.ask_info = story.fate != "reject" and rng.random() < 0.07
        story.answers = rng.random() < 0.75
        agency = data.CATEGORIES[category]["agency"]
        speed = data.AGENCY_SPEED[agency]
        if category in data.TRANSFERS and rng.random() < 0.05:
            story.transfer = "approve" if rng.random() < 0.85 else "decline"
            story.transfer_early = rng.random() < 0.6
        if rng.random() < 0.03 + 0.03 * speed:
            story.reworks = 2 if rng.random() < 0.15 else 1
        story.reopen = rng.random() < 0.025 + 0.02 * speed
        story.rate = rng.random() < 0.5
        return story

    def _filed_at(self, category: str) -> datetime:
        rng = self.rng
        tz = settings.CERDAS_TIME_ZONE
        while True:
            if rng.random() < STORM_SHARE.get(category, 0):
                day = rng.choice(self.storm_days) + timedelta(days=rng.choice([0, 0, 1]))
            else:
                day = self.start + timedelta(days=rng.uniform(0, DAYS))
            local = day.astimezone(tz)
            if local.weekday() >= 5 and rng.random() < 0.3:
                continue  # fewer reports at weekends
            hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
            moment = local.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))
            if self.start <= moment < self.now - timedelta(minutes=5):
                return moment

    # --- time ----------------------------------------------------------------------------

    def _budget(self, amount: int, unit: str) -> float:
        return amount * (self.day if unit == "days" else HOUR)

    def _advance(self, story: Story, seconds: float, *, working: bool = True) -> None:
        """Move the story's clock; stop the story if that lands in the future."""
        if story.quick:
            seconds = 1.5 * HOUR
        seconds = max(seconds, 300.0)
        if working:
            moment = self.calendar.add_seconds(story.t, seconds)
        else:
            moment = story.t + timedelta(seconds=seconds)
        if moment >= self.now:
            raise _Stop
        story.t = moment

    def _lognormal(self, median: float, sigma: float) -> float:
        return math.exp(self.rng.gauss(math.log(median), sigma))

    # --- playing ---------------------------------------------------------------------------

    def play(self, stories: list[Story]) -> Result:
        result = Result()
        for start in range(0, len(stories), BATCH):
            with transaction.atomic():
                for story in stories[start : start + BATCH]:
                    try:
                        self._play(story)
                    except _Stop:
                        pass
                    if story.complaint is not None:
                        result.complaints += 1
        result.auto_closed = self._auto_close()
        return result

    def _call(self, story: Story, service, **kwargs) -> None:
        story.complaint = service(complaint=story.complaint, now=story.t, **kwargs)
        if story.halt is not None and story.complaint.state == story.halt:
            raise _Stop

    def _operator(self) -> User:
        return self.rng.choices(self.city.operators, [5, 3, 2])[0]

    def _reporter_kwargs(self, story: Story) -> dict:
        if story.reporter is not None:
            return {"user": story.reporter}
        return {"user": None, "reporter_link": True}

    def _play(self, story: Story) -> None:
        rng = self.rng
        if story.fate == "duplicate" and not self._pick_master(story):
            story.fate = "dispose"
        self._submit(story)
        policy = self.city.categories[story.category].policy
        verify = self._budget(policy.verify_amount, policy.verify_unit)

        if story.ask_info:
            self._advance(story, rng.uniform(0.05, 0.5) * verify)
            self._call(
                story,
                services.complaint_request_info,
                user=self._operator(),
                question=rng.choice(data.INFO_QUESTIONS),
            )
            if not story.answers:
                self._advance(story, rng.uniform(5, 10) * self.day)
                self._call(
                    story,
                    services.complaint_reject,
                    user=self._operator(),
                    reason=data.NO_REPLY_REASON,
                )
                return
            self._advance(story, rng.uniform(1, 72) * HOUR, working=False)
            self._call(
                story,
                services.complaint_provide_info,
                text=rng.choice(data.INFO_ANSWERS).format(**story.place),
                photos=[self._photo(story.category)] if rng.random() < 0.4 else [],
                **self._reporter_kwargs(story),
            )

        self._advance(story, self._verify_delay() * verify)
        operator = self._operator()
        if story.fate == "reject":
            self._call(
                story,
                services.complaint_reject,
                user=operator,
                reason=rng.choice(data.REJECT_REASONS),
            )
            return
        if story.fate == "duplicate":
            master = Complaint.objects.get(pk=story.place["master"])
            self._call(story, services.complaint_mark_duplicate, user=operator, master=master)
            return
        if story.fate == "hand_off":
            body = self.city.agencies[story.hand_off["body"]]
            note = story.hand_off["note"].format(body=body.name, contact=body.public_contact)
            self._call(story, services.complaint_hand_off, user=operator, body=body, note=note)
            return
        self._with_agencies(story)

    def _verify_delay(self) -> float:
        """The command center's time to verify, as a share of its deadline."""
        roll = self.rng.random()
        if roll < 0.65:
            return self.rng.uniform(0.02, 0.5)
        if roll < 0.9:
            return self.rng.uniform(0.5, 1.0)
        return self.rng.uniform(1.0, 2.2)  # late

    def _with_agencies(self, story: Story) -> None:
        rng = self.rng
        spec = data.CATEGORIES[story.category]
        code = spec["agency"]
        if spec.get("units") and rng.random() < 0.3:
            code = rng.choice(spec["units"])
        if story.complaint.area_id is not None:
            self.masters.append((story.at, story.complaint.pk))
        self._call(
            story,
            services.complaint_dispose,
            user=self._operator(),
            agency=self.city.agencies[code],
            note=rng.choice(
                data.DISPOSE_NOTES
                + (data.DISPOSE_NOTES_STREET if story.category in data.STREET_CATEGORIES else [])
            ),
        )
        policy = self.city.categories[story.category].policy
        response = self._budget(policy.response_amount, policy.response_unit)
        resolution = self._budget(policy.resolution_amount, policy.resolution_unit)
        verify = self._budget(policy.verify_amount, policy.verify_unit)

        while True:  # once more after an approved transfer
            speed = data.AGENCY_SPEED[code]
            disposed_at = story.t
            if story.transfer and story.transfer_early:
                holder = self._transfer(story, code, verify)
                if holder != code:
                    code = holder
                    continue
            # Accept: slow agencies take longer and now and then forget a case entirely.
            if not story.quick and rng.random() < 0.015 * speed:
                raise _Stop
            self._advance(story, self._lognormal(0.3 * speed, 0.8) * response)
            self._accept(story, code)
            if story.transfer and not story.transfer_early:
                self._advance(story, rng.uniform(0.1, 0.5) * response)
                holder = self._transfer(story, code, verify)
                if holder != code:
                    code = holder
                    continue
            break

        if rng.random() < 0.08:
            self._advance(story, rng.uniform(0.1, 0.3) * resolution)
            self._call(
                story,
                services.complaint_comment,
                user=story.officer or rng.choice(self.city.officers[code]),
                note=rng.choice(data.AGENCY_COMMENTS),
            )
        # Follow up before the resolution deadline, or (slow agencies) well after it.
        if not story.quick and rng.random() < 0.015 * speed:
            raise _Stop
        target = self.calendar.add_seconds(
            disposed_at, self._lognormal(0.4 * speed, 0.7) * resolution
        )
        spent = self.calendar.working_seconds_between(story.t, target)
        self._advance(story, max(spent, 0.05 * resolution))
        self._follow_up(story, code)
        for _ in range(story.reworks):
            self._advance(story, rng.uniform(0.05, 1.0) * verify)
            self._call(
                story,
                services.complaint_reject_follow_up,
                user=self._operator(),
                reason=rng.choice(data.REWORK_REASONS),
            )
            self._advance(story, self._lognormal(0.2 * speed, 0.6) * resolution)
            self._follow_up(story, code)
        self._validate(story, verify)

        if story.reopen:
            self._advance(story, rng.uniform(12, 144) * HOUR, working=False)
            self._call(
                story,
                services.complaint_reopen,
                reason=rng.choice(data.REOPEN_REASONS),
                **self._reporter_kwargs(story),
            )
            self._advance(story, self._lognormal(0.3 * speed, 0.6) * resolution)
            self._follow_up(story, code)
            self._validate(story, verify)
        if story.rate:
            # Within 8 days: before the case would close itself (10 working days).
            self._advance(story, rng.uniform(2, 190) * HOUR, working=False)
            rating = self._rating(code, story.complaint)
            self._call(
                story,
                services.complaint_rate,
                rating=rating,
                comment=rng.choice(data.RATING_COMMENTS[rating]),
                **self._reporter_kwargs(story),
            )

    def _transfer(self, story: Story, code: str, verify: float) -> str:
        """The agency asks to move the case; the command center decides. Returns the holder."""
        rng = self.rng
        target, reason = data.TRANSFERS[story.category]
        if target == code:
            story.transfer = None
            return code
        self._advance(story, rng.uniform(0.1, 0.6) * verify)
        self._call(
            story,
            services.complaint_request_transfer,
            user=rng.choice(self.city.officers[code]),
            target=self.city.agencies[target],
            reason=reason,
        )
        self._advance(story, rng.uniform(0.1, 1.0) * verify)
        decision = story.transfer
        story.transfer = None  # one transfer per case
        if decision == "approve":
            self._call(story, services.complaint_approve_transfer, user=self._operator())
            return target
        self._call(
            story,
            services.complaint_decline_transfer,
            user=self._operator(),
            note=rng.choice(data.TRANSFER_DECLINES),
        )
        return code

    def _accept(self, story: Story, code: str) -> None:
        rng = self.rng
        officers = self.city.officers[code]
        note = rng.choice(data.ACCEPT_NOTES)
        if rng.random() < 0.7:
            story.officer = rng.choice(officers)
            self._call(story, services.complaint_accept, user=story.officer, note=note)
            if len(officers) > 1 and rng.random() < 0.1:
                # The head moves the case to a colleague.
                story.officer = rng.choice([o for o in officers if o != story.officer])
                self._advance(story, rng.uniform(0.5, 4) * HOUR)
                self._call(
                    story,
                    services.complaint_assign,
                    user=self.city.heads[code],
                    officer=story.officer,
                )
            return
        # The head accepts and names the officer who will handle it, at once or a bit later.
        head = self.city.heads[code]
        story.officer = rng.choice(officers)
        if rng.random() < 0.6:
            self._call(
                story, services.complaint_accept, user=head, officer=story.officer, note=note
            )
            return
        self._call(story, services.complaint_accept, user=head, note=note)
        self._advance(story, rng.uniform(0.2, 3) * HOUR)
        self._call(story, services.complaint_assign, user=head, officer=story.officer)

    def _follow_up(self, story: Story, code: str) -> None:
        rng = self.rng
        agency = self.city.agencies[code]
        place = {**story.place, "agency": agency.short_name, "n": rng.randint(2, 6)}
        note = rng.choice(story.report["done"]).format(**place)
        count = 2 if rng.random() < 0.2 else 1
        self._call(
            story,
            services.complaint_follow_up,
            user=story.officer or rng.choice(self.city.officers[code]),
            note=note,
            photos=[self._photo(story.category, evidence=True) for _ in range(count)],
        )

    def _validate(self, story: Story, verify: float) -> None:
        self._advance(story, self._verify_delay() * verify)
        self._call(
            story,
            services.complaint_validate,
            user=self._operator(),
            note=self.rng.choice(data.VALIDATE_NOTES),
        )

    def _rating(self, code: str, complaint: Complaint) -> int:
        slow = data.AGENCY_SPEED[code] >= 1.5 or complaint.rework_count or complaint.reopen_count
        weights = [8, 12, 25, 30, 25] if slow else [2, 4, 12, 35, 47]
        return self.rng.choices([1, 2, 3, 4, 5], weights)[0]

    def _pick_master(self, story: Story) -> bool:
        """A duplicate repeats an earlier verified case: same kind, same kelurahan."""
        recent = [pk for at, pk in self.masters if story.at - timedelta(days=21) <= at < story.at]
        if not recent:
            return False
        master = Complaint.objects.select_related("category", "area").get(
            pk=self.rng.choice(recent)
        )
        story.category = master.category.code
        story.area = master.area
        story.place["master"] = master.pk
        return True

    # --- the report itself ----------------------------------------------------------------

    def _submit(self, story: Story) -> None:
        rng = self.rng
        story.t = story.at
        area = story.area or self._village(story)
        lat, lon = random_point_in(area.geometry, rng)
        story.place.update(self._place(story, area))
        channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
        title, description = self._texts(story, channel)
        with_point = channel not in OPERATOR_ENTERED or rng.random() < 0.6
        if rng.random() < 0.012:
            story.reporter = self.city.citizen
        privacy = ""  # the category's default (rahasia for pungutan liar)
        if data.CATEGORIES[story.category].get("privacy") is None:
            roll = rng.random()
            privacy = (
                Privacy.PUBLIC
                if roll < 0.82
                else Privacy.ANONYMOUS
                if roll < 0.97
                else Privacy.CONFIDENTIAL
            )
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        email = ""
        if channel == Channel.EMAIL or rng.random() < 0.1:
            email = f"{first}.{last}{rng.randint(1, 99)}@example.com".lower()
        photos = []
        if story.fate != "reject" and rng.random() < 0.25:
            photos = [self._photo(story.category) for _ in range(1 + (rng.random() < 0.2))]
        story.complaint = services.complaint_submit(
            category=self.city.categories[story.category],
            title=title,
            description=description,
            latitude=lat if with_point else None,
            longitude=lon if with_point else None,
            address=story.place["address"],
            photos=photos,
            reporter=story.reporter,
            reporter_name="" if story.reporter else f"{first} {last}",
            reporter_phone=self._phone() if rng.random() < 0.9 else "",
            reporter_email="" if story.reporter else email,
            privacy=privacy,
            channel=channel,
            entered_by=self._operator() if channel in OPERATOR_ENTERED else None,
            now=story.t,
        )
        if story.halt == State.NEW:
            raise _Stop

    def _village(self, story: Story) -> Area:
        villages, weights = self.villages, self.village_weights
        wanted = story.hand_off and story.hand_off.get("kecamatan")
        if wanted:
            pairs = [
                (v, w) for v, w in zip(villages, weights, strict=True) if v.parent.name in wanted
            ]
            villages, weights = [v for v, _ in pairs], [w for _, w in pairs]
        return self.rng.choices(villages, weights)[0]

    def _place(self, story: Story, area: Area) -> dict:
        rng = self.rng
        kec = area.parent.name
        places = data.PLACES.get(kec) or {"jalan": ["jalan lingkungan"], "patokan": []}
        jalan = (story.hand_off or {}).get("jalan") or rng.choice(places["jalan"])
        if places["patokan"] and rng.random() < 0.55:
            patokan = rng.choice(places["patokan"])
        else:
            patokan = rng.choice(data.LOCAL_LANDMARKS)
        ling = rng.choice(data.LINGKUNGAN)
        kel = area.name
        lokasi = rng.choice(
            [
                f"{jalan} dekat {patokan}, Kel. {kel}",
                f"{jalan}, Lingkungan {ling} Kel. {kel}",
                f"depan {patokan} di {jalan}",
                f"Kel. {kel} Kec. {kec}, dekat {patokan}",
            ]
        )
        roadside = story.category not in ("adminduk", "kesehatan", "bansos", "sekolah", "pungli")
        address = f"Lingkungan {ling}, Kel. {kel}, Kec. {kec}"
        if roadside:
            address = f"{jalan}, {address}"
        return {
            "jalan": jalan,
            "patokan": patokan,
            "kel": kel,
            "kec": kec,
            "ling": ling,
            "lama": rng.choice(data.SINCE),
            "lokasi": lokasi,
            "n": rng.randint(2, 6),
            "address": address,
        }

    def _texts(self, story: Story, channel: str) -> tuple[str, str]:
        rng = self.rng
        place = story.place
        if story.fate == "reject":
            return "", rng.choice(data.VAGUE_TEXTS)
        if story.fate == "hand_off":
            spec = story.hand_off
            title = spec["title"].format(**place)
            body = spec["text"].format(**place)
        else:
            story.report = rng.choice(data.TEXTS[story.category])
            # A chat message seldom has a subject; a form asks for one.
            with_title = rng.random() < (0.3 if channel in CHAT else 0.9)
            title = rng.choice(story.report["titles"]).format(**place) if with_title else ""
            body = story.report["text"].format(**place)
        opener, closer = rng.choice(data.OPENERS), rng.choice(data.CLOSERS)
        opener = opener.format(pemda=_pemda())
        if channel in OPERATOR_ENTERED:  # written down by the operator
            opener, closer = OPERATOR_OPENERS[channel], ""
        if opener.endswith((", ", ": ")):
            body = body[0].lower() + body[1:]
        text = opener + body + closer
        informal = 0.5 if channel in CHAT else 0.0 if channel in OPERATOR_ENTERED else 0.15
        if rng.random() < informal:
            text = self._informal(text)
        return title, text

    def _informal(self, text: str) -> str:
        for word, short in data.ABBREVIATIONS.items():
            if self.rng.random() < 0.6:
                text = re.sub(rf"\b{word}\b", short, text)
        return text

    def _phone(self) -> str:
        rng = self.rng
        digits = "".join(str(rng.randrange(10)) for _ in range(rng.choice([7, 8])))
        return f"+62{rng.choice(MOBILE_PREFIXES)}{digits}"

    def _photo(self, category: str, *, evidence: bool = False) -> Upload:
        variant = self.rng.randrange(3) if evidence else 0
        return Upload(name="foto.jpg", data=_jpeg(category, evidence, variant))

    # --- likely duplicates waiting for the operator ------------------------------------------

    def seed_duplicates(self, stories: list[Story], count: int = 4) -> list[Complaint]:
        """A few reports of a problem already being handled, from another resident a few
        metres away in the last hours: still waiting for verification, so the operator's
        "Kemungkinan duplikat" page has real-looking pairs to merge (or keep apart)."""
        rng = self.rng
        since = self.now - timedelta(days=20)
        seen: set[str] = set()
        made = []
        candidates = [
            s
            for s in stories
            if s.complaint is not None
            and s.report
            and s.category in data.STREET_CATEGORIES
            and s.complaint.state in (State.DISPOSED, State.IN_PROGRESS)
            and s.complaint.latitude is not None
            and s.complaint.privacy != Privacy.CONFIDENTIAL
            and s.complaint.created_at >= since
        ]
        rng.shuffle(candidates)
        for story in candidates:
            if len(made) == count:
                break
            if story.category in seen:
                continue
            seen.add(story.category)
            master = story.complaint
            # The same problem in the words of another resident: the same report told
            # again, with their own greeting, often typed in a hurry.
            opener, closer = rng.choice(data.OPENERS), rng.choice(data.CLOSERS)
            body = story.report["text"].format(**story.place)
            if opener.endswith((", ", ": ")):
                body = body[0].lower() + body[1:]
            text = self._informal(opener + body + closer) if rng.random() < 0.5 else opener + body
            first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
            made.append(
                services.complaint_submit(
                    category=master.category,
                    title="",
                    description=text,
                    latitude=master.latitude + rng.uniform(-0.0002, 0.0002),
                    longitude=master.longitude + rng.uniform(-0.0002, 0.0002),
                    address=story.place["address"],
                    photos=[self._photo(story.category)] if rng.random() < 0.5 else [],
                    reporter_name=f"{first} {last}",
                    reporter_phone=self._phone(),
                    channel=rng.choice([Channel.WEB, Channel.WHATSAPP]),
                    now=self.now - timedelta(hours=rng.uniform(0.5, 20)),
                )
            )
        return made

    # --- after the stories -------------------------------------------------------------------

    @transaction.atomic
    def _auto_close(self) -> int:
        """Run the nightly auto-close job once for every night of the period, in order."""
        closed = 0
        tz = settings.CERDAS_TIME_ZONE
        night = self.start.astimezone(tz).replace(hour=1, minute=0, second=0, microsecond=0)
        while night < self.now:
            while True:
                done = services.complaints_auto_close(now=night)
                closed += done
                if done < 200:
                    break
            night += timedelta(days=1)
        return closed


def _pemda() -> str:
    """How a citizen names the local government: Pemkot Manado, Pemkab Minahasa Selatan."""
    name = settings.CERDAS_CITY_NAME
    if name.startswith("Kabupaten "):
        return "Pemkab " + name.removeprefix("Kabupaten ")
    return "Pemkot " + name.removeprefix("Kota ")


# Colours per category, so a report photo looks like what it shows (a little).
_COLOURS = {
    "jalan-rusak": (90, 90, 90),
    "drainase": (110, 95, 70),
    "banjir": (70, 110, 150),
    "sampah": (120, 110, 60),
    "lampu-jalan": (30, 30, 60),
    "lampu-lalin": (50, 50, 50),
    "pohon-tumbang": (60, 110, 60),
}


@cache
def _jpeg(category: str, evidence: bool, variant: int) -> bytes:
    """A small JPEG: a coloured scene with a shape and a label saying it is a demo photo."""
    base = _COLOURS.get(category, (120, 120, 140))
    if evidence:
        base = tuple(min(255, c + 40 + 15 * variant) for c in base)
    image = Image.new("RGB", (320, 240), base)
    draw = ImageDraw.Draw(image)
    if evidence:
        draw.rectangle((60 + 20 * variant, 90, 260, 180), fill=(200, 200, 190))
        draw.line((80, 170, 120, 200, 240, 110), fill=(40, 160, 60), width=8)  # a tick
    else:
        draw.ellipse((90, 100, 230, 170), fill=tuple(c // 3 for c in base))
    label = data.CATEGORIES[category]["name"]
    draw.rectangle((0, 0, 320, 22), fill=(255, 255, 255))
    draw.text(
        (6, 5), f"FOTO DEMO - {'sesudah' if evidence else 'laporan'}: {label}"[:52], fill=(0, 0, 0)
    )
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=70)
    return out.getvalue()
