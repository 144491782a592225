"""The desktop's stored copy of the catalogue (parsing and routing: lapor_protocol.catalog)."""

from __future__ import annotations

import json

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lapor_desktop.store.models import CatalogAgency, CatalogCategory, CatalogRoute, Meta
from lapor_protocol.catalog import Catalog, Route, parse_catalog, seed_document
from lapor_protocol.deadlines import parse_cuti_bersama

META_CUTI_BERSAMA = "catalog_cuti_bersama"


def load(session: Session) -> Catalog:
    version = session.scalar(select(Meta.value).where(Meta.key == "catalog_version")) or ""
    cats = {c.code: c.name for c in session.scalars(
        select(CatalogCategory).order_by(CatalogCategory.name))}
    ags = {a.code: a.name for a in session.scalars(
        select(CatalogAgency).order_by(CatalogAgency.name))}
    routes = tuple(Route(r.category, r.region_prefix, r.agency)
                   for r in session.scalars(select(CatalogRoute).order_by(CatalogRoute.id)))
    cuti = session.scalar(select(Meta.value).where(Meta.key == META_CUTI_BERSAMA))
    try:
        cuti_bersama = parse_cuti_bersama(json.loads(cuti)) if cuti else {}
    except ValueError:
        cuti_bersama = {}
    return Catalog(version, cats, ags, routes, cuti_bersama)


def replace(session: Session, catalog: Catalog) -> None:
    """Swap the stored catalogue for ``catalog`` inside the caller's transaction."""
    session.execute(delete(CatalogRoute))
    session.execute(delete(CatalogCategory))
    session.execute(delete(CatalogAgency))
    session.add_all(CatalogCategory(code=c, name=n) for c, n in catalog.categories.items())
    session.add_all(CatalogAgency(code=c, name=n) for c, n in catalog.agencies.items())
    session.add_all(CatalogRoute(category=r.category, region_prefix=r.region_prefix,
                                 agency=r.agency) for r in catalog.routes)
    cuti = json.dumps(catalog.to_dict()["cuti_bersama"])
    for key, value in (("catalog_version", catalog.version), (META_CUTI_BERSAMA, cuti)):
        meta = session.get(Meta, key)
        if meta is None:
            session.add(Meta(key=key, value=value))
        else:
            meta.value = value
    session.flush()


def ensure_seeded(session: Session) -> None:
    if session.scalar(select(CatalogCategory.code).limit(1)) is None:
        replace(session, parse_catalog(seed_document()))
