"""The API's documentation `/api/docs`: the OpenAPI schema as a plain page of our own.

FastAPI's Swagger UI loads its script and styles from a CDN; this page asks for nothing outside
the server and reads without JavaScript. The machine-readable schema is at /api/openapi.json.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from khronika.web.deps import render

router = APIRouter()
_METHODS = ("get", "post", "put", "patch", "delete")


def schema_type(schema: dict[str, Any]) -> str:
    """Return a short type for a parameter schema: 'integer', 'list of string', 'string or null'."""
    if "anyOf" in schema:
        return " or ".join(schema_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return "list of " + schema_type(schema.get("items", {}))
    return str(schema.get("type", "any"))


def operations(openapi: dict[str, Any]) -> list[dict[str, Any]]:
    """Return every operation of the schema with its parameters, in path order."""
    found = []
    for path, item in openapi.get("paths", {}).items():
        for method in _METHODS:
            if method not in item:
                continue
            op = item[method]
            parameters = [
                {
                    "name": p["name"],
                    "where": p.get("in", ""),
                    "required": bool(p.get("required")),
                    "type": schema_type(p.get("schema", {})),
                    "default": p.get("schema", {}).get("default"),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": op.get("operationId", f"{method}-{path}"),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": parameters,
                }
            )
    return found


@router.get("/api/docs", include_in_schema=False)
def read_api_docs(request: Request) -> Response:
    """Show the API reference built from the OpenAPI schema."""
    openapi = request.app.openapi()
    return render(request, "api_docs.html", info=openapi.get("info", {}), operations=operations(openapi))
