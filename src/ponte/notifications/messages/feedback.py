"""Messages about check-ins, kudos and the final assessment.

Privacy: answers and feedback never travel. The one exception is kudos, which their author wrote
*for* the partner; the rating and what the author learned stay with the author.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ponte.feedback.models import CheckIn, ClosingSurvey, MeetingFeedback
from ponte.meetings import invites
from ponte.people.models import Person

from .delivery import send, send_about_pair


def checkin_due(*, checkin: CheckIn, person: Person) -> bool:
    """To one person of an active pair when their periodic check-in is due: once per check-in."""
    program = checkin.pair.program
    return send(
        organization=checkin.organization,
        person=person,
        kind="checkin_due",
        url=reverse("feedback:checkin-answer", kwargs={"checkin_id": checkin.pk}),
        title=lambda c: _("How is your reverse mentoring going? Two minutes for a check-in"),
        summary=lambda c: (
            _(
                "Tell us how the collaboration and your learning in %(program)s are going. "
                "Your partner never sees your answers."
            )
            % {"program": program.name}
        ),
        context={"program": program, "checkin": checkin},
    )


def kudos_received(*, feedback: MeetingFeedback) -> bool:
    """To the person a partner thanked after a meeting, quoting the kudos: once per meeting.
    Feedback without kudos sends nothing."""
    kudos = feedback.kudos.strip()
    if not kudos:
        return False
    person, author, meeting = feedback.recipient, feedback.author, feedback.meeting
    with translation.override(person.ui_language):
        when = invites.local_time(meeting.starts_at, person)
    return send(
        organization=feedback.organization,
        person=person,
        kind="kudos_received",
        url=reverse("meetings:meeting-detail", kwargs={"meeting_id": meeting.pk}),
        title=lambda c: _("%(name)s sent you kudos") % {"name": author.first_name},
        summary=lambda c: (
            _("After your meeting on %(when)s, %(name)s wrote: “%(kudos)s”")
            % {"when": when, "name": author.full_name, "kudos": kudos}
        ),
        context={"program": feedback.pair.program, "author": author, "kudos": kudos, "when": when},
    )


def closure_due(*, survey: ClosingSurvey) -> bool:
    """To one person of a pair that ended or completed: the final assessment, once per survey."""
    return send_about_pair(
        pair=survey.pair,
        person=survey.person,
        kind="closure_due",
        url=reverse("feedback:closure-answer", kwargs={"survey_id": survey.pk}),
        title=lambda c: (
            _("Your pair with %(name)s has ended: two minutes for the final assessment")
            % {"name": c["partner"].full_name}
        ),
        summary=lambda c: (
            _("Say where your skills are now and how %(program)s went for you. Your partner never sees your answers.")
            % {"program": c["program"].name}
        ),
        context={"survey": survey},
    )
