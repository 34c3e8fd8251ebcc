"""What `OPTIONS` answers on an API endpoint: its name, description and media types.

DRF's default also describes the input of each write by instantiating the view's serializer; the
view sets here have no `serializer_class` (each action names its own input and output), so that
description would be a 500. The OpenAPI schema at /api/v1/schema/ describes every input instead.
"""

from typing import Any

from rest_framework.metadata import BaseMetadata
from rest_framework.request import Request


class EndpointMetadata(BaseMetadata):
    def determine_metadata(self, request: Request, view: Any) -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.get_renderers()],
            "parses": [parser.media_type for parser in view.get_parsers()],
        }
