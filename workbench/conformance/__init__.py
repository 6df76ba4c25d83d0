"""Conformance kits: grade a partner's callback endpoint and a partner's client against the guide.

- :mod:`workbench.conformance.battery` builds the signed callbacks sent to the partner's endpoint;
  :mod:`workbench.conformance.callback` grades each answer, :mod:`~.patterns` names the likely
  slip from which cases failed, :mod:`~.endpoint` sends them (requests, no Qt).
- :mod:`workbench.conformance.client` grades a partner's client from the sandbox's request log;
  :mod:`~.refusals` names the slip behind a refused sign while the sandbox still knows the tickets.
- :mod:`workbench.conformance.report_html` and :mod:`~.junit` write reports people can attach.

Nothing here imports Qt.
"""
