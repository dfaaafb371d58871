"""The ledger's tables (SQLAlchemy 2). Amounts are integers so sums are exact on every database:
TPP in milli-TPP (`*_mtpp`), money in cents, chips in units."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Party(Base):
    __tablename__ = "parties"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(2))  # where the party is located
    hq_country: Mapped[str | None] = mapped_column(String(2))
    ultimate_parent_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    ultimate_parent_country: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OwnershipLink(Base):
    __tablename__ = "ownership_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    owned_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    percent: Mapped[float] = mapped_column()
    __table_args__ = (UniqueConstraint("owner_id", "owned_id"),)


class License(Base):
    """A BIS license: validity, scope, and balances. NULL authorized = not limited in that unit."""

    __tablename__ = "licenses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(100), unique=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    destinations: Mapped[list] = mapped_column(JSON)  # ISO country codes
    chip_ids: Mapped[list] = mapped_column(JSON)  # empty = any chip
    party_ids: Mapped[list] = mapped_column(JSON)  # consignees named; empty = any
    units_authorized: Mapped[int | None] = mapped_column(BigInteger)
    value_authorized_cents: Mapped[int | None] = mapped_column(BigInteger)
    tpp_authorized_mtpp: Mapped[int | None] = mapped_column(BigInteger)
    units_reserved: Mapped[int] = mapped_column(BigInteger, default=0)
    units_used: Mapped[int] = mapped_column(BigInteger, default=0)
    value_reserved_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    value_used_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    tpp_reserved_mtpp: Mapped[int] = mapped_column(BigInteger, default=0)
    tpp_used_mtpp: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Cap(Base):
    """An allocation cap in TPP over a period, or (scope 'ratio') a volume ratio to a reference country."""

    __tablename__ = "caps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    scope: Mapped[str] = mapped_column(String(20))  # country | consignee | ultimate_parent | internal | ratio
    key: Mapped[str] = mapped_column(String(100))  # country code, party id, or '*'
    chip_id: Mapped[str | None] = mapped_column(String(100))  # only these chips count; NULL = all
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    limit_mtpp: Mapped[int | None] = mapped_column(BigInteger)
    reserved_mtpp: Mapped[int] = mapped_column(BigInteger, default=0)
    consumed_mtpp: Mapped[int] = mapped_column(BigInteger, default=0)
    # scope 'ratio': units to `key` may not exceed ratio_percent % of units shipped to reference_country
    reference_country: Mapped[str | None] = mapped_column(String(2))
    ratio_percent: Mapped[int | None] = mapped_column(Integer)
    reference_units: Mapped[int] = mapped_column(BigInteger, default=0)
    reserved_units: Mapped[int] = mapped_column(BigInteger, default=0)
    consumed_units: Mapped[int] = mapped_column(BigInteger, default=0)
    policy: Mapped[str | None] = mapped_column(String(100))  # e.g. ai_diffusion_tier2, lpp, h200_rule_2026
    enforced: Mapped[bool] = mapped_column(Boolean, default=True)
    status_note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(100), unique=True)
    status: Mapped[str] = mapped_column(String(20))  # draft | approved | shipped | cancelled
    ship_from: Mapped[str] = mapped_column(String(2))
    destination: Mapped[str] = mapped_column(String(2))
    consignee_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    end_user_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    end_use: Mapped[str | None] = mapped_column(Text)
    order_date: Mapped[date] = mapped_column(Date)
    ship_date: Mapped[date] = mapped_column(Date)  # planned; set to the actual date on shipping
    license_id: Mapped[int | None] = mapped_column(ForeignKey("licenses.id"))
    license_exception: Mapped[str | None] = mapped_column(String(20))  # NAC, ACA, LPP, ...
    nac_notified_on: Mapped[date | None] = mapped_column(Date)
    nac_confirmation: Mapped[str | None] = mapped_column(String(50))
    determination_id: Mapped[int | None] = mapped_column(ForeignKey("determinations.id"))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lines: Mapped[list[OrderLine]] = relationship(back_populates="order", order_by="OrderLine.id", cascade="all, delete-orphan")


class OrderLine(Base):
    __tablename__ = "order_lines"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    chip_id: Mapped[str] = mapped_column(String(100))
    quantity: Mapped[int] = mapped_column(BigInteger)
    unit_value_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    tpp_per_unit_mtpp: Mapped[int] = mapped_column(BigInteger)
    order: Mapped[Order] = relationship(back_populates="lines")


class Reservation(Base):
    """What an approved order holds against one cap or license, so cancel and ship undo/settle exactly it."""

    __tablename__ = "reservations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    cap_id: Mapped[int | None] = mapped_column(ForeignKey("caps.id"))
    license_id: Mapped[int | None] = mapped_column(ForeignKey("licenses.id"))
    units: Mapped[int] = mapped_column(BigInteger, default=0)
    value_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    mtpp: Mapped[int] = mapped_column(BigInteger, default=0)
    state: Mapped[str] = mapped_column(String(20))  # reserved | consumed | released


class Determination(Base):
    """A check result as the engine returned it. Immutable: triggers refuse UPDATE and DELETE."""

    __tablename__ = "determinations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(40))
    inputs: Mapped[dict] = mapped_column(JSON)
    result: Mapped[dict] = mapped_column(JSON)  # the whole check() answer: items, trace, provenance
    rules_pack_version: Mapped[str | None] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64))


class AuditRecord(Base):
    """Append-only, hash-chained. Triggers refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(40))  # ISO 8601 UTC, stored as text so the hash is stable
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str | None] = mapped_column(String(200))
    data: Mapped[dict] = mapped_column(JSON)
    rules_pack_version: Mapped[str | None] = mapped_column(String(100))
    list_snapshot: Mapped[str | None] = mapped_column(String(200))
    retain_until: Mapped[str] = mapped_column(String(10))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class LegalHold(Base):
    __tablename__ = "legal_holds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))  # all | order | party
    subject_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    placed_by: Mapped[str] = mapped_column(String(100))
    placed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    released_by: Mapped[str | None] = mapped_column(String(100))
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of a 256-bit random key
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class IdempotencyRecord(Base):
    """The stored answer to a write request, committed in the same transaction as the write."""

    __tablename__ = "idempotency_keys"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
