"""A structured legal citation: every dated value in the rules pack carries one."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, field_validator

# Hosts whose pages are primary sources: the Federal Register and GPO's govinfo, the eCFR, and official agency
# sites (a URL counts when its host is one of these or a subdomain). Mirrors (Justia, Cornell LII, FR "trackers"),
# law-firm alerts, news, think tanks and vendor sites are secondary, whatever they say about themselves.
PRIMARY_HOSTS = ("federalregister.gov", "govinfo.gov", "ecfr.gov", "bis.gov", "bis.doc.gov", "commerce.gov",
                 "state.gov", "treasury.gov", "trade.gov", "gao.gov", "congress.gov", "regulations.gov",
                 "whitehouse.gov")


def is_primary_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in PRIMARY_HOSTS)


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

    def is_primary(self) -> bool:
        """Read at a primary source: not marked secondary, and one of its URLs is an official one."""
        return not self.secondary and any(is_primary_url(u) for u in self.urls)

    def short(self) -> str:
        parts = [p for p in (self.fr, self.cfr) if p]
        return "; ".join(parts) if parts else self.title
