"""The ePCR form definitions and their validator: the one piece of code that fieldclient
and fieldserver share, so the editor and the server can never disagree about a report.

Pure Python with no dependencies; neither the client nor the server is imported here.
- `validation`: the checks (shape on every save, completeness when completed).
- `epcr_v1`: the v1 form definition the server publishes (frozen: tests pin its ETag).
"""
