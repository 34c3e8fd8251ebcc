import json
from typing import Any

from django.core.management.base import CommandError

from dibao.accounts.staff import actor_for
from dibao.areas.console import county_named
from dibao.areas.models import Area
from dibao.core.console import ConsoleCommand, refusals
from dibao.core.errors import DomainError
from dibao.core.months import parse_month
from dibao.core.scoping import CONSOLE

from ... import selectors
from ...services.spot_check_draws import spot_check_draw, spot_check_redraw


class Command(ConsoleCommand):
    help = (
        "The county's spot checks. Without a mode: the share of 特困 cases it decided in the months "
        "given that it visited itself (入户抽查), against the share its terms ask for. --draw: draw a "
        "reproducible random sample (seed recorded) of a program's decisions in those months; "
        "--redraw ID: draw again from the record and compare (exit 1 when the lists differ); "
        "--coverage ID: drawn, checked, outstanding and findings of a draw."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--county", help="the county's 6-digit code")
        parser.add_argument("--from", dest="month_from", metavar="YYYY-MM")
        parser.add_argument("--to", dest="month_to", metavar="YYYY-MM")
        modes = parser.add_mutually_exclusive_group()
        modes.add_argument("--draw", action="store_true", help="draw a sample of decisions")
        modes.add_argument("--redraw", type=int, metavar="ID", help="draw a recorded draw again and compare")
        modes.add_argument("--coverage", type=int, metavar="ID", help="the coverage of a draw")
        parser.add_argument("--program", help="the program drawn from (with --draw), e.g. tekun")
        parser.add_argument("--share", help="the share to draw, 0–1 (default: the program's terms)")
        parser.add_argument("--seed", help="the seed (default: chosen at random and recorded)")
        parser.add_argument("--as", dest="username", help="ask as this user (their area applies)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["redraw"] is not None or options["coverage"] is not None:
            self._recorded(options)
            return
        county = self._county(options)
        months = {}
        for key, flag in (("month_from", "--from"), ("month_to", "--to")):
            if not options[key]:
                raise CommandError(f"cases-spot-checks: {flag} YYYY-MM is required.")
            try:
                months[key] = parse_month(options[key], key)
            except DomainError:
                raise CommandError(f"{flag}: not a month: {options[key]} (YYYY-MM)") from None
        if options["draw"]:
            self._draw(options, county, months)
            return
        viewer = actor_for(options["username"]) or CONSOLE
        with refusals("cases-spot-checks"):
            report = selectors.spot_check_share(viewer, county, months["month_from"], months["month_to"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json()))
            return
        share = "—" if report.share is None else f"{report.share * 100:.1f}%"
        self.stdout.write(
            f"{county.name} {report.month_from:%Y-%m}–{report.month_to:%Y-%m}: {report.decided} 特困 cases "
            f"decided by the county, {report.checked} spot-checked ({share}); the terms ask for "
            f"{report.required * 100:.0f}%" + (" — BELOW the share" if report.below else "")
        )

    def _county(self, options: dict[str, Any]) -> Area:
        if not options["county"]:
            raise CommandError("cases-spot-checks: --county is required.")
        county = county_named(options["county"])
        return county

    def _draw(self, options: dict[str, Any], county: Area, months: dict[str, Any]) -> None:
        if not options["program"]:
            raise CommandError("cases-spot-checks: --draw needs --program.")
        actor: Any = actor_for(options["username"])
        with refusals("cases-spot-checks"):
            draw = spot_check_draw(
                county=county,
                program=options["program"].strip(),
                month_from=months["month_from"],
                month_to=months["month_to"],
                share=options["share"],
                seed=options["seed"],
                actor=actor,
            )
        drawn = list(draw.items.order_by("position").values_list("application_id", flat=True))
        document = {
            "draw": draw.pk,
            "program": str(draw.program_id),
            "from": f"{draw.month_from:%Y-%m}",
            "to": f"{draw.month_to:%Y-%m}",
            "share": f"{draw.share:.4f}",
            "seed": draw.seed,
            "decisions": draw.decisions,
            "drawn": drawn,
        }
        if options["json"]:
            self.stdout.write(json.dumps(document))
            return
        self.stdout.write(
            f"Draw {draw.pk}: {len(drawn)} of {draw.decisions} decisions ({draw.share * 100:.1f}%), "
            f"seed {draw.seed}. Applications: {', '.join(str(pk) for pk in drawn)}"
        )

    def _recorded(self, options: dict[str, Any]) -> None:
        viewer = actor_for(options["username"]) or CONSOLE
        pk = options["redraw"] if options["redraw"] is not None else options["coverage"]
        with refusals("cases-spot-checks"):
            draw = selectors.draw_get(viewer, pk)
        if options["coverage"] is not None:
            coverage = selectors.draw_coverage(draw)
            if options["json"]:
                self.stdout.write(json.dumps({"draw": draw.pk, **coverage.as_json()}))
                return
            self.stdout.write(
                f"Draw {draw.pk}: {coverage.drawn} drawn, {coverage.checked} checked, "
                f"{coverage.outstanding} outstanding; {coverage.confirmed} confirmed, "
                f"{coverage.not_confirmed} not confirmed."
            )
            return
        redrawn = spot_check_redraw(draw=draw)
        if options["json"]:
            self.stdout.write(json.dumps({"draw": draw.pk, "seed": draw.seed, **redrawn.as_json()}))
        else:
            self.stdout.write(
                f"Draw {draw.pk} (seed {draw.seed}): "
                + ("the same list." if redrawn.same else "the list DIFFERS.")
                + (" The decisions drawn from have changed since." if redrawn.decisions_changed else "")
            )
        if not redrawn.same:
            raise CommandError(f"cases-spot-checks: draw {draw.pk} drawn again gives another list.")
