"""A partner's client written from the guide: requests with the sandbox CA and the client
certificate, no environment variables, the sign computed by hand (PROTOCOL P2-P4)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import requests

from workbench.core.sign import make_nonce, sign_request


class Partner:
    def __init__(self, info: Any) -> None:
        self.info = info if isinstance(info, dict) else info.to_json_dict()
        self.session = requests.Session()
        self.session.trust_env = False
        self.session.verify = self.info["ca_cert"]
        self.session.cert = (self.info["client_cert"], self.info["client_key"])
        self.ticket = ""

    def get(self, path: str, **params: str) -> dict[str, Any]:
        answer = self.session.get(f"{self.info['api_base']}{path}", params=params, timeout=10)
        data: dict[str, Any] = answer.json()
        return data

    def fetch_ticket(self) -> str:
        app_id = self.info["app_id"]
        token = self.get(
            "/api/oauth2/access_token",
            app_id=app_id,
            secret=self.info["secret"],
            grant_type="client_credential",
            version="2.0.0",
        )["access_token"]
        tickets = self.get(
            "/api/oauth2/api_ticket",
            app_id=app_id,
            access_token=token,
            type="sign",
            version="2.0.0",
        )["tickets"]
        self.ticket = tickets[0]["value"]
        return self.ticket

    def signed_url(self, path: str, body: str, nonce: str | None = None) -> str:
        nonce = nonce or make_nonce()
        sign = sign_request(
            app_id=self.info["app_id"], version="2.0.0", nonce=nonce, ticket=self.ticket, body=body
        ).sign
        query = urlencode(
            {"app_id": self.info["app_id"], "nonce": nonce, "version": "2.0.0", "sign": sign}
        )
        return f"{self.info['api_base']}{path}?{query}"

    def file_url(self, path: str, version: str, **extra: str) -> str:
        """A signed file-host URL (PROTOCOL P6: app_id, version, nonce, type=sign, the ticket)."""
        nonce = make_nonce()
        sign = sign_request(
            app_id=self.info["app_id"],
            version=version,
            nonce=nonce,
            ticket=self.ticket,
            type="sign",
        ).sign
        params = {"app_id": self.info["app_id"], "nonce": nonce, "version": version}
        query = urlencode({**params, "type": "sign", "sign": sign, **extra})
        return f"{self.info['file_base']}{path}?{query}"

    def call(
        self,
        path: str,
        body: str,
        nonce: str | None = None,
        content_type: str = "application/json",
    ) -> dict[str, Any]:
        if not self.ticket:
            self.fetch_ticket()
        answer = self.session.post(
            self.signed_url(path, body, nonce),
            data=body.encode("utf-8"),
            headers={"Content-Type": content_type},
            timeout=10,
        )
        data: dict[str, Any] = answer.json()
        return data

    def admin(self, method: str, path: str, **kw: Any) -> requests.Response:
        return self.session.request(
            method, f"{self.info['api_base']}/_sandbox{path}", timeout=10, **kw
        )

    def close(self) -> None:
        self.session.close()
