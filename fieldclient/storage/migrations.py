"""Numbered schema steps for the local database, applied in order via PRAGMA user_version.

Never edit a released step: add the next one. A store written by any earlier version
must open and migrate forward with nothing lost.
"""

from __future__ import annotations

# Step 4 is built from these pieces; like every released step, they never change.
# The Incident List's columns are written into each report when it (or its CAD incident)
# changes, so that opening and filtering 100,000 reports reads one narrow index instead
# of parsing every report's JSON. fc_fold is Python's casefold, registered per connection.
_REFRESH_LIST_V4 = """
    UPDATE reports SET
        list_number = coalesce((SELECT number FROM incidents i WHERE i.id = reports.incident_id),
                               json_extract(data, '$."eResponse.03"'), ''),
        list_when = coalesce(json_extract(data, '$."eTimes.03"'),
                             (SELECT dispatched_at FROM incidents i
                              WHERE i.id = reports.incident_id), created_at),
        list_unit = coalesce((SELECT unit FROM incidents i WHERE i.id = reports.incident_id),
                             json_extract(data, '$."eResponse.14"'), ''),
        list_patient = trim(coalesce(json_extract(data, '$."ePatient.03"'), '') || ' ' ||
                            coalesce(json_extract(data, '$."ePatient.02"'), '')),
        list_complaint = coalesce(json_extract(data, '$."eSituation.04"'),
                                  (SELECT nature FROM incidents i
                                   WHERE i.id = reports.incident_id), '')
    WHERE {where};
    UPDATE reports SET list_search = fc_fold(
        list_number || ' ' || replace(substr(list_when, 1, 16), 'T', ' ') || ' ' ||
        list_unit || ' ' || list_patient || ' ' || list_complaint)
    WHERE {where};
"""
_LIST_COLUMNS_V4 = f"""
    ALTER TABLE reports ADD COLUMN list_number TEXT NOT NULL DEFAULT '';
    ALTER TABLE reports ADD COLUMN list_when TEXT NOT NULL DEFAULT '';
    ALTER TABLE reports ADD COLUMN list_unit TEXT NOT NULL DEFAULT '';
    ALTER TABLE reports ADD COLUMN list_patient TEXT NOT NULL DEFAULT '';
    ALTER TABLE reports ADD COLUMN list_complaint TEXT NOT NULL DEFAULT '';
    ALTER TABLE reports ADD COLUMN list_search TEXT NOT NULL DEFAULT '';
    {_REFRESH_LIST_V4.format(where="1")}
    -- Newest first, with what filters read: a filter scans this index, not the table.
    CREATE INDEX ix_reports_list ON reports (list_when DESC, id, list_search, status,
                                             sync_state);
    CREATE INDEX ix_reports_incident ON reports (incident_id);
    CREATE INDEX ix_incidents_dispatched ON incidents (dispatched_at DESC);
    CREATE TRIGGER reports_list_insert AFTER INSERT ON reports BEGIN
        {_REFRESH_LIST_V4.format(where="id = NEW.id")}
    END;
    CREATE TRIGGER reports_list_update AFTER UPDATE OF data, incident_id ON reports BEGIN
        {_REFRESH_LIST_V4.format(where="id = NEW.id")}
    END;
    CREATE TRIGGER incidents_list_insert AFTER INSERT ON incidents BEGIN
        {_REFRESH_LIST_V4.format(where="incident_id = NEW.id")}
    END;
    CREATE TRIGGER incidents_list_update AFTER UPDATE ON incidents BEGIN
        {_REFRESH_LIST_V4.format(where="incident_id = NEW.id")}
    END;
"""



def _cell(path: str) -> str:
    """A report value as list text, on either form: v1's plain value, or a NEMSIS cell
    (form v2), which may be {"value": …, "pn": …}; a NOT value alone gives NULL."""
    return (f"CASE WHEN json_type(data, '{path}') = 'object' "
            f"THEN json_extract(data, '{path}.\"value\"') "
            f"ELSE json_extract(data, '{path}') END")


