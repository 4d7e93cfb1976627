import os
import time

from django.core.management.base import BaseCommand, CommandError

from volunteer_portal import scale_data


class Command(BaseCommand):
    help = (
        "Fill an EMPTY, migrated database with a large municipality's data for benchmarks "
        "(large: 3,000 organisations, 30,000 volunteers, 150,000 interests, …) or a hundredth "
        "of it (small, for tests). Refuses a database that already has organisations or "
        "action plans; there is no --force: start from an empty database. The same seed "
        "gives the same rows, dated back from today. Set SCALE_DATA_PASSWORD to give the "
        "bench and municipal accounts that password; otherwise none has a usable password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(scale_data.SIZES), default="large")
        parser.add_argument("--seed", type=int, default=13)

    def handle(self, *args, size, seed, **options):
        started = time.monotonic()
        try:
            counts = scale_data.generate(
                size=size, seed=seed, password=os.environ.get("SCALE_DATA_PASSWORD") or None
            )
        except scale_data.NotEmpty as error:
            raise CommandError(str(error)) from None
        seconds = time.monotonic() - started
        for label in sorted(counts):
            self.stdout.write(f"{counts[label]:>9,}  {label}")
        self.stdout.write(
            self.style.SUCCESS(f"Scale data ({size}, seed {seed}) made in {seconds:.1f} s.")
        )
