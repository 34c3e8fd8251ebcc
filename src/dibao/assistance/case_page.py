"""What the case page of a 临时救助 application shows beside its approval (registered in
`cases.programs` by `AssistanceConfig.ready`): the county's tiers in 元 for this household, the
street's limit, help already given on the application, and — before anything is decided — help
given to the same household within the repeat period."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.cases.models import Application
from dibao.core.errors import DomainError

from .models import GrantState, OneOffGrant
from .services.temporary import repeat_warning, standard_for, terms_for
from .temporary import FEN


def temporary_decision_note(application: Application, user: User) -> str:
    today = timezone.localdate()
    try:
        terms = terms_for(application.community, today)
    except DomainError as exc:
        return " ".join(str(m) for messages in exc.errors.values() for m in messages)
    standard = standard_for(application.household, today)
    parts = []
    tiers = terms.get("tiers") or {}
    if tiers and standard > 0:
        shown = "; ".join(
            _("level %(level)s: %(months)s months, %(amount)s 元")
            % {"level": level, "months": months, "amount": (standard * Decimal(str(months))).quantize(FEN)}
            for level, months in tiers.items()
        )
        parts.append(
            _("Hardship levels at the standard of %(s)s 元: %(tiers)s.") % {"s": standard, "tiers": shown}
        )
    parts.append(
        _("The street decides up to %(n)s months of the standard; above it, the county.")
        % {"n": terms.get("street_limit_months", "2")}
    )
    first = (
        OneOffGrant.objects.filter(application=application, help_first=True)
        .exclude(state=GrantState.CANCELLED)
        .first()
    )
    if first is not None:
        parts.append(
            _("Help first given: %(amount)s 元; leave level and amount empty to confirm it.")
            % {"amount": first.amount}
        )
    warning = repeat_warning(application.household, today, terms)
    if first is None and warning:
        parts.append(_("Repeat help: %(w)s") % {"w": warning})
    return " ".join(parts)
