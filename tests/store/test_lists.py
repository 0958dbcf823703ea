"""One page of a list as ready JSON (store.lists): the items written with the incidents and events, in list order,
and counts that stop at a cap and say so. Every page's equality with the full-decoding path, through the web API,
is in tests/web/test_app_ledger.py."""

from __future__ import annotations

from collections.abc import Callable

import orjson

from flashpoint.fuse.synthetic import report_stream
from flashpoint.ledger import Ledger
from flashpoint.store import lists
from flashpoint.store.summary import ListQuery


def test_pages_of_stored_items_with_capped_counts(database_urls: Callable[[str], str]) -> None:
    with Ledger(database_urls("lists")) as ledger:
        for _ in ledger.record_many(report_stream(160, places=10, days=20), batch_size=40):
            pass
        everything = ledger.incidents()
        events = [e for x in ledger.extractions() for e in x.events]

        def incidents(query: ListQuery, **paging: int | None) -> lists.ItemPage:
            found: lists.ItemPage = ledger.read_with(lambda conn: lists.incident_items(conn, query, **paging))
            return found

        page = incidents(ListQuery(), offset=4, limit=6, cap=3)  # no filter: an exact count, whatever the cap
        assert (page.total, page.exact) == (len(everything), True)
        assert [orjson.loads(i)["id"] for i in page.items] == [i.id for i in everything[4:10]]
        kind = everything[0].event_type.casefold()
        same = [i.id for i in everything if i.event_type.casefold() == kind]
        assert len(same) > 8
        query = ListQuery(event_type=kind)
        exact = incidents(query, offset=0, limit=2, cap=None)
        assert (exact.total, exact.exact) == (len(same), True)
        capped = incidents(query, offset=0, limit=2, cap=5)  # more match than the cap: a lower bound, said so
        assert (capped.total, capped.exact) == (5, False)
        assert [orjson.loads(i)["id"] for i in capped.items] == same[:2]
        deep = incidents(query, offset=6, limit=1, cap=5)  # the count reaches past the page asked for
        assert (deep.total, deep.exact) == (7, False)
        assert [orjson.loads(i)["id"] for i in deep.items] == same[6:7]
        roomy = incidents(query, offset=0, limit=2, cap=len(same))  # exactly the cap: still exact
        assert (roomy.total, roomy.exact) == (len(same), True)
        body = orjson.loads(lists.json_page(capped, 2, 0, "incidents"))
        assert (body["total"], body["total_exact"], body["limit"], body["offset"]) == (5, False, 2, 0)
        assert [i["id"] for i in body["incidents"]] == same[:2]
        said = ledger.read_with(lambda conn: lists.event_items_page(conn, ListQuery(), offset=3, limit=4))
        assert (said.total, said.exact) == (len(events), True)
        assert [orjson.loads(i)["id"] for i in said.items] == [e.id for e in events[3:7]]
        # unfiltered: a range of list positions, with an exact total, at any depth and to the end
        rest = ledger.read_with(lambda conn: lists.event_items_page(conn, ListQuery(), offset=len(events) - 2))
        assert (rest.total, rest.exact) == (len(events), True)
        assert [orjson.loads(i)["id"] for i in rest.items] == [e.id for e in events[-2:]]
        past = ledger.read_with(lambda conn: lists.event_items_page(conn, ListQuery(), offset=len(events), limit=5))
        assert (past.total, past.items) == (len(events), [])
        few = ledger.read_with(lambda conn: lists.event_items_page(conn, query, limit=3, cap=4))
        assert (few.total, few.exact) == (4, False)
        assert [orjson.loads(i)["id"] for i in few.items] == [e.id for e in events if e.event_type.casefold() == kind][
            :3
        ]
