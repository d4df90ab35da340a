"""Import regions and their partners from a spreadsheet (CSV or Excel .xlsx), one row per partner; the columns are
in the README and in ``regions.regions_io``.

    python manage.py import_regions regios.csv             # check the file, save it when every row is valid
    python manage.py import_regions regios.xlsx --dry-run  # check it and show what would change; save nothing

Every refused row is named with its row, column and reason, and then nothing is saved (exit status 1). Nothing that
is not in the file is changed or removed, so running it again with the same file changes nothing. The history names
no person for changes made here: it was the command line. In /beheer/ a superuser does the same under Regio's →
Importeren.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regions import regions_io
from regions.selectors.region_import import NOTHING_REMOVED, ImportPlan, region_import_plan
from regions.services.region_import import regions_import
from regions.spreadsheets import FileRefused, read_rows


class Command(BaseCommand):
    help = "Importeer regio's en hun partners uit een CSV- of Excelbestand (een regel per partner)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Het bestand: .csv of .xlsx.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Controleer en toon wat er zou veranderen; sla niets op."
        )

    def handle(self, *, file, dry_run, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Het bestand {file} kan niet worden geopend: {error.strerror}.") from error
        try:
            checked = regions_io.check_file(read_rows(path.name, content, regions_io.LAYOUT))
        except FileRefused as error:
            raise CommandError(f"Er is niets opgeslagen. {error}") from error
        if checked.errors:
            self.refuse(checked.errors)
        plan = region_import_plan(checked.rows) if dry_run else regions_import(rows=checked.rows, user=None)
        if plan.errors:  # the portal changed since the check
            self.refuse(plan.errors)
        self.report(plan, saved=not dry_run)

    def refuse(self, errors) -> None:
        for error in errors:
            self.stderr.write(f"Regel {error.line}, kolom {error.column}: {error.message}")
        count = len(errors)
        raise CommandError(
            f"Er is niets opgeslagen: {count} fout{'en' if count != 1 else ''} in het bestand. Verbeter "
            f"{'ze' if count != 1 else 'de fout'} en probeer het opnieuw."
        )

    def report(self, plan: ImportPlan, *, saved: bool) -> None:
        for change in plan.changes:
            who = f"{change.region}, {change.organisation}" if change.organisation else change.region
            self.stdout.write(f"Regel {change.line}: {who}: {change.what}")
        self.stdout.write(plan.summary())
        self.stdout.write(NOTHING_REMOVED)
        if saved:
            self.stdout.write(self.style.SUCCESS("Opgeslagen." if plan.changes else "Er was niets te veranderen."))
        else:
            self.stdout.write("Proefdraaien (--dry-run): er is niets opgeslagen.")
