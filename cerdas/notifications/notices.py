"""Who is told what: the recipients of a complaint's news, their addresses, and the
rendering of the admin-editable templates.

Privacy: a message carries the case's code, category, state, the agency handling it and
the public note of the step; never another person's name, phone or e-mail. A rahasia
case's note and title travel only to the command center and the agency handling it,
never to the reporter's channel (a shared phone, a forwarded chat) or to leaders.
"""

import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signing import Signer
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.template import Context, TemplateSyntaxError, engines
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cerdas.accounts.models import Role, User
from cerdas.complaints.links import private_url, public_url
from cerdas.complaints.models import Action, Complaint, ComplaintEvent, Privacy, State
from cerdas.complaints.services import reopen_deadline

from .defaults import TEMPLATES, VARIABLES
from .models import Channel, Preference, Template
from .receivers import is_silenced
from .services import notification_queue

OPTOUT_SALT = "cerdas.notifications.optout"


@dataclass(frozen=True)
class Recipient:
    channel: str
    address: str
    user: User | None = None
    # The case's link for this person: the reporter's private link (their hub: add
    # information, rate, reopen). Empty: the public tracking page of the context.
    link: str = ""


# --- templates ------------------------------------------------------------------------


def template_check(*, subject: str, body: str) -> None:
    """Raise ValidationError when a template text does not compile."""
    for field, text in (("subject", subject), ("body", body)):
        try:
            _compile(text or "")
        except TemplateSyntaxError as exc:
            raise ValidationError(
                {field: _("Templat tidak valid: %(error)s") % {"error": exc}}
            ) from None


@functools.lru_cache(maxsize=256)
def _compile(text: str):
    # Plain text, not HTML: no escaping of "&" or quotes in a WhatsApp message. Kept
    # compiled by its text (an edited template is another text): every filing renders
    # one notice or more, and compiling cost more than rendering.
    return engines["django"].engine.from_string(
        "{% autoescape off %}" + text + "{% endautoescape %}"
    )


# Every message of a complaint's step would read the templates again: they are kept for
# a minute in each process, and dropped at once in the process that edits one.
_TEMPLATES_TTL = 60.0
_templates_cache: dict = {}


def templates() -> dict[str, Template]:
    hit = _templates_cache.get("all")
    if hit and time.monotonic() - hit[0] < _TEMPLATES_TTL:
        return hit[1]
    found = {t.code: t for t in Template.objects.all()}
    _templates_cache["all"] = (time.monotonic(), found)
    return found


@receiver(post_save, sender=Template, dispatch_uid="cerdas.notifications.templates")
def _template_saved(**kwargs) -> None:
    _templates_cache.clear()


def render(code: str, context: dict) -> tuple[str, str] | None:
    """(subject, body) of template `code`, or None when an admin switched it off.

    The context holds strings and numbers only (no model instance a template could
    walk from to a reporter's phone).
    """
    template = templates().get(code)
    if template is None:
        description, subject, body = TEMPLATES[code]
    elif not template.is_active:
        return None
    else:
        subject, body = template.subject, template.body
    values = {"city": settings.CERDAS_CITY_NAME, **context}
    safe = {k: v for k, v in values.items() if isinstance(v, str | int | float) or v is None}
    rendered_subject = _compile(subject).render(Context(safe)).strip()
    rendered_body = _compile(body).render(Context(safe)).strip()
    return " ".join(rendered_subject.split()), rendered_body


def template_params(context: dict) -> dict[str, str]:
    """The variables a WhatsApp template message may carry, as strings."""
    values = {"city": settings.CERDAS_CITY_NAME, **context}
    return {
        name: str(values[name])
        for name in VARIABLES
        if isinstance(values.get(name), str | int | float)
    }


# --- addresses ------------------------------------------------------------------------


def channel_available(channel: str) -> bool:
    """Whether this installation can send on `channel` (the development backends stand
    in for all of them; e-mail without SMTP goes to files)."""
    if settings.CERDAS_NOTIFY_BACKEND:
        return True
    return {
        Channel.EMAIL: True,
        Channel.WHATSAPP: bool(
            settings.CERDAS_WHATSAPP_TOKEN and settings.CERDAS_WHATSAPP_PHONE_NUMBER_ID
        ),
        Channel.TELEGRAM: bool(settings.CERDAS_TELEGRAM_BOT_TOKEN),
        Channel.SMS: bool(settings.CERDAS_SMS_GATEWAY_URL),
    }.get(channel, False)


