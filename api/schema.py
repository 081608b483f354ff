"""The OpenAPI schema: the error answers every operation may give, named once."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: `detail`, or the invalid fields with their messages.",
    "additionalProperties": True,
}
ERRORS = {
    "400": "The request or its parameters are not valid.",
    "401": "No valid token: missing, unknown, expired or revoked.",
    "403": "The token lacks the scope, or the account the role.",
    "404": "No such object, or not one the requester may see.",
    "405": "The method is not allowed.",
    "406": "The response cannot be given in the format asked for.",
    "413": "The request body is too large.",
    "415": "The request body is not JSON.",
    "429": "Too many requests: wait and try again.",
}


def add_error_responses(result, generator, request, public):
    """Postprocessing hook: document the errors every operation may answer with."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, description in ERRORS.items():
                if code in {"413", "415"} and method in {"get", "head", "delete"}:
                    continue
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result
