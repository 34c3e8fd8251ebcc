"""Taking one step of the workflow from its form on the case page (`services.transition`)."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.core.page_access import page

from .. import selectors, services, workflow
from ..forms import PAGE_OF_ITS_OWN, step_form
from .access import CASE_WRITERS
from .posting import post_on_case


@page(roles=CASE_WRITERS)
def step_take(request: StaffRequest, pk: int, step: str) -> HttpResponse:
    application = selectors.application_get(request.user, pk)
    if step not in workflow.STEPS or step in PAGE_OF_ITS_OWN:
        raise Http404
    form = step_form(step, application, request.POST)
    label = workflow.STEPS[step].label
    return post_on_case(
        request,
        application,
        key=f"step:{step}",
        form=form,
        save=lambda: services.transition(
            application=application,
            step=step,
            actor=request.user,
            data=form.data_for_service(),
            version=form.cleaned_data["version"],
        ),
        success=lambda: _("Done: %(step)s.") % {"step": label},
    )
