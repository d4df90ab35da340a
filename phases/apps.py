from django.apps import AppConfig


class PhasesConfig(AppConfig):
    name = "phases"
    verbose_name = "Gids Wonen Eerst"

    def ready(self):
        from phases import signals

        signals.connect()
