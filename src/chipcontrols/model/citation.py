"""A structured legal citation: every dated value in the rules pack carries one."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator


class Citation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    fr: str | None = None  # Federal Register cite, e.g. "88 FR 73458"
    fr_doc: str | None = None  # FR document number, e.g. "2023-23055"
    cfr: str | None = None  # CFR paragraph, e.g. "15 CFR 742.6(a)(6)(iii)"
    urls: tuple[str, ...]
    secondary: bool = False  # True when the text was read only through a secondary source
    note: str | None = None

    @field_validator("urls")
    @classmethod
    def at_least_one_url(cls, urls: tuple[str, ...]) -> tuple[str, ...]:
        if not urls:
            raise ValueError("a citation needs at least one source URL")
        return urls

    def short(self) -> str:
        parts = [p for p in (self.fr, self.cfr) if p]
        return "; ".join(parts) if parts else self.title
