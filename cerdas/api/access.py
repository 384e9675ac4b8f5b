"""Who is calling the API and what they may read and do.

A caller is a *principal*: anonymous, a signed-in browser session, or an API key with
scopes. The REST endpoints ask the principal, never the request, so the rules live here:

- anonymous: reads what the public pages show (`Complaint.objects.public()`).
- session: what that account may open on the web screens, plus the public cases.
- key `submit`: the public cases, plus the cases this key filed (as their reporter).
- key `agency:<code>`: the public cases, plus the cases that agency (or its unit) holds;
  it acts as the agency through a service account (see `agency_account`).
- key `read_all`: every case a leader reads (no rahasia), in full; it takes no action.

Adding a scope never hides a case a smaller one shows. Reporter contact (phone,
e-mail) goes to command center sessions only.
"""

from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from cerdas.accounts.models import Role, User
from cerdas.agencies.models import Agency
from cerdas.complaints.models import Complaint, Privacy
from cerdas.complaints.workflow import Actor, actors_for

from .models import SCOPE_READ_ALL, SCOPE_SUBMIT, ApiKey
from .services import client_ip


def agency_account(key: ApiKey, agency: Agency) -> User:
    """The account an `agency:<code>` key acts as for that agency.

    The services attribute every step to a user and ask the workflow what that user
    may do; an inactive Kepala OPD account per key and agency gives the key exactly the
    agency's part, names the key in the event's actor, and can never sign in.
    """
    account, created = User.objects.get_or_create(
        username=f"api-{key.prefix}-{agency.code}"[:150],
        defaults={
            "role": Role.AGENCY_HEAD,
            "agency": agency,
            "is_active": False,
            "first_name": key.name[:150],
            "last_name": "(API)",
        },
    )
    if created:
        account.set_unusable_password()
        account.save(update_fields=["password"])
    return account


@dataclass(frozen=True)
class Acting:
    """How one step is passed to a service: as this user, or with the reporter's link."""

    user: AbstractBaseUser | None
    reporter_link: bool = False


@dataclass
class Principal:
    key: ApiKey | None = None
    user: User | None = None  # a signed-in browser session
    _agencies: list[Agency] | None = field(default=None, repr=False)

    # --- who -----------------------------------------------------------------------

    @property
    def is_anonymous(self) -> bool:
        return self.key is None and self.user is None

    @property
    def is_command_center(self) -> bool:
        return self.user is not None and self.user.is_command_center

    def client_scope(self, request: HttpRequest) -> str:
        """Keeps one client's idempotency keys apart from another's: per key, per
        account, or, for anonymous callers, per address."""
        if self.key is not None:
            return f"key:{self.key.pk}"
        if self.user is not None:
            return f"user:{self.user.pk}"
        return f"ip:{client_ip(request)}"

    def _has(self, scope: str) -> bool:
        return self.key is not None and self.key.has_scope(scope)

    @property
    def agencies(self) -> list[Agency]:
        """The active city agencies this key acts for."""
        if self._agencies is None:
            codes = self.key.agency_codes if self.key is not None else []
            self._agencies = list(Agency.objects.internal().filter(code__in=codes)) if codes else []
        return self._agencies

    def agency_for(self, complaint: Complaint) -> Agency | None:
        """The agency of this key that holds the case (directly or through its unit)."""
        if complaint.agency_id is None:
            return None
        for agency in self.agencies:
            if complaint.agency_id == agency.pk or complaint.agency.parent_id == agency.pk:
                return agency
        return None

    def filed(self, complaint: Complaint) -> bool:
        """This `submit` key filed the case."""
        if not self._has(SCOPE_SUBMIT):
            return False
        return Complaint.objects.filter(pk=complaint.pk, api_submission__key=self.key).exists()

    # --- reading -------------------------------------------------------------------

    def readable(self) -> QuerySet:
        """Every case this caller may read."""
        public = Complaint.objects.public()
        if self.user is not None:
            return public | Complaint.objects.visible_to(self.user)
        if self.key is None:
            return public
        qs = public
        if self._has(SCOPE_READ_ALL):
            qs = qs | Complaint.objects.exclude(privacy=Privacy.CONFIDENTIAL)
        if self.agencies:
            ids = [a.pk for a in self.agencies]
            qs = qs | Complaint.objects.filter(Q(agency_id__in=ids) | Q(agency__parent_id__in=ids))
        if self._has(SCOPE_SUBMIT):
            qs = qs | Complaint.objects.filter(api_submission__key=self.key)
        return qs

    def reads_internal(self, complaint: Complaint) -> bool:
        """Internal events, the assigned officer and pending transfers: staff only."""
        if self.user is not None:
            user = self.user
            if not (user.sees_all_complaints or user.is_agency_staff):
                return False
            return Complaint.objects.visible_to(user).filter(pk=complaint.pk).exists()
        if self.key is None:
            return False
        if self._has(SCOPE_READ_ALL) and complaint.privacy != Privacy.CONFIDENTIAL:
            return True
        return self.agency_for(complaint) is not None

    def sees_contact(self) -> bool:
        """Reporter's full name, phone and e-mail: the command center, signed in."""
        return self.is_command_center

    # --- acting --------------------------------------------------------------------

    def actings(self, complaint: Complaint) -> list[tuple[set[Actor], Acting]]:
        """Each identity this caller may act under on the case, with its workflow parts."""
        if self.user is not None:
            return [(actors_for(complaint, self.user), Acting(user=self.user))]
        if self.key is None:
            return []
        result = []
        agency = self.agency_for(complaint)
        if agency is not None:
            account = agency_account(self.key, agency)
            result.append((actors_for(complaint, account), Acting(user=account)))
        if self.filed(complaint):
            result.append(({Actor.REPORTER}, Acting(user=None, reporter_link=True)))
        return result

    def actors(self, complaint: Complaint) -> set[Actor]:
        parts: set[Actor] = set()
        for actors, _acting in self.actings(complaint):
            parts |= actors
        return parts

    def acting_for(self, complaint: Complaint, allowed: frozenset[Actor]) -> Acting | None:
        """The identity that plays one of the parts `allowed` for this step, if any."""
        for actors, acting in self.actings(complaint):
            if actors & allowed:
                return acting
        return None
