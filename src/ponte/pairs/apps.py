from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairsConfig(AppConfig):
    name = "ponte.pairs"
    label = "pairs"
    verbose_name = _("Pairs")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