def _user_addresses(user: User, preference: Preference | None) -> dict[str, str]:
    return {
        Channel.WHATSAPP: (preference.whatsapp if preference else "") or user.phone,
        Channel.TELEGRAM: preference.telegram_chat_id if preference else "",
        Channel.EMAIL: user.email,
        Channel.SMS: user.phone,
    }


def user_recipients(user: User) -> list[Recipient]:
    """An account's chosen channels (default: WhatsApp, else e-mail), none if opted out."""
    preference = Preference.objects.filter(user=user).first()
    if preference is not None and preference.opted_out:
        return []
    addresses = _user_addresses(user, preference)
    chosen = preference.channels if preference and preference.channels else None
    order = chosen or [Channel.WHATSAPP, Channel.EMAIL, Channel.SMS]
    found = [
        Recipient(channel, addresses[channel], user)
        for channel in order
        if addresses.get(channel) and channel_available(channel)
    ]
    # Without a choice one channel is enough; a chosen list is honoured in full.
    return found if chosen else found[:1]


# Extra sources of a reporter's address: the inbound channels register one that knows
# the Telegram chat or WhatsApp number a report came from.
contact_sources: list[Callable[[Complaint], list[Recipient]]] = []


def reporter_recipients(complaint: Complaint) -> list[Recipient]:
    """Where a complaint's reporter is told: their account's choice, else the phone and
    e-mail on the complaint, else what an inbound channel knows."""
    if complaint.reporter_id is not None:
        found = user_recipients(complaint.reporter)
    else:
        found = []
        for source in contact_sources:
            found.extend(source(complaint))
        found.extend(_contact(complaint.reporter_phone, complaint.reporter_email))
        # One channel is enough: the chat the report came from first, then the phone.
        found = _unique(found)[:1]
    link = private_url(complaint.code)
    return [replace(recipient, link=link) for recipient in found]


def _contact(phone: str, email: str) -> list[Recipient]:
    """A person without an account: WhatsApp (or SMS) at their phone, then e-mail."""
    found = []
    if phone:
        for channel in (Channel.WHATSAPP, Channel.SMS):
            if channel_available(channel):
                found.append(Recipient(channel, phone))
                break
    if email:
        found.append(Recipient(Channel.EMAIL, email))
    return found


def fallback_recipient(notification) -> Recipient | None:
    """Where a notice goes when its channel refused it: the person's next channel that
    this installation can send on (an account's chosen order, else SMS then e-mail), from
    their account or, for a reporter or supporter without one, the case's contact."""
    order = [Channel.SMS, Channel.EMAIL]
    if notification.user_id is not None:
        user = notification.user
        preference = Preference.objects.filter(user=user).first()
        if preference is not None and preference.opted_out:
            return None
        addresses = _user_addresses(user, preference)
        if preference is not None and preference.channels:
            chosen = list(preference.channels)
            later = (
                chosen[chosen.index(notification.channel) + 1 :]
                if notification.channel in chosen
                else chosen
            )
            order = [c for c in later if c != notification.channel] + order
    else:
        addresses = _case_contact(notification)
    for channel in dict.fromkeys(order):
        if (
            channel != notification.channel
            and addresses.get(channel)
            and channel_available(channel)
        ):
            return Recipient(channel, addresses[channel], notification.user)
    return None


def _case_contact(notification) -> dict[str, str]:
    """The phone and e-mail on the case of the person the refused notice was for."""
    from .services import normal_address

    complaint = notification.complaint
    if complaint is None:
        return {}
    people = [(complaint.reporter_phone, complaint.reporter_email)]
    people += list(
        complaint.supporters.filter(user__isnull=True, confirmed_at__isnull=False).values_list(
            "phone", "email"
        )
    )
    for phone, email in people:
        if phone and normal_address(notification.channel, phone) == notification.address:
            return {Channel.SMS: phone, Channel.EMAIL: email}
    return {}


