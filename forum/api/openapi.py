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


SCAN_STATUSES = [
    "ok",
    "already_checked_in",
    "unknown",
    "revoked",
    "not_approved",
    "wrong_edition",
    "not_signed_up",
    "room_full",
]
DELEGATE = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "city": {"type": "string"},
        "country": {"type": "string", "description": "ISO 3166-1 alpha-2"},
        "country_name": {"type": "string"},
        "category": {"type": "string"},
    },
}
STAFF_ONLY: list[dict[str, list[str]]] = [{"bearer": []}]
PATHS["/api/v1/checkins"] = {
    "post": {
        "summary": "Scan a badge at the entrance or a session door",
        "security": STAFF_ONLY,
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["code", "nonce"],
                        "properties": {
                            "code": {
                                "type": "string",
                                "description": "The text read from the badge's QR code",
                            },
                            "checkpoint": {
                                "oneOf": [
                                    {"type": "string", "enum": ["entrance"]},
                                    {"type": "integer"},
                                ],
                                "description": "'entrance' or a forum session id",
                                "default": "entrance",
                            },
                            "nonce": {
                                "type": "string",
                                "format": "uuid",
                                "description": "Made by the scanner; replays get the first answer",
                            },
                            "scanned_at": {
                                "type": "string",
                                "format": "date-time",
                                "description": "When scanned, for offline uploads",
                            },
                        },
                    }
                }
            },
        },
        "responses": {
            "200": {
                "description": "The answer to the scan",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["status", "message", "checkpoint", "scanned_at"],
                            "properties": {
                                "status": {"type": "string", "enum": SCAN_STATUSES},
                                "message": {"type": "string"},
                                "checkpoint": {"type": "string"},
                                "scanned_at": {"type": "string", "format": "date-time"},
                                "first_checked_in_at": {"type": "string", "format": "date-time"},
                                "delegate": {"$ref": "#/components/schemas/Delegate"},
                            },
                        }
                    }
                },
            },
            "400": _error_response(
                "Malformed request: invalid_json, invalid_code, invalid_nonce,"
                " invalid_checkpoint, unknown_checkpoint, invalid_scanned_at, csrf_failed"
            ),
            "401": _error_response("No or unknown bearer token"),
            "403": _error_response("The caller is not staff"),
            "429": _error_response("Too many scans from this device"),
        },
    }
}
PATHS["/api/v1/roster"] = {
    "get": {
        "summary": "Badges by SHA-256 of their code, for answering offline at one checkpoint",
        "security": STAFF_ONLY,
        "parameters": [{"name": "checkpoint", "in": "query", "schema": {"type": "string"}}],
        "responses": {
            "200": {"description": "The roster"},
            "400": _error_response("Unknown checkpoint"),
            "401": _error_response("Not signed in"),
        },
    }
}
PATHS["/api/v1/delegates"] = {
    "get": {
        "summary": "Approved delegates by name, with their badge QR text (for a missing badge)",
        "security": STAFF_ONLY,
        "parameters": [
            {
                "name": "q",
                "in": "query",
                "required": True,
                "schema": {"type": "string", "minLength": 2},
            }
        ],
        "responses": {
            "200": {"description": "Matching delegates"},
            "400": _error_response("Query too short or long"),
            "401": _error_response("Not signed in"),
        },
    }
}


ENDORSE_STATUSES = ["ok", "already_endorsed", "not_eligible", "window_closed", "unknown", "revoked"]
DESK_BODY = {
    "type": "object",
    "required": ["code", "nonce"],
    "properties": {
        "code": {"type": "string", "description": "The text read from the signatory's badge"},
        "nonce": {
            "type": "string",
            "format": "uuid",
            "description": "A replay gets the first answer",
        },
        "title": {
            "type": "string",
            "maxLength": 200,
            "description": "Title as the signatory confirms it",
        },
    },
}
DESK_ANSWER = {
    "type": "object",
    "required": ["status", "message"],
    "properties": {
        "status": {"type": "string", "enum": ENDORSE_STATUSES},
        "message": {"type": "string"},
        "delegate": {"$ref": "#/components/schemas/Delegate"},
        "endorsed_by": {"type": "string", "description": "With already_endorsed: who signed first"},
        "endorsed_at": {"type": "string", "format": "date-time"},
    },
}
PATHS["/api/v1/endorsements/preview"] = {
    "post": {
        "summary": "Who a badge names and whether they may sign now (writes nothing)",
        "security": STAFF_ONLY,
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["code"],
                        "properties": {"code": {"type": "string"}},
                    }
                }
            },
        },
        "responses": {
            "200": {
                "description": "status is 'eligible' or one of the refusals",
                "content": {"application/json": {"schema": DESK_ANSWER}},
            },
            "400": _error_response("invalid_json, invalid_code"),
            "401": _error_response("Not signed in"),
        },
    }
}
PATHS["/api/v1/endorsements"] = {
    "post": {
        "summary": "Record an on-site endorsement for the badge holder's city",
        "security": STAFF_ONLY,
        "requestBody": {"required": True, "content": {"application/json": {"schema": DESK_BODY}}},
        "responses": {
            "200": {
                "description": "The answer",
                "content": {"application/json": {"schema": DESK_ANSWER}},
            },
            "400": _error_response("invalid_json, invalid_code, invalid_nonce, invalid_title"),
            "401": _error_response("Not signed in"),
            "404": _error_response("no_declaration"),
        },
    }
}
PATHS["/api/v1/declarations/{declaration_id}/endorsements"] = {
    "get": {
        "summary": "The endorsing cities, newest first (public; send If-None-Match for a 304)",
        "parameters": [
            {
                "name": "declaration_id",
                "in": "path",
                "required": True,
                "schema": {"type": "integer"},
            }
        ],
        "responses": {
            "200": {"description": "count, and endorsements with city, country, flag, region"},
            "304": {"description": "Unchanged since the ETag sent"},
            "404": _error_response("No such declaration"),
        },
    }
}


def openapi_document() -> dict[str, Any]:
    """The whole document; areas add their paths to PATHS."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Mayoral Forum API", "version": "1.0.0"},
        "paths": PATHS,
        "components": {
            "schemas": {"Error": ERROR, "Session": SESSION, "Delegate": DELEGATE},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