# Step 7: the list's columns read form v2 too. The chief complaint is v1's eSituation.04,
# or v2's first complaint row (the chief one comes first as the crew enters it).
_REFRESH_LIST_V7 = f"""
    UPDATE reports SET
        list_number = coalesce((SELECT number FROM incidents i WHERE i.id = reports.incident_id),
                               {_cell('$."eResponse.03"')}, ''),
        list_when = coalesce({_cell('$."eTimes.03"')},
                             (SELECT dispatched_at FROM incidents i
                              WHERE i.id = reports.incident_id), created_at),
        list_unit = coalesce((SELECT unit FROM incidents i WHERE i.id = reports.incident_id),
                             {_cell('$."eResponse.14"')}, ''),
        list_patient = trim(coalesce({_cell('$."ePatient.03"')}, '') || ' ' ||
                            coalesce({_cell('$."ePatient.02"')}, '')),
        list_complaint = coalesce(
            {_cell('$."eSituation.04"')},
            {_cell('$."eSituation.PatientComplaintGroup"[0]."eSituation.04"')},
            (SELECT nature FROM incidents i WHERE i.id = reports.incident_id), '')
    WHERE {{where}};
    UPDATE reports SET list_search = fc_fold(
        list_number || ' ' || replace(substr(list_when, 1, 16), 'T', ' ') || ' ' ||
        list_unit || ' ' || list_patient || ' ' || list_complaint)
    WHERE {{where}};
"""  # noqa: S608 (built from the constant paths above; nothing comes from input)
_LIST_TRIGGERS_V7 = f"""
    DROP TRIGGER reports_list_insert;
    DROP TRIGGER reports_list_update;
    DROP TRIGGER incidents_list_insert;
    DROP TRIGGER incidents_list_update;
    {_REFRESH_LIST_V7.format(where="1")}
    CREATE TRIGGER reports_list_insert AFTER INSERT ON reports BEGIN
        {_REFRESH_LIST_V7.format(where="id = NEW.id")}
    END;
    CREATE TRIGGER reports_list_update AFTER UPDATE OF data, incident_id ON reports BEGIN
        {_REFRESH_LIST_V7.format(where="id = NEW.id")}
    END;
    CREATE TRIGGER incidents_list_insert AFTER INSERT ON incidents BEGIN
        {_REFRESH_LIST_V7.format(where="incident_id = NEW.id")}
    END;
    CREATE TRIGGER incidents_list_update AFTER UPDATE ON incidents BEGIN
        {_REFRESH_LIST_V7.format(where="incident_id = NEW.id")}
    END;
"""

MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, """
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        roles TEXT NOT NULL,            -- JSON [{id, name}]
        permissions TEXT NOT NULL,      -- JSON [key]
        auth_provider TEXT NOT NULL,
        credential_version INTEGER NOT NULL,
        agency TEXT NOT NULL,           -- JSON, as the server sent it
        cached_at TEXT NOT NULL
    );
    CREATE TABLE refresh_tokens (
        user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        token TEXT NOT NULL,
        device_id TEXT NOT NULL
    );
    CREATE TABLE form_definitions (
        form_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        etag TEXT,
        definition TEXT NOT NULL,       -- JSON
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (form_id, version)
    );
    CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        number TEXT NOT NULL,
        unit TEXT,
        address TEXT,
        nature TEXT,
        dispatched_at TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE reports (
        id TEXT PRIMARY KEY,            -- UUID made on this device
        local_revision INTEGER NOT NULL,
        server_revision INTEGER,
        form_id TEXT NOT NULL,
        form_version INTEGER NOT NULL,
        incident_id TEXT,
        status TEXT NOT NULL,
        data TEXT NOT NULL,             -- JSON
        author_id INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        sync_state TEXT NOT NULL
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id TEXT NOT NULL REFERENCES reports(id),
        local_revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (report_id, local_revision)
    );
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        event TEXT NOT NULL,
        user_id INTEGER,
        detail TEXT NOT NULL DEFAULT ''
    );
    """),
    (2, """
    -- Sync: an upload's exact request is frozen at its first attempt, so that a retry
    -- after a lost answer is the same request and the server replays its answer.
    ALTER TABLE outbox ADD COLUMN payload TEXT;
    ALTER TABLE outbox ADD COLUMN if_match INTEGER;
    ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE outbox ADD COLUMN last_error TEXT;
    ALTER TABLE reports ADD COLUMN server_copy TEXT;   -- JSON: their side of a conflict
    ALTER TABLE reports ADD COLUMN problems TEXT;      -- JSON: why the server rejected it
    CREATE INDEX ix_outbox_report ON outbox (report_id, local_revision);
    CREATE INDEX ix_reports_sync_state ON reports (sync_state);
    CREATE TABLE sync_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """),
    (3, """
    -- The editor's autosave: one draft per report being edited, dropped when the report
    -- is saved. A draft left behind means the app stopped mid-edit: offer to recover it.
    CREATE TABLE drafts (
        report_id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL,
        form_id TEXT NOT NULL,
        form_version INTEGER NOT NULL,
        incident_id TEXT,
        status TEXT NOT NULL,
        data TEXT NOT NULL,
        saved_at TEXT NOT NULL
    );
    """),
    (4, _LIST_COLUMNS_V4),
    (5, """
    -- Refresh tokens were readable by anyone who opened the store (a shared laptop: any
    -- crew member's password). Now each is sealed under a key from its user's own slot,
    -- and the clear ones are dropped: those users sign in online once to sync again.
    DROP TABLE refresh_tokens;
    CREATE TABLE sealed_refresh_tokens (
        user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
    );
    """),
    (6, """
    -- Every version a report here was written on is cached (each report opens on its
    -- own), so the newest cached is no longer the one new reports take: the server's
    -- current form is marked. Until the next sign-in, the newest stands in, as before.
    ALTER TABLE form_definitions ADD COLUMN current INTEGER NOT NULL DEFAULT 0;
    UPDATE form_definitions SET current = 1 WHERE version = (SELECT max(version)
        FROM form_definitions AS f WHERE f.form_id = form_definitions.form_id);
    """),
    (7, _LIST_TRIGGERS_V7),
    (8, """
    -- Text appended to a completed, locked report (by this device's crew, or pulled from
    -- the server). The id is made where it was written, so a repeated upload is one.
    CREATE TABLE addenda (
        id TEXT PRIMARY KEY,
        report_id TEXT NOT NULL REFERENCES reports(id),
        author_id INTEGER NOT NULL,
        author_name TEXT NOT NULL,
        text TEXT NOT NULL,
        written_at TEXT NOT NULL,
        sync_state TEXT NOT NULL,       -- not_synced, synced, rejected
        problem TEXT                    -- why the server refused it
    );
    CREATE INDEX ix_addenda_report ON addenda (report_id, written_at);
    CREATE INDEX ix_addenda_sync_state ON addenda (sync_state);
    """),
    (9, """
    -- Signatures given on a report (here, or pulled): immutable, each with the report as
    -- it was signed and its local revision then. The image is a PNG; none when the block
    -- is marked not signed. The id is made where it was given, so an upload is one.
    CREATE TABLE signatures (
        id TEXT PRIMARY KEY,
        report_id TEXT NOT NULL REFERENCES reports(id),
        addendum_id TEXT,
        block TEXT NOT NULL,
        signer_type TEXT NOT NULL,
        reasons TEXT NOT NULL,          -- JSON list of eOther.13 codes
        relationship TEXT,
        status TEXT NOT NULL,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        image BLOB,
        signed_at TEXT NOT NULL,
        signed_revision INTEGER NOT NULL,
        signed_data TEXT NOT NULL,
        collected_by INTEGER NOT NULL,
        sync_state TEXT NOT NULL,       -- not_synced, synced, rejected
        problem TEXT
    );
    CREATE INDEX ix_signatures_report ON signatures (report_id, signed_at);
    CREATE INDEX ix_signatures_sync_state ON signatures (sync_state);
    """),
    (10, """
    -- Who printed, saved or viewed which report, when: sent to the server's audit log by
    -- each user's own session. Never PHI (no file names, no patient).
    CREATE TABLE report_access_log (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        action TEXT NOT NULL,
        report_id TEXT,
        detail TEXT NOT NULL,
        sync_state TEXT NOT NULL        -- not_synced, synced
    );
    CREATE INDEX ix_report_access_waiting ON report_access_log (sync_state, user_id, at);
    """),
    (11, """
    -- QA review, as the server last said it: JSON {status, submitted_at, last: {decision,
    -- note, comments, reviewer_name, decided_at}}; its status alone for the list.
    ALTER TABLE reports ADD COLUMN review TEXT;
    ALTER TABLE reports ADD COLUMN review_status TEXT;
    """),
)

LATEST = MIGRATIONS[-1][0]