def supporter_recipients(complaint: Complaint) -> list[Recipient]:
    """The citizens who said "saya juga" (triage.Supporter; a merge moves a duplicate's
    reporter and supporters onto the surviving case), one channel each."""
    found = []
    # Only confirmed ones: a typed phone or e-mail is told nothing until its one-time
    # code came back (cerdas/triage/duplicates.py).
    for supporter in complaint.supporters.filter(confirmed_at__isnull=False).select_related("user"):
        if supporter.user_id is not None:
            found.extend(user_recipients(supporter.user))
        else:
            found.extend(_contact(supporter.phone, supporter.email)[:1])
    return found


def complaint_recipients(complaint: Complaint) -> list[Recipient]:
    """Everyone who follows a complaint as a citizen: its reporter and its supporters
    ("saya juga", with the reporters of the duplicates merged into it). THE one place to
    add them."""
    return _unique(reporter_recipients(complaint) + supporter_recipients(complaint))


def _unique(recipients: list[Recipient]) -> list[Recipient]:
    seen, unique = set(), []
    for recipient in recipients:
        if (recipient.channel, recipient.address) not in seen:
            seen.add((recipient.channel, recipient.address))
            unique.append(recipient)
    return unique


def address_digest(address: str) -> str:
    """Keys carry no personal data: an address appears in one as a short digest."""
    return hashlib.sha256(address.encode()).hexdigest()[:16]


def optout_url(recipient: Recipient) -> str:
    token = Signer(salt=OPTOUT_SALT).sign_object([recipient.channel, recipient.address])
    return settings.CERDAS_BASE_URL + reverse("notifications:optout", args=[token])


def optout_hint(recipient: Recipient) -> str:
    if recipient.user is not None:
        url = settings.CERDAS_BASE_URL + reverse("notifications:preferences")
        return _("Atur pemberitahuan: %(url)s") % {"url": url}
    if recipient.channel in (Channel.WHATSAPP, Channel.TELEGRAM):
        return _("Balas BERHENTI untuk tidak menerima pemberitahuan lagi.")
    return _("Berhenti menerima pemberitahuan: %(url)s") % {"url": optout_url(recipient)}


def send_to(
    recipients: list[Recipient],
    *,
    template: str,
    context: dict,
    key: str,
    complaint: Complaint | None = None,
) -> int:
    """Queue `template` for each recipient, keyed `key:channel:address-digest`.
    Inside `silenced()` (history played back) nothing is queued."""
    if is_silenced():
        return 0
    queued = 0
    for recipient in recipients:
        personal = {**context, "optout_hint": optout_hint(recipient)}
        if recipient.link:
            personal.update(url=recipient.link, private=1)
        rendered = render(template, personal)
        if rendered is None:
            return 0
        subject, body = rendered
        params = template_params(personal)
        if recipient.link and recipient.link not in body:
            # A template edited without {{ url }}: the reporter still gets the one link
            # from which they can answer, rate or reopen.
            body += "\n\n" + _("Buka laporan Anda: %(url)s") % {"url": recipient.link}
        notification_queue(
            channel=recipient.channel,
            address=recipient.address,
            subject=subject,
            body=body,
            key=f"{key}:{recipient.channel}:{address_digest(recipient.address)}",
            complaint=complaint,
            user=recipient.user,
            template=template,
            params=params if recipient.channel == Channel.WHATSAPP else None,
        )
        queued += 1
    return queued


# --- complaint events -----------------------------------------------------------------


def _local(value) -> str:
    if value is None:
        return ""
    return timezone.localtime(value, settings.CERDAS_TIME_ZONE).strftime("%d-%m-%Y %H:%M")


