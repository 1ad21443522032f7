"""The web service: the HTTP API (/api/v1), the agency console and client review pages."""
