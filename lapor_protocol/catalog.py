"""The catalogue of categories, agencies and routing rules.

Seeded offline from ``lapor_protocol/resources/catalog_sintang.json``; replaced whole when central serves a
newer version. Routing follows the No Wrong Door principle: every (category, region) gets
an agency, the most specific rule winning (exact category over ``*``, longer region prefix
over shorter).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from lapor_protocol.deadlines import parse_cuti_bersama

SEED_RESOURCE = "catalog_sintang.json"


class CatalogError(ValueError):
    pass


@dataclass(frozen=True)
class Route:
    category: str
    region_prefix: str
    agency: str


@dataclass(frozen=True)
class Catalog:
    version: str
    categories: dict[str, str] = field(default_factory=dict)  # code -> name
    agencies: dict[str, str] = field(default_factory=dict)
    routes: tuple[Route, ...] = ()
    # year -> the government's cuti bersama (SKB), carried to every installation
    cuti_bersama: dict[int, frozenset[date]] = field(default_factory=dict)

    def calendar(self):
        """The working-day calendar with this catalogue's cuti bersama."""
        from lapor_protocol.deadlines import calendar_for

        return calendar_for(self.cuti_bersama)

    def has_category(self, code: str) -> bool:
        return code in self.categories

    def has_agency(self, code: str) -> bool:
        return code in self.agencies

    def serves_region(self, code: str) -> bool:
        """Whether a village lies in the area the routes cover (the kabupaten a central
        serves); a catalogue whose routes name no region serves every region."""
        prefixes = {r.region_prefix for r in self.routes if r.region_prefix}
        return not prefixes or any(code == p or code.startswith(p + ".") for p in prefixes)

    def suggest_agency(self, category: str | None, region_code: str | None) -> str | None:
        region = region_code or ""
        best: tuple[int, int, str] | None = None
        for r in self.routes:
            if r.category not in ("*", category):
                continue
            if not region.startswith(r.region_prefix):
                continue
            score = (1 if r.category == category else 0, len(r.region_prefix), r.agency)
            if best is None or score[:2] > best[:2]:
                best = score
        return best[2] if best else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "categories": [{"code": c, "name": n} for c, n in self.categories.items()],
            "agencies": [{"code": c, "name": n} for c, n in self.agencies.items()],
            "routes": [r.__dict__ for r in self.routes],
            "cuti_bersama": {str(y): sorted(d.isoformat() for d in days)
                             for y, days in sorted(self.cuti_bersama.items())},
        }


def parse_catalog(data: Mapping[str, Any]) -> Catalog:
    """Check a catalogue document (seed or central's) and build a Catalog."""
    try:
        version = str(data["version"])
        cats = {str(c["code"]): str(c["name"]) for c in data["categories"]}
        ags = {str(a["code"]): str(a["name"]) for a in data["agencies"]}
        routes = tuple(Route(str(r["category"]), str(r.get("region_prefix") or ""),
                             str(r["agency"])) for r in data.get("routes", []))
        cuti = parse_cuti_bersama(data.get("cuti_bersama"))
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogError(f"Katalog tidak lengkap: {exc}") from exc
    if not cats or not ags:
        raise CatalogError("Katalog tidak berisi kategori atau instansi.")
    for r in routes:
        if r.agency not in ags:
            raise CatalogError(f"Aturan rute menyebut instansi yang tidak ada: {r.agency}")
    return Catalog(version, cats, ags, routes, cuti)


def seed_document() -> dict[str, Any]:
    text = (resources.files("lapor_protocol") / "resources" / SEED_RESOURCE).read_text("utf-8")
    return json.loads(text)
