"""Pipeline bookkeeping: ids stay distinct and stable."""

from __future__ import annotations


def test_plans_sharing_a_name_get_distinct_stable_ids() -> None:
    from decimal import Decimal

    from kztariffs.pipeline import unique_slugs
    from schema.draft import Draft

    def d(name: str, price: int | None) -> Draft:
        return Draft(
            operator="tele2", name=name, price_amount=None if price is None else Decimal(price)
        )

    drafts = [
        d("Меняй всё", 1390),
        d("Меняй всё", 1790),
        d("Карт Бланш", None),
        d("Карт Бланш", None),
    ]
    assert unique_slugs(drafts) == [
        "meniai-vse-1390",
        "meniai-vse-1790",
        "kart-blansh",
        "kart-blansh-2",
    ]
