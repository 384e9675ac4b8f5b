"""Tells the notifications where a chat-filed report's reporter is: the chat itself.

A report filed on Telegram has no phone or e-mail; its news goes back to the Telegram
chat it came from. A WhatsApp report's number is already the complaint's phone: the
same recipient, spelled the same, so the outbox counts it once.
"""

from cerdas.complaints.models import Channel, Complaint
from cerdas.notifications import notices
from cerdas.notifications.notices import Recipient

from .models import Conversation


def chat_contacts(complaint: Complaint) -> list[Recipient]:
    if complaint.channel not in (Channel.WHATSAPP, Channel.TELEGRAM):
        return []
    conversation = (
        Conversation.objects.filter(channel=complaint.channel, messages__complaint=complaint)
        .only("channel", "address")
        .first()
    )
    if conversation is None:
        return []
    if conversation.channel == Channel.WHATSAPP:
        return [Recipient(Channel.WHATSAPP, complaint.reporter_phone or conversation.address)]
    return [Recipient(Channel.TELEGRAM, conversation.address)]


def register() -> None:
    if chat_contacts not in notices.contact_sources:
        notices.contact_sources.append(chat_contacts)
