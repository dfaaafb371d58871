"""Refuse oversized request bodies before they are read into memory (413, nothing written)."""

from __future__ import annotations

import json

DEFAULT_MAX_BODY = 1_000_000  # bytes


class BodyLimit:
    """Pure ASGI middleware: checks Content-Length up front and counts streamed chunks."""

    def __init__(self, app, max_bytes: int = DEFAULT_MAX_BODY):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            return await self._refuse(send)
        seen = 0
        too_large = False

        async def counting_receive():
            nonlocal seen, too_large
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    too_large = True
                    raise _TooLarge()
            return message

        replaced = False

        async def guarded_send(message):
            # The framework may turn the aborted read into its own 400; answer 413 instead.
            nonlocal replaced
            if too_large:
                if not replaced:
                    replaced = True
                    await self._refuse(send)
                return
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _TooLarge:
            if not replaced:
                await self._refuse(send)

    async def _refuse(self, send):
        body = json.dumps({"error": {"code": "body_too_large", "message": f"The request body exceeds {self.max_bytes} bytes.",
                                     "hint": "Send less per request (split large imports)."}}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
