"""Small helpers that write OpenAPI 3.1 pieces: schemas, parameters, responses, operations."""

JSON = "application/json"
GEOJSON = "application/geo+json"


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(required: tuple[str, ...] = (), description: str = "", **properties) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def array(items: dict, **extra) -> dict:
    return {"type": "array", "items": items, **extra}


def string(description: str = "", **extra) -> dict:
    return {"type": "string", **({"description": description} if description else {}), **extra}


def integer(description: str = "", **extra) -> dict:
    return {"type": "integer", **({"description": description} if description else {}), **extra}


def query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


def path_id(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": schema or {"type": "integer"}}


def body(schema: dict, media: str = JSON, description: str = "") -> dict:
    return {"required": True, "description": description, "content": {media: {"schema": schema}}}


def ok(description: str, schema: dict, media: str = JSON) -> dict:
    return {"description": description, "content": {media: {"schema": schema}}}


ERROR_TEXT = {"400": "Bad request: a parameter or the body is invalid", "401": "Not authenticated",
              "403": "Forbidden: role or jurisdiction", "404": "Not found, or not yours to see",
              "409": "Conflict: illegal transition or stale version", "413": "Payload too large",
              "415": "Unsupported media type or content encoding",
              "422": "Unprocessable: the content was read and refused",
              "429": "Too many failed logins from this client: retry after the Retry-After seconds"}
# Any operation may meet missing or wrong credentials, and the login throttle that follows them.
EVERY_OPERATION = ("401", "429")
# Any request body may exceed the size the server (or its proxy) accepts.
WITH_A_BODY = ("413",)


def errors(*statuses: str) -> dict:
    return {status: {"$ref": f"#/components/responses/E{status}"} for status in (*EVERY_OPERATION, *statuses)}


def operation(summary: str, tag: str, operation_id: str, responses: dict, *, parameters: list | None = None,
              request: dict | None = None, description: str = "") -> dict:
    op = {"summary": summary, "operationId": operation_id, "tags": [tag], "responses": responses}
    if description:
        op["description"] = description
    if parameters:
        op["parameters"] = parameters
    if request:
        op["requestBody"] = request
        op["responses"] = {**responses, **errors(*WITH_A_BODY)}
    return op
