from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "ponte.feedback"
    label = "feedback"
    verbose_name = _("Feedback and check-ins")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
