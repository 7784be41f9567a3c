"""Additions to the generated OpenAPI schema that apply to every operation."""

METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
THROTTLED = {
    "description": "Too many requests from this client (or, at auth/token/, a locked-out "
    "sign-in); try again after the seconds in Retry-After.",
    "headers": {
        "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."},
    },
}


def document_throttling(result, generator, request, public):
    """Every operation may answer 429 (settings: REST_FRAMEWORK's throttles)."""
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method in METHODS:
                operation.setdefault("responses", {}).setdefault("429", THROTTLED)
    return result
