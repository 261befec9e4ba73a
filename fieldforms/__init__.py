"""The ePCR form definitions and their validator: the one piece of code that fieldclient
and fieldserver share, so the editor and the server can never disagree about a report.

Neither the client nor the server is imported here, and it is pure Python but for the
NEMSIS XML checks (lxml, saxonche: the project's base dependencies).
- `validation`: the checks (shape on every save, completeness when completed).
- `epcr_v1`: the v1 form definition the server publishes (frozen: tests pin its ETag).
- `v1_codes`: what each v1 choice meant (27 of its codes were wrong).
- `nemsis`: the official v3.5.1 files, the element tables built from them, and the
  XSD and Schematron checks.
"""
