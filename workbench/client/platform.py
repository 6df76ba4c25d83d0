"""The one platform client (PROTOCOL P2-P6), shared by the window, the command line and tests.

CONTRACT (implemented by the client work; the window codes against exactly these names):

    client = PlatformClient(env, secrets, clock=SystemClock(), book=CredentialBook())
    client.fetch_access_token(cancel=None) -> CredentialResult            # P2; stores it in book
    client.fetch_tickets(["sign"], user_data=None, mechant_id=None, cancel=None)
        -> CredentialResult                                                  # P3; fetches a token
                                                                             # first if none usable
    client.refresh_all(cancel=None) -> list[CredentialResult]               # token + sign ticket
    client.prepare_call(system, service_code, body_text, type=None, nonce=None) -> PreparedCall
    client.call(system, service_code, body_text, type=None, nonce=None, cancel=None) -> CallResult
        # signs the exact text it sends; on 60841017/60841018 refreshes the ticket, retries once
    client.upload(path, file_type, file_format, type_in_sign=True, progress=None, cancel=None)
        -> UploadResult                                                      # P6, streamed
    client.download(file_id, hash_value, dest_path, content_type="image/jpeg", type_in_sign=True,
                    progress=None, cancel=None) -> DownloadResult            # P6, streamed, atomic
    client.upload_json(biz_path, path, file_name=None, biz_content=None, ...) -> UploadResult
    client.upload_form(biz_path, paths, biz_content=None, ...) -> UploadResult
    client.close()

``cancel`` is a ``threading.Event``; ``progress(done_bytes, total_bytes_or_None)`` is called from
the worker thread. Every failure raises :class:`workbench.client.errors.ClientError`.
"""
