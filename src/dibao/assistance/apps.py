from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "dibao.assistance"
    verbose_name = _("One-off assistance")

    def ready(self) -> None:
        from dibao.cases.programs import ONE_OFF_APPROVE_FORMS, ONE_OFF_DECISION_NOTES, ONE_OFF_DECISIONS
        from dibao.policy.programs import codes

        from .batches import jobs  # noqa: F401  (registers the batch's bank file job runner)
        from .batches.services import release_grant_batch
        from .case_page import temporary_decision_note
        from .forms import TemporaryApproveForm
        from .paying import RELEASERS
        from .services.temporary import temporary_decision

        RELEASERS.append(release_grant_batch)
        ONE_OFF_DECISIONS[codes.TEMPORARY] = temporary_decision
        ONE_OFF_APPROVE_FORMS[codes.TEMPORARY] = TemporaryApproveForm
        ONE_OFF_DECISION_NOTES[codes.TEMPORARY] = temporary_decision_note

        from .work import register

        register()  # the desk's help given first, paperwork owed (core.work)
