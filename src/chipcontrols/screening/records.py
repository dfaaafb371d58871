"""One list entry as we keep it, whatever file it came from (CSL row or OFAC SDN record)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ListEntry:
    """A restricted party: its names, addresses and the legal consequences the list attaches.

    `uid` is stable within a feed (CSL `_id`, or "sdn:<ent_num>" for OFAC legacy files) and is what
    `diff` compares. `kind` is "company", "person", "vessel", "aircraft" or "" when the list does not say
    (BIS rows in the CSL leave `type` empty; we then guess from the name, see loaders).
    """

    uid: str
    feed: str  # "csl" or "ofac_sdn": which kind of file this entry was loaded from
    source: str  # full list name, e.g. "Entity List (EL) - Bureau of Industry and Security"
    name: str
    kind: str = ""
    entity_number: str = ""
    aliases: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()  # acronyms, quoted nicknames: evidence, never a confirmation alone
    addresses: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO-2 codes parsed from addresses / nationality
    programs: str = ""
    federal_register_notice: str = ""
    start_date: str = ""
    license_requirement: str = ""
    license_policy: str = ""
    remarks: str = ""
    source_list_url: str = ""
    source_information_url: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict:
        # field by field, in declaration order (a test holds it to fields()): every hit returned builds one,
        # and compiled, named attributes are read directly where getattr() goes through the interpreter
        return {
            "uid": self.uid, "feed": self.feed, "source": self.source, "name": self.name, "kind": self.kind,
            "entity_number": self.entity_number, "aliases": list(self.aliases), "weak_aliases": list(self.weak_aliases),
            "addresses": list(self.addresses), "countries": list(self.countries), "programs": self.programs,
            "federal_register_notice": self.federal_register_notice, "start_date": self.start_date,
            "license_requirement": self.license_requirement, "license_policy": self.license_policy,
            "remarks": self.remarks, "source_list_url": self.source_list_url,
            "source_information_url": self.source_information_url, "extra": dict(self.extra),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ListEntry":
        data = dict(data)
        for key in ("aliases", "weak_aliases", "addresses", "countries"):
            data[key] = tuple(data.get(key) or ())
        return cls(**data)

    def all_names(self) -> list[tuple[str, str]]:
        """(name, role) pairs: role is "primary", "alias" or "weak"."""
        out = [(self.name, "primary")]
        out += [(a, "alias") for a in self.aliases]
        out += [(a, "weak") for a in self.weak_aliases]
        return out
