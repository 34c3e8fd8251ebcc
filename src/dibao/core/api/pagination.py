"""Lists are pages of 50: `?page=N`, N from 1.

DRF's paginator reads a `page` left empty as the first page and a repeated one as its last value;
the schema says a page is a whole number from 1, so anything else is refused as a page that does
not exist (404), as a page past the end is.
"""

import re
from typing import Any

from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

_WHOLE_NUMBER = re.compile(r"[0-9]+")


class Pages(PageNumberPagination):
    # "last" would be a page number the schema does not document.
    last_page_strings = ()

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        values = request.query_params.getlist(self.page_query_param)
        if not values:
            return 1
        if len(values) > 1 or not _WHOLE_NUMBER.fullmatch(values[0]):
            raise NotFound(self.invalid_page_message.format(page_number=values[-1], message=""))
        return values[0]

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters
