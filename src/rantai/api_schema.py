"""Additions to the generated OpenAPI schema that apply to every operation: the error answers
any operation may give, so clients (and Schemathesis in CI) know every status they can get."""

METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
WRITES = {"put", "post", "patch"}
ERROR_BODY = {
    "application/json": {
        "schema": {
            "type": "object",
            "description": "``detail`` (a message), or the fields' lists of messages.",
            "additionalProperties": True,
        }
    }
}


def _error(description: str, **extra) -> dict:
    return {"description": description, "content": ERROR_BODY, **extra}


THROTTLED = _error(
    "Too many requests from this client (or, at auth/token/, a locked-out sign-in); try again "
    "after the seconds in Retry-After.",
    headers={"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
)
ERRORS = {
    "400": _error("The request's data, filters or page are not valid; each field says why."),
    "401": _error("Not signed in: send a token (Authorization: Token …) or a session."),
    "403": _error("Signed in, but the rules do not allow this (see docs/decisions.md)."),
    "404": _error("No such object among those you may see (or no such page of a list)."),
    "429": THROTTLED,
}
WRITE_ERRORS = {
    "412": _error("If-Match names an older version: someone changed the record meanwhile."),
    "415": _error("The body's content type is not one this operation reads."),
}


def document_errors(result, generator, request, public):
    """Every operation may answer 400, 401, 403, 404 and 429; writes also 412 and 415."""
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            extra = {**ERRORS, **(WRITE_ERRORS if method in WRITES | {"delete"} else {})}
            for status, answer in extra.items():
                responses.setdefault(status, answer)
    return result
