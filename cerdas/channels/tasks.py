"""Background processing of inbound messages (run by `cerdas worker`)."""

from django_tasks import task

from . import services


@task()
def process_conversation(conversation_id: int) -> int:
    """Handle one sender's pending messages in order. A job queued twice costs nothing:
    the second finds nothing pending."""
    return services.conversation_process(conversation_id=conversation_id)
