"""A scripted partner client for the client kit's tests: raw HTTP against the sandbox.

Deliberately not the workbench's own client: it has to be able to make every mistake a partner
makes (reuse a nonce, sign without the ticket, forget the hashValue ...).
"""

from __future__ import annotations

import json
from typing import Any

import requests

from workbench.core.sign import make_nonce, sign_request

ECHO = "/api/s/sandbox/echo"


class PartnerClient:
    def __init__(self, info: Any) -> None:
        self.info = info
        self.session = requests.Session()
        self.session.trust_env = False
        self.session.cert = (info.client_cert, info.client_key)
        self.session.verify = info.ca_cert

    def close(self) -> None:
        self.session.close()

    def token(self) -> str:
        q = {
            "app_id": self.info.app_id,
            "secret": self.info.secret,
            "grant_type": "client_credential",
            "version": "2.0.0",
        }
        answer = self.session.get(f"{self.info.api_base}/api/oauth2/access_token", params=q)
        return str(answer.json()["access_token"])

    def ticket(self, token: str, kind: str = "sign") -> str:
        q = {"app_id": self.info.app_id, "access_token": token, "type": kind, "version": "2.0.0"}
        if kind == "user":
            q["user_data"] = json.dumps({"USER_ID": "u-1"})
            q["mechant_id"] = "m-1"
        answer = self.session.get(f"{self.info.api_base}/api/oauth2/api_ticket", params=q)
        return str(answer.json()["tickets"][0]["value"])

    def call(
        self,
        ticket: str,
        *,
        nonce: str | None = None,
        body: str = '{"A": "1"}',
        sign: str = "",
        type: str | None = None,
    ) -> str:
        nonce = nonce or make_nonce()
        right = sign_request(
            app_id=self.info.app_id,
            version="2.0.0",
            nonce=nonce,
            ticket=ticket,
            body=body,
            type=type,
        ).sign
        q = {"app_id": self.info.app_id, "nonce": nonce, "version": "2.0.0", "sign": sign or right}
        if type is not None:
            q["type"] = type
        answer = self.session.post(
            f"{self.info.api_base}{ECHO}",
            params=q,
            data=body.encode(),
            headers={"Content-Type": "application/json"},
        )
        return str(answer.json()["code"])

    def _file_query(self, ticket: str) -> dict[str, str]:
        nonce = make_nonce()
        sign = sign_request(
            app_id=self.info.app_id, version="1.0.0", nonce=nonce, ticket=ticket, type="sign"
        ).sign
        return {
            "app_id": self.info.app_id,
            "nonce": nonce,
            "version": "1.0.0",
            "type": "sign",
            "sign": sign,
        }

    def upload(self, ticket: str, data: bytes) -> tuple[str, str]:
        q = {**self._file_query(ticket), "fileType": "001", "fileFormat": "jpg"}
        answer = self.session.post(
            f"{self.info.file_base}/api/s/up/upload", params=q, files={"file": ("a.jpg", data)}
        )
        item = json.loads(answer.json()["jsonData"])["FILE_LIST"][0]
        return str(item["FILE_ID"]), str(item["HASH_VALUE"])

    def download(self, ticket: str, file_id: str, hash_value: str | None) -> int:
        q = {**self._file_query(ticket), "fileId": file_id}
        if hash_value is not None:
            q["hashValue"] = hash_value
        answer = self.session.get(f"{self.info.file_base}/api/s/up/download", params=q)
        return answer.status_code
