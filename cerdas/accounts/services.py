"""Citizens' accounts: one per phone number or e-mail address, opened by a one-time code."""

import logging
import secrets

from django.db import IntegrityError, transaction

from cerdas.complaints.workflow import WorkflowError

from .models import Role, User
from .otp import Contact

log = logging.getLogger(__name__)


def citizen_account_for(*, contact: Contact) -> User:
    """The citizen account of a phone or e-mail that a one-time code has just proved,
    made on first sign-in. Staff accounts are never opened this way (they sign in with
    a password, throttled): an officer's e-mail gets a citizen account of its own."""
    field = "email" if contact.kind == "email" else "phone"
    lookup = {"role": Role.CITIZEN, field: contact.address}
    user = User.objects.filter(**lookup).first()
    if user is None:
        user = User(username=f"warga-{secrets.token_hex(5)}", **lookup)
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            # The same address signing in twice at once: the other request made it.
            user = User.objects.get(**lookup)
        else:
            log.info("citizen account %s opened by one-time code", user.pk)
    if not user.is_active:
        raise WorkflowError("Akun ini dinonaktifkan. Hubungi command center.")
    return user
