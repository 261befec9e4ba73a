"""Database tables. Every row hangs off an agency, directly or through its user."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fieldserver.db import Base, UTCDateTime

TOKEN_HASH = String(64)  # hex sha256; raw tokens are never stored


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    offline_login_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    offline_max_days: Mapped[int] = mapped_column(Integer, default=14)
    auto_lock_minutes: Mapped[int] = mapped_column(Integer, default=15)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AgencyDemographics(Base):
    """The agency's NEMSIS DEMDataSet, in the data shape of fieldforms.nemsis.document:
    dAgency (what every export's Header and eResponse take), the service area, the
    facilities that fill destination fields, and the rest of the National DEM elements."""

    __tablename__ = "agency_demographics"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    data: Mapped[str] = mapped_column(Text)  # JSON: the DEMDataSet root's data
    updated_by: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Role(Base):
    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("agency_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    permissions: Mapped[list[RolePermission]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="RolePermission.key"
    )

    @property
    def permission_keys(self) -> list[str]:
        return [p.key for p in self.permissions]


class RolePermission(Base):
    __tablename__ = "role_permissions"

    role_id: Mapped[int] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(50), primary_key=True)


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role_id: Mapped[int] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        # One live account per email in an agency; other agencies may use the same email
        # (no agency learns, or blocks, another's addresses). A deleted user's email may
        # be used again, by a new user with a new id.
        Index(
            "uq_users_live_agency_email", "agency_id", "email", unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    auth_provider: Mapped[str] = mapped_column(String(16), default="password")
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    mfa_secret: Mapped[str | None] = mapped_column(String(64))
    mfa_pending_secret: Mapped[str | None] = mapped_column(String(64))
    mfa_last_step: Mapped[int | None] = mapped_column(Integer)
    credential_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    roles: Mapped[list[Role]] = relationship(
        secondary="user_roles", lazy="selectin", order_by="Role.id"
    )

    @property
    def permission_keys(self) -> list[str]:
        return sorted({key for role in self.roles for key in role.permission_keys})

    @property
    def mfa_enabled(self) -> bool:
        return self.mfa_secret is not None


class Device(Base):
    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    key: Mapped[bytes] = mapped_column(LargeBinary(128))  # sealed: fieldserver.sealing
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Asked to be revoked while reports were waiting on it: it still syncs until none are.
    revoking_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the device last said it holds that the server has not (reports and drafts).
    unsynced_reports: Mapped[int | None] = mapped_column(Integer)
    unsynced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SessionFamily(Base):
    """One sign-in: its access and refresh tokens are revoked together."""

    __tablename__ = "session_families"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    device_id: Mapped[str | None] = mapped_column(ForeignKey("devices.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The device's Ed25519 public key: its refreshes must be signed (device_proof.py).
    proof_key: Mapped[bytes | None] = mapped_column(LargeBinary(32))


class AccessToken(Base):
    __tablename__ = "access_tokens"

    token_hash: Mapped[str] = mapped_column(TOKEN_HASH, primary_key=True)
    family_id: Mapped[str] = mapped_column(
        ForeignKey("session_families.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RefreshToken(Base):
    __tablename__ = "refresh_tokens"

    token_hash: Mapped[str] = mapped_column(TOKEN_HASH, primary_key=True)
    family_id: Mapped[str] = mapped_column(
        ForeignKey("session_families.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MfaChallenge(Base):
    __tablename__ = "mfa_challenges"

    token_hash: Mapped[str] = mapped_column(TOKEN_HASH, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    device_id: Mapped[str | None] = mapped_column(String(36))
    proof_key: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PasswordToken(Base):
    """A single-use set-password link: purpose 'reset' (1 h) or 'welcome' (72 h)."""

    __tablename__ = "password_tokens"

    token_hash: Mapped[str] = mapped_column(TOKEN_HASH, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FailedAttempt(Base):
    """A failed (or not yet decided) attempt in a throttling bucket: fieldserver.ratelimit.
    `bucket` is the SHA-256 of the bucket's name, so no email address is stored here."""

    __tablename__ = "failed_attempts"
    __table_args__ = (Index("ix_failed_attempts_bucket_at", "bucket", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class FormDefinition(Base):
    """A published version of a form. Versions are never changed or removed."""

    __tablename__ = "form_definitions"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    form_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    definition: Mapped[str] = mapped_column(Text)  # JSON
    etag: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Incident(Base):
    """A CAD incident. `(txid, seq)` is its place in `GET /incidents?since=` (feed.py)."""

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_agency_feed", "agency_id", "txid", "seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    txid: Mapped[int] = mapped_column(BigInteger, default=0, server_default=text("0"))
    seq: Mapped[int] = mapped_column(BigInteger)
    number: Mapped[str] = mapped_column(String(50))
    unit: Mapped[str] = mapped_column(String(50))
    address: Mapped[str] = mapped_column(String(255))
    nature: Mapped[str] = mapped_column(String(255))
    dispatched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Report(Base):
    """The current revision of a report; every revision is kept in ReportRevision."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_agency_feed", "agency_id", "txid", "seq"),
                      Index("ix_reports_review_queue", "agency_id", "review_status",
                            "submitted_at"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # made by the client
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    revision: Mapped[int] = mapped_column(Integer)
    txid: Mapped[int] = mapped_column(BigInteger, default=0, server_default=text("0"))
    seq: Mapped[int] = mapped_column(BigInteger)  # with txid, its place in the feed (feed.py)
    form_id: Mapped[str] = mapped_column(String(50))
    form_version: Mapped[int] = mapped_column(Integer)
    incident_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16))
    data: Mapped[str] = mapped_column(Text)  # JSON
    author_id: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[int] = mapped_column(Integer)
    client_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    addenda: Mapped[list[ReportAddendum]] = relationship(
        order_by="ReportAddendum.revision", lazy="selectin")
    signatures: Mapped[list[ReportSignature]] = relationship(
        order_by="ReportSignature.created_at", lazy="selectin")
    # QA review (review.py): "awaiting" from each Complete, then "approved" or "returned";
    # None while in progress (a returned report stays "returned" until completed again).
    review_status: Mapped[str | None] = mapped_column(String(16))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # its last Complete
    unit: Mapped[str] = mapped_column(String(50), default="", server_default="")
    reviews: Mapped[list[ReportReview]] = relationship(order_by="ReportReview.id",
                                                       lazy="selectin")


class ReportRevision(Base):
    __tablename__ = "report_revisions"

    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    data: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[int] = mapped_column(Integer)
    client_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # What made this revision: "edit" (an upload), "unlock" (with its reason), "addendum".
    change: Mapped[str] = mapped_column(String(16), server_default="edit")
    reason: Mapped[str | None] = mapped_column(Text)


class ReportAddendum(Base):
    """Text appended to a completed, locked report by its crew: it never edits the
    report's fields. The id is made by the device, so a repeated upload is one addendum."""

    __tablename__ = "report_addenda"
    __table_args__ = (Index("ix_report_addenda_report", "report_id", "revision"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"))
    revision: Mapped[int] = mapped_column(Integer)  # the report revision it made
    author_id: Mapped[int] = mapped_column(Integer)
    author_name: Mapped[str] = mapped_column(String(200))  # as it was when they wrote it
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)  # on the device
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReportSignature(Base):
    """A signature given on a device: immutable, kept as the report was when signed
    (`signed_data`, and the device's revision then). The id is made by the device, so a
    repeated upload is one signature. No image when it is marked not signed."""

    __tablename__ = "report_signatures"
    __table_args__ = (Index("ix_report_signatures_report", "report_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"))
    addendum_id: Mapped[str | None] = mapped_column(String(36))  # an addendum's, signed
    block: Mapped[str] = mapped_column(String(60))
    signer_type: Mapped[str] = mapped_column(String(10))  # eOther.12
    reasons: Mapped[str] = mapped_column(Text)  # JSON list of eOther.13 codes
    relationship: Mapped[str | None] = mapped_column(String(10))  # eOther.14
    status: Mapped[str] = mapped_column(String(10))  # eOther.15
    first_name: Mapped[str] = mapped_column(String(50), default="")
    last_name: Mapped[str] = mapped_column(String(60), default="")
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)  # on the device
    signed_revision: Mapped[int] = mapped_column(Integer)  # the device's local revision
    signed_data: Mapped[str] = mapped_column(Text)  # JSON: the report as it was signed
    image: Mapped[bytes | None] = mapped_column(LargeBinary)  # PNG
    collected_by: Mapped[int] = mapped_column(Integer)  # the crew member's user id
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReportReview(Base):
    """A reviewer's decision on one revision of a report: approved, or returned to its
    crew with comments on fields ([{field, text}], JSON)."""

    __tablename__ = "report_reviews"
    __table_args__ = (Index("ix_report_reviews_report", "report_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"))
    revision: Mapped[int] = mapped_column(Integer)  # the revision the reviewer read
    decision: Mapped[str] = mapped_column(String(16))  # approved / returned
    note: Mapped[str] = mapped_column(Text, default="")
    comments: Mapped[str] = mapped_column(Text, default="[]")
    reviewer_id: Mapped[int] = mapped_column(Integer)
    reviewer_name: Mapped[str] = mapped_column(String(200))  # as it was then
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HandoffLink(Base):
    """A single-use, time-limited link to a report's handoff PDF, emailed to the
    destination facility (handoff_links.py). The PDF is dropped once it is fetched."""

    __tablename__ = "handoff_links"
    __table_args__ = (Index("ix_handoff_links_expiry", "expires_at"),)

    token_hash: Mapped[str] = mapped_column(TOKEN_HASH, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"))
    sender_id: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(String(320))
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FacilityContact(Base):
    """Where a destination facility takes handoff reports by email: NEMSIS's dFacility
    has no email element, so the agency keeps it here, by the facility's code
    (dFacility.03, which a report names in eDisposition.02)."""

    __tablename__ = "facility_contacts"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(50), primary_key=True)
    email: Mapped[str] = mapped_column(String(320))


class AuditEvent(Base):
    """Who did what to a report, when: unlocks on the server; prints, saves and views on
    devices (sent by the user's own session).
    `detail` never holds PHI (a reason stays in the report's history, not here)."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_agency_report", "agency_id", "report_id"),
                      UniqueConstraint("client_id", name="uq_audit_events_client_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    report_id: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[str] = mapped_column(String(200), default="")
    # A device's entry (a print, a save, a view) has the id the device made: kept once.
    client_id: Mapped[str | None] = mapped_column(String(36))


class IdempotencyRecord(Base):
    """The first answer to an Idempotency-Key, replayed for repeats of the same request."""

    __tablename__ = "idempotency_records"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[str] = mapped_column(Text)  # JSON
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ChangeFeed(Base):
    """One row: what is added to PostgreSQL's transaction ids in feed positions, moved
    on after a restore into a cluster whose ids start lower (feed.rebase)."""

    __tablename__ = "change_feed"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    txid_offset: Mapped[int] = mapped_column(BigInteger, default=0)


class MailJob(Base):
    """One outgoing message, written in the transaction that makes it necessary (a new
    account, a reset link, a handoff): the transactional outbox of mail_outbox.py."""

    __tablename__ = "mail_jobs"
    __table_args__ = (Index("ix_mail_jobs_due", "sent_at", "failed_at", "next_attempt_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # also its Message-ID
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200))
    # Sealed (sealing.py): the text holds a set-password or handoff link. Dropped once
    # the message is delivered or given up on.
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a worker is sending
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(80))  # an exception's type name
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # given up on
