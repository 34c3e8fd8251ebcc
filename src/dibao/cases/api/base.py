"""What every applications endpoint shares: who may call, and the application as answered."""

from typing import Any

from rest_framework.request import Request

from dibao.accounts.staff import staff
from dibao.core.api.permissions import StaffWithArea, roles_may_write
from dibao.core.api.views import StaffViewSet

from .. import selectors
from ..models import Application
from ..services.common import CASE_ROLES
from .outputs import ApplicationDetailOutput


class CaseViewSet(StaffViewSet):
    """Everyone with an area reads; the community, street and county write. Which of them may take
    which step, in which area, is the services' check, on every write."""

    permission_classes = [StaffWithArea, roles_may_write(CASE_ROLES)]


class ApplicationBase(CaseViewSet):
    # For the schema's path parameter only; every read goes through the selectors.
    queryset = Application.objects.none()

    def detail_of(self, request: Request, pk: Any) -> dict[str, Any]:
        user = staff(request)
        return ApplicationDetailOutput(selectors.application_get(user, pk), context={"user": user}).data