def case_context(complaint: Complaint, *, internal: bool) -> dict:
    """What any message about a case may say. `internal`: for the command center and the
    agency handling the case, who may read a rahasia case's title."""
    confidential = complaint.privacy == Privacy.CONFIDENTIAL
    return {
        "code": complaint.code,
        "category": complaint.category.name,
        "state": str(State(complaint.state).label),
        "agency": str(complaint.agency) if complaint.agency_id else "",
        "title": complaint.title if internal or not confidential else "",
        "due": _local(complaint.due_at),
        "reopen_until": _local(reopen_deadline(complaint)) if complaint.resolved_at else "",
        "url": public_url(complaint.code),
        "staff_url": settings.CERDAS_BASE_URL + reverse("complaints:detail", args=[complaint.code]),
    }


def _reporter_template(action: str) -> str:
    specific = f"reporter_{action}"
    return specific if specific in TEMPLATES else "reporter_state"


def agency_staff(agency, roles=(Role.OFFICER, Role.AGENCY_HEAD)) -> list[User]:
    if agency is None:
        return []
    return list(User.objects.filter(agency=agency, role__in=roles, is_active=True))


def notify_event(*, event: ComplaintEvent, complaint: Complaint) -> int:
    """Queue what a complaint event tells people, in the event's transaction."""
    queued = 0
    if event.from_state != event.to_state:
        # A reporter hears of every change of state; of notes, only public ones, and none
        # of a rahasia case.
        show_note = event.is_public and complaint.privacy != Privacy.CONFIDENTIAL
        context = {
            **case_context(complaint, internal=False),
            "note": event.note if show_note else "",
        }
        # A report just filed has no supporters yet (the filing path's queries are pinned).
        recipients = (
            reporter_recipients(complaint)
            if event.action == Action.SUBMIT
            else complaint_recipients(complaint)
        )
        queued += send_to(
            recipients,
            template=_reporter_template(event.action),
            context=context,
            key=f"event:{event.pk}:reporter",
            complaint=complaint,
        )
    if event.action in (Action.DISPOSE, Action.APPROVE_TRANSFER, Action.REOPEN):
        # A new case for an agency: its officers and head.
        staff = [r for user in agency_staff(complaint.agency) for r in user_recipients(user)]
        queued += send_to(
            staff,
            template="officer_new_case",
            context=case_context(complaint, internal=True),
            key=f"event:{event.pk}:agency",
            complaint=complaint,
        )
    elif event.action in (Action.ADD_INFO, Action.CONFIRM_FIXED) and complaint.agency_id:
        # The reporter added something unasked (or says it is fixed): whoever holds the
        # case reads it.
        holder = (
            [complaint.assigned_officer]
            if complaint.assigned_officer_id
            else agency_staff(complaint.agency)
        )
        queued += send_to(
            [r for user in holder for r in user_recipients(user)],
            template="officer_reporter_info",
            context=case_context(complaint, internal=True),
            key=f"event:{event.pk}:agency",
            complaint=complaint,
        )
    elif event.action == Action.ASSIGN and complaint.assigned_officer_id:
        queued += send_to(
            user_recipients(complaint.assigned_officer),
            template="officer_new_case",
            context=case_context(complaint, internal=True),
            key=f"event:{event.pk}:assigned",
            complaint=complaint,
        )
    return queued


# --- leaders' instructions --------------------------------------------------------------


def notify_instruction_event(*, event) -> int:
    """A new instruction: the head and officers of each OPD it is sent to. An OPD reports
    it done: the leader who gave it."""
    from cerdas.instructions.models import Action as InstructionAction

    instruction = event.instruction
    context = {
        "subject": instruction.subject,
        "due": _local(instruction.deadline),
        "staff_url": settings.CERDAS_BASE_URL
        + reverse("instructions:detail", args=[instruction.pk]),
    }
    queued = 0
    if event.action == InstructionAction.CREATE:
        for part in instruction.recipients.select_related("agency"):
            staff = [r for user in agency_staff(part.agency) for r in user_recipients(user)]
            queued += send_to(
                staff,
                template="instruction_new",
                context={**context, "agency": str(part.agency)},
                key=f"instruction:{instruction.pk}:{part.agency_id}",
            )
    elif event.action == InstructionAction.MARK_DONE and instruction.created_by_id:
        queued += send_to(
            user_recipients(instruction.created_by),
            template="instruction_done",
            context={**context, "agency": str(event.recipient.agency)},
            key=f"instruction-event:{event.pk}",
        )
    return queued
