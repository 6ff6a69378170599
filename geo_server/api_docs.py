"""/api/openapi.json and /api/docs: the OpenAPI document, and the same rendered as a plain page."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from geo_server.openapi import document

METHODS = ("get", "post", "put", "patch", "delete")


@require_GET
def openapi_json(request):
    return JsonResponse(document(), json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_GET
def api_docs(request):
    doc = document()
    return render(request, "api_docs.html", {"info": doc["info"], "operations": operations(doc),
                                             "schemas": schemas(doc)})


def describe(schema: dict) -> str:
    """A schema as a short type text: `Hazard`, `array of Link`, `string (date) | null`, `one of: a, b`."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    if "anyOf" in schema:
        return " | ".join(describe(part) for part in schema["anyOf"])
    if "allOf" in schema:
        return " + ".join(describe(part) for part in schema["allOf"])
    if schema.get("type") == "array":
        return f"array of {describe(schema.get('items', {}))}"
    if "enum" in schema:
        return "one of: " + ", ".join(str(value) for value in schema["enum"])
    text = schema.get("type", "any")
    return f"{text} ({schema['format']})" if "format" in schema else text


def fields(schema: dict) -> list[tuple[str, str, bool, str]]:
    """(name, type, required, description) of an object schema's properties, allOf parts merged."""
    if "allOf" in schema:
        return [row for part in schema["allOf"] if "properties" in part for row in fields(part)]
    required = set(schema.get("required", ()))
    return [(name, describe(prop), name in required, prop.get("description", ""))
            for name, prop in schema.get("properties", {}).items()]


def operations(doc: dict) -> list[dict]:
    found = []
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            request = None
            if "requestBody" in op:
                media, content = next(iter(op["requestBody"]["content"].items()))
                schema = content["schema"]
                request = {"media": media, "type": describe(schema), "fields": fields(schema)}
            found.append({
                "method": method.upper(), "path": path, "id": op["operationId"], "summary": op["summary"],
                "description": op.get("description", ""), "tag": op["tags"][0], "request": request,
                "parameters": [(p["name"], p["in"], p["required"], describe(p["schema"]), p.get("description", ""))
                               for p in op.get("parameters", ())],
                "responses": [(status, *_response(doc, response)) for status, response in op["responses"].items()],
            })
    return found


def _response(doc: dict, response: dict) -> tuple[str, str]:
    if "$ref" in response:
        response = doc["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    content = response.get("content", {})
    types = ", ".join(f"{media}: {describe(c['schema'])}" for media, c in content.items())
    return response["description"], types


def schemas(doc: dict) -> list[dict]:
    return [{"name": name, "description": schema.get("description", ""), "fields": fields(schema)}
            for name, schema in doc["components"]["schemas"].items()]
