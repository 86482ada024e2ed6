"""The OpenAPI document: one place that describes every JSON endpoint."""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}
SESSION = {
    "type": "object",
    "required": ["id", "uid", "title", "kind", "source", "status", "starts_at", "ends_at"],
    "properties": {
        "id": {"type": "integer"},
        "uid": {"type": "string", "description": "Stable iCalendar UID"},
        "title": {"type": "string"},
        "kind": {"type": "string"},
        "source": {"type": "string", "enum": ["forum", "gfmd"]},
        "status": {"type": "string", "enum": ["scheduled", "cancelled"]},
        "starts_at": {"type": "string", "format": "date-time"},
        "ends_at": {"type": "string", "format": "date-time"},
        "timezone": {"type": "string", "description": "IANA zone of the edition"},
        "all_day": {"type": "boolean"},
        "theme": {"type": ["string", "null"], "description": "Theme slug"},
        "place": {"type": "string"},
        "capacity": {"type": ["integer", "null"]},
        "sequence": {"type": "integer", "description": "Grows on every change calendars must see"},
        "updated_at": {"type": "string", "format": "date-time"},
    },
}


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


PATHS: dict[str, Any] = {
    "/api/v1/sessions": {
        "get": {
            "summary": "The published programme of the current edition",
            "parameters": [
                {
                    "name": "day",
                    "in": "query",
                    "schema": {"type": "string", "format": "date"},
                    "description": "Local day in the edition's time zone",
                },
                {
                    "name": "theme",
                    "in": "query",
                    "schema": {"type": "string"},
                    "description": "Theme slug",
                },
                {
                    "name": "source",
                    "in": "query",
                    "schema": {"type": "string", "enum": ["forum", "gfmd"]},
                },
            ],
            "responses": {
                "200": {
                    "description": "Sessions in time order",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["sessions"],
                                "properties": {
                                    "sessions": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Session"},
                                    }
                                },
                            }
                        }
                    },
                },
                "400": _error_response("A filter has a bad value (invalid_day, invalid_source)"),
                "404": _error_response("Unknown theme or no edition"),
            },
        }
    },
    "/api/v1/openapi.json": {
        "get": {
            "summary": "This document",
            "responses": {"200": {"description": "OpenAPI 3.1 document"}},
        }
    },
}


def openapi_document() -> dict[str, Any]:
    """The whole document; areas add their paths to PATHS."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Mayoral Forum API", "version": "1.0.0"},
        "paths": PATHS,
        "components": {
            "schemas": {"Error": ERROR, "Session": SESSION},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
